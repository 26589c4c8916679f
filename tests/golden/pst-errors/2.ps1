# Binding errors: a date that isn't one; a bad item limit below zero.
$dir = $env:EXSH_PST_DIR; if (-not $dir) { $dir = '/work/shared/data/pst' }
Import-Mailbox Ayla -PSTFolderPath ($dir + '/pstsdk-sample1.pst') -StartDate 'yesterday' -Confirm:$false
Import-Mailbox Ayla -PSTFolderPath ($dir + '/pstsdk-sample1.pst') -BadItemLimit -1 -Confirm:$false
