# -Original puts the built-in text back (in the message's language) and wins over -Text; a code
# with no built-in text is refused; a language exsh has no texts for falls back to English.
Set-SystemMessage en\internal\5.1.1 -Original
(Get-SystemMessage en\internal\5.1.1).Text
(Get-SystemMessage en\internal\5.1.1).Text -eq (Get-SystemMessage -Original | Where-Object { $_.Identity -eq 'en\internal\5.1.1' }).Text
Set-SystemMessage sv\WarningMailbox -Text 'Ignored' -Original
(Get-SystemMessage sv\WarningMailbox).Text -eq (Get-SystemMessage -Original | Where-Object { $_.Identity -eq 'sv\WarningMailbox' }).Text
Set-SystemMessage en\external\5.7.200 -Original
$?
(Get-SystemMessage en\external\5.7.200).Text
Set-SystemMessage fr\external\5.2.2 -Original
(Get-SystemMessage fr\external\5.2.2).Text -eq (Get-SystemMessage -Original | Where-Object { $_.Identity -eq 'en\internal\5.2.2' }).Text
@(Get-SystemMessage).Count
