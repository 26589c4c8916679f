# Unlimited for a count; then back to a number.
Set-TransportConfig -MaxRecipientEnvelopeLimit unlimited
(Get-TransportConfig).MaxRecipientEnvelopeLimit
Set-TransportConfig -MaxRecipientEnvelopeLimit 100
(Get-TransportConfig).MaxRecipientEnvelopeLimit
