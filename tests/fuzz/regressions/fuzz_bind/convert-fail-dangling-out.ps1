#exsh
Get-Mailbox ''