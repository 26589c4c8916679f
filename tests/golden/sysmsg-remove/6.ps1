# -Confirm:$false removes without asking; removing it again is a not-found error.
Get-SystemMessage | Remove-SystemMessage -Confirm:$false
$?
@(Get-SystemMessage).Count
Remove-SystemMessage sv\WarningMailbox -Confirm:$false
$?
