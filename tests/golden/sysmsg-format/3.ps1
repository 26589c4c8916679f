# Every property, in Exchange's order, of a built-in message (no GUID, times or server).
Get-SystemMessage -Original | Where-Object { $_.Identity -eq 'en\internal\5.1.1' } | Format-List *
