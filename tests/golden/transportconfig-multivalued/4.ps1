# $null clears the list; Add works on an empty list.
Set-TransportConfig -GenerateCopyOfDSNFor $null
@((Get-TransportConfig).GenerateCopyOfDSNFor).Count
Set-TransportConfig -GenerateCopyOfDSNFor @{Add="4.4.7"}
(Get-TransportConfig).GenerateCopyOfDSNFor
