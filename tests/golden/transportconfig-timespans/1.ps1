# Time spans as d.hh:mm:ss or hh:mm:ss, bare or quoted; they show the same way.
Set-TransportConfig -MaxDumpsterTime 10.00:00:00 -ShadowHeartbeatTimeoutInterval "00:05:00"
Set-TransportConfig -ShadowMessageAutoDiscardInterval 12:30:00
$c = Get-TransportConfig
$c.MaxDumpsterTime
$c.ShadowHeartbeatTimeoutInterval
$c.ShadowMessageAutoDiscardInterval
