# A comma list replaces the whole list; a bad code refuses the whole command.
Set-TransportConfig -GenerateCopyOfDSNFor 5.1.1,5.1.2
(Get-TransportConfig).GenerateCopyOfDSNFor
Set-TransportConfig -GenerateCopyOfDSNFor 5.1.1,6.1.1
Set-TransportConfig -GenerateCopyOfDSNFor @{Add="5.1"}
(Get-TransportConfig).GenerateCopyOfDSNFor
