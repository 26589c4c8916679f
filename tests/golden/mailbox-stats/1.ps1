New-Mailbox -Name 'Ayla Kol' -Alias ayla | Out-Null
New-Mailbox -Name 'Bo Berg' | Out-Null
# An empty mailbox: Exchange's default table, then its sizes in Exchange's format.
Get-MailboxStatistics ayla
Get-MailboxStatistics ayla | Format-List DisplayName, ItemCount, TotalItemSize, TotalDeletedItemSize, StorageLimitStatus, Database, ServerName, ObjectClass, IsArchiveMailbox
Get-Mailbox | Get-MailboxStatistics
Get-MailboxStatistics -Database 'Mailbox Database 01' | ForEach-Object { $_.DisplayName }
Set-Mailbox ayla -UseDatabaseQuotaDefaults $false
(Get-MailboxStatistics ayla).StorageLimitStatus
