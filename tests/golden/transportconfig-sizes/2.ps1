# Fractions, bare byte counts (kept in whole KB where Exchange stores KB), and the largest size.
Set-TransportConfig -MaxReceiveSize '1.5GB' -MaxDumpsterSizePerDatabase 1000 -InternalDsnMaxMessageAttachSize 0
Set-TransportConfig -MaxSendSize 2097151KB
$c = Get-TransportConfig
$c.MaxReceiveSize
$c.MaxDumpsterSizePerDatabase
$c.InternalDsnMaxMessageAttachSize
$c.MaxSendSize
