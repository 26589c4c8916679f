# The ends of the allowed ranges.
Set-TransportConfig -MaxDumpsterTime 24855.03:14:07 -ShadowHeartbeatTimeoutInterval 1.00:00:00 -ShadowMessageAutoDiscardInterval 00:00:05
$c = Get-TransportConfig
$c.MaxDumpsterTime
$c.ShadowHeartbeatTimeoutInterval
$c.ShadowMessageAutoDiscardInterval
