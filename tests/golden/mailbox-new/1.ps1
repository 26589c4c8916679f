# New-Mailbox derives the alias, SMTP address, UPN and account name from the name; the output is
# the Mailbox object, shown as Exchange's table (Name, Alias, ServerName, ProhibitSendQuota).
New-Mailbox -Name 'Ayla Kol' -Alias ayla -Password 'P@ssw0rd'
New-Mailbox 'Bo Berg' -FirstName Bo -LastName Berg -DisplayName 'Berg, Bo'
New-Mailbox -Name 'Front Desk' -Shared | Format-List Name, Alias, RecipientTypeDetails, IsShared
Get-Mailbox 'Bo Berg' | Format-List Name, Alias, DisplayName, PrimarySmtpAddress, EmailAddresses, UserPrincipalName, SamAccountName, Identity, DistinguishedName, LegacyExchangeDN, Database, ServerName, OrganizationalUnit, RecipientType, RecipientTypeDetails, UseDatabaseQuotaDefaults, IssueWarningQuota, ProhibitSendQuota, ProhibitSendReceiveQuota, HiddenFromAddressListsEnabled, EmailAddressPolicyEnabled
