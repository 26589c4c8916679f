# Set-TransportConfig doesn't prompt on its own (its impact is below $ConfirmPreference).
Set-TransportConfig -MaxSendSize 30MB
(Get-TransportConfig).MaxSendSize
