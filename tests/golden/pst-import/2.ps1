# The Enron sample (71 items in 5 folders), under a target folder, then with filters.
$dir = $env:EXSH_PST_DIR; if (-not $dir) { $dir = '/work/shared/data/pst' }
$enron = $dir + '/pst-extractor-enron.pst'
New-Mailbox -Name Lokay | Out-Null
Import-Mailbox Lokay -PSTFolderPath $enron -TargetFolder 'Enron' -Confirm:$false | Format-List StatusCode,StatusMessage,ItemsImported,TargetFolder
Get-MailboxFolderStatistics Lokay | Where-Object { $_.FolderPath -like '/Enron*' } | Format-Table FolderPath,ItemsInFolder
New-Mailbox -Name Filtered | Out-Null
# One folder (its subfolders come along), by path as in the .pst.
Import-Mailbox Filtered -PSTFolderPath $enron -IncludeFolders '\lokay-m\MLOKAY (Non-Privileged)\Systems' -Confirm:$false | ForEach-Object { $_.ItemsImported }
# Keywords: OR within a list, AND across kinds; dates; attachment names.
Import-Mailbox Filtered -PSTFolderPath $enron -SubjectKeywords 'ebay','golf' -ValidateOnly -Confirm:$false | ForEach-Object { $_.ItemsImported }
Import-Mailbox Filtered -PSTFolderPath $enron -SubjectKeywords 'ebay','golf' -SenderKeywords 'lokay' -ValidateOnly -Confirm:$false | ForEach-Object { $_.ItemsImported }
Import-Mailbox Filtered -PSTFolderPath $enron -StartDate 2001-10-01 -EndDate 11/1/2001 -ValidateOnly -Confirm:$false | ForEach-Object { $_.ItemsImported }
Import-Mailbox Filtered -PSTFolderPath $enron -AttachmentFilenames '*.xls' -ValidateOnly -Confirm:$false | ForEach-Object { $_.ItemsImported }
Import-Mailbox Filtered -PSTFolderPath $enron -ExcludeFolders '\LOKAY-M' -ValidateOnly -Confirm:$false | ForEach-Object { $_.ItemsImported }
(Get-MailboxStatistics Filtered).ItemCount
