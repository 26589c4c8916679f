# The default display is a list of every property, settings first, in Exchange's order.
Get-TransportConfig
