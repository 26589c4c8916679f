# With nothing set, every setting shows its Exchange 2010 default.
$c = Get-TransportConfig
$c.Name
$c.Identity
$c.ClearCategories
$c.ConvertDisclaimerWrapperToEml
$c.DSNConversionMode
$c.ExternalDsnMaxMessageAttachSize
$c.InternalDsnMaxMessageAttachSize
$c.MaxDumpsterSizePerDatabase
$c.MaxDumpsterTime
$c.MaxReceiveSize
$c.MaxRecipientEnvelopeLimit
$c.MaxSendSize
$c.ShadowHeartbeatRetryCount
$c.ShadowHeartbeatTimeoutInterval
$c.ShadowMessageAutoDiscardInterval
$c.ShadowRedundancyEnabled
$c.HeaderPromotionModeSetting
$c.Xexch50Enabled
