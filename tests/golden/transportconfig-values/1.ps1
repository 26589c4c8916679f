# Booleans, enums, languages, addresses, domains and numbers; Set prints nothing.
Set-TransportConfig -ClearCategories $false -ExternalDsnSendHtml 0 -HeaderPromotionModeSetting maycreate
Set-TransportConfig -ExternalDsnDefaultLanguage EN-us -InternalDsnDefaultLanguage SV
Set-TransportConfig -ExternalPostmasterAddress postmaster@contoso.com -ExternalDsnReportingAuthority mail.contoso.com
Set-TransportConfig -MaxRecipientEnvelopeLimit 250 -ShadowHeartbeatRetryCount 15 -DomainController dc01.contoso.com
