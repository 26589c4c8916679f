# Errors: a name taken in the same OU, an address in use, an unknown database, a bad alias,
# and -WhatIf, which creates nothing.
New-Mailbox -Name 'ayla kol'
$?
"$($Error[0])"
New-Mailbox -Name Other -PrimarySmtpAddress AYLA@contoso.com
"$($Error[0])"
New-Mailbox -Name Other -Database 'Mailbox Database 02'
"$($Error[0])"
New-Mailbox -Name Other -Alias 'has space'
$?
New-Mailbox -Name Other -UserPrincipalName ayla@contoso.com
"$($Error[0])"
New-Mailbox -Name Other -WhatIf
@(Get-Mailbox).Count
