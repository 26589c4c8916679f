# Removing an absent code changes nothing; adding a present one is an error and changes nothing.
Set-TransportConfig -GenerateCopyOfDSNFor @{Remove="5.9.9"}
Set-TransportConfig -GenerateCopyOfDSNFor @{Add="5.7.1"}
Set-TransportConfig -GenerateCopyOfDSNFor @{Add="4.4.7"; Remove="5.4.8"; Replace="5.1.1"}
(Get-TransportConfig).GenerateCopyOfDSNFor
