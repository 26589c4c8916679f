New-Mailbox -Name 'Ayla Kol' -Alias ayla | Out-Null
New-Mailbox -Name Sam | Out-Null
New-Mailbox -Name Sam -OrganizationalUnit Sales | Out-Null
New-Mailbox -Name 'Bo Berg' -UserPrincipalName bo@corp.contoso.com | Out-Null
