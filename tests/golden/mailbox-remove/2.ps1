# -WhatIf removes nothing; -Confirm:$false removes without asking, content included.
Remove-Mailbox One -WhatIf
@(Get-Mailbox).Count
Remove-Mailbox One -Confirm:$false
$?
@(Get-Mailbox).Count
Get-MailboxStatistics One
"$($Error[0])"
Remove-Mailbox One -Confirm:$false
"$($Error[0])"
