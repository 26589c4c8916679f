# Out of range or malformed time spans are refused and nothing changes.
Set-TransportConfig -ShadowHeartbeatTimeoutInterval 2.00:00:00
Set-TransportConfig -ShadowMessageAutoDiscardInterval 91.00:00:00
Set-TransportConfig -MaxDumpsterTime "7 days"
Set-TransportConfig -MaxDumpsterTime 00:61:00
$c = Get-TransportConfig
$c.MaxDumpsterTime
$c.ShadowHeartbeatTimeoutInterval
$c.ShadowMessageAutoDiscardInterval
