# Refusals, a change of nothing (a warning, not an error) and -WhatIf.
Set-Mailbox ayla.kol -PrimarySmtpAddress boberg@contoso.com
"$($Error[0])"
Set-Mailbox ayla.kol -EmailAddresses 'SMTP:a@contoso.com', 'SMTP:b@contoso.com'
"$($Error[0])"
Set-Mailbox ayla.kol -EmailAddresses @{Add='KOL@contoso.com'}
"$($Error[0])"
Set-Mailbox ayla.kol -Name 'Bo Berg'
"$($Error[0])"
Set-Mailbox ayla.kol -DisplayName 'Ayla K.'
$?
Set-Mailbox ayla.kol -DisplayName 'Someone Else' -WhatIf
Get-Mailbox | Set-Mailbox -ProhibitSendQuota 5GB -WhatIf
Get-Mailbox ayla.kol | Format-List DisplayName, ProhibitSendQuota
Set-Mailbox ayla.kol -IssueWarningQuota lots
$?
