# What step 1 saved, read back by a new process; untouched settings keep their defaults.
$c = Get-TransportConfig
$c.ClearCategories
$c.ExternalDsnSendHtml
$c.InternalDsnSendHtml
$c.HeaderPromotionModeSetting
$c.ExternalDsnDefaultLanguage
$c.InternalDsnDefaultLanguage
$c.ExternalPostmasterAddress
$c.ExternalDsnReportingAuthority
$c.MaxRecipientEnvelopeLimit
$c.ShadowHeartbeatRetryCount
$c.DSNConversionMode
