#exsh
'a' | Set-TransportConfig 'b'