# The files of step 3 are there and read back; nothing was written under a folder "team".
New-Mailbox -Name Check2 | Out-Null
Import-Mailbox Check2 -PSTFolderPath './team_bob.pst' -Confirm:$false | ForEach-Object { $_.StatusCode }
Import-Mailbox Check2 -PSTFolderPath './Carol.pst' -Confirm:$false | ForEach-Object { $_.StatusCode }
Import-Mailbox Check2 -PSTFolderPath './team/bob.pst' -Confirm:$false
(Get-MailboxStatistics Check2).ItemCount
