# Answering Yes saves it.
Set-TransportConfig -MaxSendSize 20MB -Confirm
(Get-TransportConfig).MaxSendSize
