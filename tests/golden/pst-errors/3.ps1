# Export refuses an existing file; without -Confirm:$false a script can't answer the prompt.
$dir = $env:EXSH_PST_DIR; if (-not $dir) { $dir = '/work/shared/data/pst' }
Import-Mailbox Ayla -PSTFolderPath ($dir + '/pstsdk-sample1.pst') -Confirm:$false | Out-Null
Export-Mailbox Ayla -PSTFolderPath 'ayla.pst' -Confirm:$false | ForEach-Object { $_.StatusCode }
Export-Mailbox Ayla -PSTFolderPath 'ayla.pst' -Confirm:$false
Export-Mailbox Ayla -PSTFolderPath 'other.pst'
Export-Mailbox Ayla -Confirm:$false
