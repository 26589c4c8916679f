# Byte quantities: a PowerShell 25MB literal, the word Unlimited, and quoted text with a unit.
Set-TransportConfig -MaxSendSize 25MB -MaxReceiveSize Unlimited -ExternalDsnMaxMessageAttachSize "512 KB"
$c = Get-TransportConfig
$c.MaxSendSize
$c.MaxReceiveSize
$c.ExternalDsnMaxMessageAttachSize
$c.InternalDsnMaxMessageAttachSize
