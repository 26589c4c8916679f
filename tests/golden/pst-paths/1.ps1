# Export-Mailbox writes a new file, owner-only; an alias with '/' stays one file name.
$dir = $env:EXSH_PST_DIR; if (-not $dir) { $dir = '/work/shared/data/pst' }
New-Mailbox -Name Ayla | Out-Null
New-Mailbox -Name Bob -Alias 'team/bob' | Out-Null
New-Mailbox -Name Carol | Out-Null
Import-Mailbox Ayla -PSTFolderPath ($dir + '/pstsdk-sample1.pst') -Confirm:$false | Out-Null
Import-Mailbox Carol -PSTFolderPath ($dir + '/pstsdk-test_unicode.pst') -Confirm:$false | Out-Null
(Get-MailboxStatistics Ayla).ItemCount
(Get-MailboxStatistics Carol).ItemCount
Export-Mailbox Ayla -PSTFolderPath 'Ayla.pst' -Confirm:$false | ForEach-Object { $_.StatusCode }
