# Out of range or malformed sizes are refused and nothing changes.
Set-TransportConfig -MaxSendSize 3GB
Set-TransportConfig -MaxSendSize 10XB
Set-TransportConfig -MaxReceiveSize "lots"
Set-TransportConfig -ExternalDsnMaxMessageAttachSize 2GB
Set-TransportConfig -MaxRecipientEnvelopeLimit -1
$c = Get-TransportConfig
$c.MaxSendSize
$c.MaxReceiveSize
$c.ExternalDsnMaxMessageAttachSize
$c.MaxRecipientEnvelopeLimit
