# Import a Unicode .pst into a new mailbox: the result object, then the folders it filled.
# The samples are in $env:EXSH_PST_DIR (tests/CMakeLists.txt), else ../shared/data/pst.
$dir = $env:EXSH_PST_DIR; if (-not $dir) { $dir = '/work/shared/data/pst' }
New-Mailbox -Name Ayla | Out-Null
Import-Mailbox -Identity Ayla -PSTFolderPath ($dir + '/pstsdk-sample1.pst') -Confirm:$false
Get-MailboxFolderStatistics Ayla | Where-Object { $_.ItemsInFolder -gt 0 } | Format-Table Name,FolderPath,ItemsInFolder
# Importing it again merges: the item is already there, so nothing is added.
Import-Mailbox Ayla -PSTFolderPath ($dir + '/pstsdk-sample1.pst') -Confirm:$false | Format-List MoveType,MoveStage,StatusCode,ItemsImported,DuplicateItems,BadItems
# -AllowDuplicates copies it anyway.
Import-Mailbox Ayla -PSTFolderPath ($dir + '/pstsdk-sample1.pst') -AllowDuplicates -Confirm:$false | Format-List ItemsImported,DuplicateItems
(Get-MailboxFolderStatistics Ayla | Where-Object { $_.Name -eq 'Sample1' }).ItemsInFolder
