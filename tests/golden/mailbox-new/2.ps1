# Every mailbox is listed by Get-Mailbox; an explicit OU and a UPN; a taken alias gets a
# numbered SMTP address and account name, as the e-mail address policy does.
New-Mailbox -Name Ayla -Alias ayla -OrganizationalUnit Sales -UserPrincipalName ayla.sales@contoso.com | Format-List Identity, PrimarySmtpAddress, SamAccountName, UserPrincipalName, DistinguishedName
New-Mailbox -Name 'East Desk' -OrganizationalUnit 'OU=East,OU=Sales,DC=contoso,DC=com' -PrimarySmtpAddress east@contoso.com | Format-List Identity, DistinguishedName, PrimarySmtpAddress, EmailAddressPolicyEnabled
Get-Mailbox
Get-Mailbox -OrganizationalUnit Sales | ForEach-Object { $_.Identity }
Get-Mailbox -ResultSize 2 | ForEach-Object { $_.Name }
