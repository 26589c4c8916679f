# One bad argument refuses the whole command: the good ones beside it are not saved either.
Set-TransportConfig -MaxSendSize 20MB -ClearCategories "false"
Set-TransportConfig -MaxSendSize 20MB -ExternalPostmasterAddress postmaster
Set-TransportConfig -MaxSendSize 20MB -ShadowHeartbeatRetryCount 0
Set-TransportConfig -MaxSendSize 20MB -DSNConversionMode KeepEverything
Set-TransportConfig -MaxSendSize 20MB -ExternalDsnDefaultLanguage english
Set-TransportConfig -MaxSendSize 20MB -TLSSendDomainSecureList *.fabrikam.com
Set-TransportConfig -MaxSendSize 20MB -DomainController "not a dc"
$c = Get-TransportConfig
$c.MaxSendSize
$c.ClearCategories
$null -eq $c.ExternalPostmasterAddress
$c.ShadowHeartbeatRetryCount
$c.DSNConversionMode
$null -eq $c.ExternalDsnDefaultLanguage
@($c.TLSSendDomainSecureList).Count
