# -WhatIf describes the change (on the host) and saves nothing.
Set-TransportConfig -MaxSendSize 20MB -WhatIf
(Get-TransportConfig).MaxSendSize
