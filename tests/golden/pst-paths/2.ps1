# An existing file is refused and left as it was: importing it gives Ayla's items, not Bob's none.
Export-Mailbox Bob -PSTFolderPath 'Ayla.pst' -Confirm:$false
Export-Mailbox Bob -PSTFolderPath 'Ayla.pst' -ValidateOnly -Confirm:$false
New-Mailbox -Name Check1 | Out-Null
Import-Mailbox Check1 -PSTFolderPath 'Ayla.pst' -Confirm:$false | ForEach-Object { $_.StatusCode }
(Get-MailboxStatistics Check1).ItemCount
