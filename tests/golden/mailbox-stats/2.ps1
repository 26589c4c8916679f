# Folders of a new mailbox: the root and the eleven default folders, FolderPath with slashes.
Get-MailboxFolderStatistics ayla | Format-Table Name, FolderPath, FolderType, ItemsInFolder, FolderSize, ItemsInFolderAndSubfolders
Get-MailboxFolderStatistics ayla -FolderScope Inbox | Format-List Name, FolderPath, FolderType, ItemsInFolder, DeletedItemsInFolder, FolderSize, ItemsInFolderAndSubfolders, FolderAndSubfolderSize, Identity, IsValid
Get-Mailbox 'Bo Berg' | Get-MailboxFolderStatistics | Measure-Object | ForEach-Object { $_.Count }
Get-MailboxFolderStatistics ayla -FolderScope Nowhere
$?
