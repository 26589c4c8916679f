# Setting a value to what it already is changes nothing (a warning, no output).
Set-TransportConfig -ClearCategories $true -DSNConversionMode UseExchangeDSNs
(Get-TransportConfig).ClearCategories
