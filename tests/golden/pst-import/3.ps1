# ANSI files (a post, a mail with an attachment); export to a new .pst and import that into another mailbox.
$dir = $env:EXSH_PST_DIR; if (-not $dir) { $dir = '/work/shared/data/pst' }
New-Mailbox -Name Ansi | Out-Null
Import-Mailbox Ansi -PSTFolderPath ($dir + '/pstsdk-test_ansi.pst') -Confirm:$false | ForEach-Object { $_.ItemsImported }
Import-Mailbox Ansi -PSTFolderPath ($dir + '/pstsdk-sample2.pst') -Confirm:$false | ForEach-Object { $_.ItemsImported }
# -Locale: the sample's items are en-US (1033), so ja picks none of them.
Import-Mailbox Ansi -PSTFolderPath ($dir + '/pstsdk-sample2.pst') -Locale ja -AllowDuplicates -ValidateOnly -Confirm:$false | ForEach-Object { $_.ItemsImported }
Get-MailboxFolderStatistics Ansi | Where-Object { $_.ItemsInFolder -gt 0 } | Format-Table FolderPath,ItemsInFolder
Export-Mailbox Ansi -PSTFolderPath 'ansi.pst' -Confirm:$false | Format-List MoveType,StatusCode,StatusMessage,ItemsExported,TargetPSTFile
New-Mailbox -Name Copy | Out-Null
Import-Mailbox Copy -PSTFolderPath 'ansi.pst' -Confirm:$false | ForEach-Object { $_.ItemsImported }
(Get-MailboxStatistics Copy).ItemCount
# -WhatIf says what it would do and does nothing.
Import-Mailbox Copy -PSTFolderPath 'ansi.pst' -WhatIf
