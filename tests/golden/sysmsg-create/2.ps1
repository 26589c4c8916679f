# What was stored, in creation order, property by property.
Get-SystemMessage | ForEach-Object { "$($_.Identity)|$($_.DsnCode)|$($_.QuotaMessageType)|$($_.Internal)|$($_.Language)|$($_.Name)|$($_.IsValid)" }
(Get-SystemMessage sv\external\4.4.7).DistinguishedName
(Get-SystemMessage en\WarningMailbox).DistinguishedName
(Get-SystemMessage sr-SP-Latn\external\5.7.900).DistinguishedName
(Get-SystemMessage en\WarningMailbox).Text
(Get-SystemMessage sr-SP-Latn\external\5.7.900).Text
(Get-SystemMessage en\internal\5.1.2).ObjectClass -join ','
(Get-SystemMessage en\internal\5.1.2).OriginatingServer
(Get-SystemMessage en\internal\5.1.2 -DomainController dc02.contoso.com).OriginatingServer
(Get-SystemMessage en\internal\5.1.2).Guid -match '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
(Get-SystemMessage en\internal\5.1.2).Guid -ne (Get-SystemMessage en\WarningMailbox).Guid
