# -Confirm asks first; answering No saves nothing.
Set-TransportConfig -MaxSendSize 20MB -Confirm
(Get-TransportConfig).MaxSendSize
