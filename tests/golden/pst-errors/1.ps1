# Files that can't be imported are named in the error; nothing is imported.
$dir = $env:EXSH_PST_DIR; if (-not $dir) { $dir = '/work/shared/data/pst' }
New-Mailbox -Name Ayla | Out-Null
Import-Mailbox Ayla -PSTFolderPath 'missing.pst' -Confirm:$false
Import-Mailbox Ayla -PSTFolderPath ($dir + '/SOURCES.md') -Confirm:$false
Import-Mailbox Nobody -PSTFolderPath ($dir + '/pstsdk-sample1.pst') -Confirm:$false
Import-Mailbox Ayla -PSTFolderPath ($dir + '/pstsdk-sample1.pst') -StartDate 2010-01-01 -EndDate 2009-01-01 -Confirm:$false
(Get-MailboxStatistics Ayla).ItemCount
