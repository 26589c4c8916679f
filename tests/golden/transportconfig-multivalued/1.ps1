# @{Add=...; Remove=...} edits the list in place.
Set-TransportConfig -GenerateCopyOfDSNFor @{Add="5.7.1"; Remove="5.1.4","5.2.0"}
(Get-TransportConfig).GenerateCopyOfDSNFor
