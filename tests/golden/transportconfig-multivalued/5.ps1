# Domain lists (no wildcards), IP addresses and ranges, and plain strings.
Set-TransportConfig -TLSSendDomainSecureList contoso.com,fabrikam.com -InternalSMTPServers 10.0.0.1,192.168.1.0/24,10.1.1.1-10.1.1.9
Set-TransportConfig -TLSReceiveDomainSecureList *.contoso.com
Set-TransportConfig -InternalSMTPServers 10.0.0.300
Set-TransportConfig -SupervisionTags @{Add="Review"}
$c = Get-TransportConfig
$c.TLSSendDomainSecureList
@($c.TLSReceiveDomainSecureList).Count
$c.InternalSMTPServers
$c.SupervisionTags
