#exsh
Get-MailboxFolderStatistics -Identity: 5.1.1