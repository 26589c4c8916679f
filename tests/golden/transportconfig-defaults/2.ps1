# Multi-valued defaults, and the settings that start empty.
(Get-TransportConfig).GenerateCopyOfDSNFor
(Get-TransportConfig).SupervisionTags
@((Get-TransportConfig).InternalSMTPServers).Count
@((Get-TransportConfig).TLSSendDomainSecureList).Count
$null -eq (Get-TransportConfig).ExternalPostmasterAddress
$null -eq (Get-TransportConfig).InternalDsnDefaultLanguage
