# Addresses: a new alias re-stamps the primary address while the policy is on; -PrimarySmtpAddress
# turns the policy off; -EmailAddresses replaces or edits the list.
Set-Mailbox ayla -Alias ayla.kol
Get-Mailbox ayla.kol | Format-List Alias, PrimarySmtpAddress, EmailAddresses, EmailAddressPolicyEnabled
Set-Mailbox ayla.kol -PrimarySmtpAddress ak@contoso.com
Get-Mailbox ayla@contoso.com | Format-List PrimarySmtpAddress, WindowsEmailAddress, EmailAddresses, EmailAddressPolicyEnabled
Set-Mailbox ayla.kol -EmailAddresses @{Add='kol@contoso.com'; Remove='smtp:ayla@contoso.com'}
(Get-Mailbox ayla.kol).EmailAddresses
Set-Mailbox ayla.kol -EmailAddresses 'SMTP:ayla.kol@contoso.com', 'kol@contoso.com', 'X500:/o=Old/cn=ayla'
Get-Mailbox ayla.kol | Format-List PrimarySmtpAddress, EmailAddresses
Get-Mailbox kol@contoso.com | ForEach-Object { $_.Name }
