New-Mailbox -Name 'Ayla Kol' -Alias ayla | Out-Null
New-Mailbox -Name 'Bo Berg' | Out-Null
# Quotas: sizes in Exchange's format, Unlimited, the database defaults until turned off.
Set-Mailbox ayla -IssueWarningQuota 900MB -ProhibitSendQuota 1GB -ProhibitSendReceiveQuota unlimited -UseDatabaseQuotaDefaults $false
Get-Mailbox ayla | Format-List IssueWarningQuota, ProhibitSendQuota, ProhibitSendReceiveQuota, UseDatabaseQuotaDefaults
Get-Mailbox
Set-Mailbox ayla -DisplayName 'Ayla K.' -HiddenFromAddressListsEnabled $true
Get-Mailbox ayla | Format-List Name, DisplayName, HiddenFromAddressListsEnabled
