# Unknown and ambiguous identities: non-terminating errors, so the pipeline goes on.
Get-Mailbox nobody
$?
"$($Error[0])"
$Error[0].CategoryInfo.Reason
Get-Mailbox Sam
"$($Error[0])"
$Error[0].CategoryInfo.Reason
Get-Mailbox zz*
$?
'nobody', 'ayla' | Get-Mailbox | ForEach-Object { $_.Alias }
Get-MailboxStatistics Sam
"$($Error[0])"
Set-Mailbox -Identity nobody@contoso.com -DisplayName X
"$($Error[0])"
Get-Mailbox nobody -DomainController dc02.contoso.com -ErrorAction SilentlyContinue
"$($Error[0])"
