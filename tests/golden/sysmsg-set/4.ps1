# Setting a message that isn't there is an error and creates nothing.
Set-SystemMessage en\internal\5.4.4 -Text 'Nowhere'
$?
Set-SystemMessage en\WarningMailbox -Original
$?
@(Get-SystemMessage).Count
