# -WhatIf removes nothing; a message that isn't there is a not-found error, also with -Confirm:$false.
Remove-SystemMessage en\internal\5.1.1 -WhatIf
$?
Get-SystemMessage | Remove-SystemMessage -WhatIf
Remove-SystemMessage en\internal\5.9.9 -Confirm:$false
$?
Remove-SystemMessage -Identity sv\ProhibitSendMailbox -Confirm:$false
$?
@(Get-SystemMessage).Count
