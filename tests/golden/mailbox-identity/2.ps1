# One mailbox by each kind of identity, whatever the case.
Get-Mailbox 'ayla kol' | ForEach-Object { $_.Identity }
Get-Mailbox AYLA | ForEach-Object { $_.Identity }
Get-Mailbox Ayla@Contoso.com | ForEach-Object { $_.Identity }
Get-Mailbox smtp:ayla@contoso.com | ForEach-Object { $_.Identity }
$g = (Get-Mailbox ayla).Guid
Get-Mailbox $g.ToUpper() | ForEach-Object { $_.Identity }
Get-Mailbox "{$g}" | ForEach-Object { $_.Identity }
Get-Mailbox ($g -replace '-', '') | ForEach-Object { $_.Identity }
Get-Mailbox 'CN=Sam,OU=Sales,DC=contoso,DC=com' | ForEach-Object { $_.Identity }
Get-Mailbox 'contoso.com/users/SAM' | ForEach-Object { $_.Identity }
Get-Mailbox 'contoso\sam2' | ForEach-Object { $_.Identity }
Get-Mailbox bo@corp.contoso.com | ForEach-Object { $_.Identity }
Get-Mailbox '/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=BoBerg' | ForEach-Object { $_.Identity }
Get-Mailbox *berg | ForEach-Object { $_.Identity }
Get-Mailbox -Identity ayla | Get-Mailbox | ForEach-Object { $_.Alias }
'ayla', 'BoBerg' | Get-Mailbox | ForEach-Object { $_.Alias }
