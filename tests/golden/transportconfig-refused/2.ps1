# Nothing was saved by step 1, in a new process too; a good command still works afterwards.
(Get-TransportConfig).MaxSendSize
Set-TransportConfig -MaxSendSize 20MB -ClearCategories $false
(Get-TransportConfig).MaxSendSize
(Get-TransportConfig).ClearCategories
