# $null clears an address or a language; numbers given as text are accepted.
Set-TransportConfig -ExternalPostmasterAddress $null -ExternalDsnDefaultLanguage $null
Set-TransportConfig -MaxRecipientEnvelopeLimit "1000" -JournalingReportNdrTo "journal-ndr@contoso.com"
$c = Get-TransportConfig
$null -eq $c.ExternalPostmasterAddress
"[$($c.ExternalDsnDefaultLanguage)]"
$c.InternalDsnDefaultLanguage
$c.MaxRecipientEnvelopeLimit
$c.JournalingReportNdrTo
