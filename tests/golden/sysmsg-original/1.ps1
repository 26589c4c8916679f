# -Original lists the built-in texts: per language, the 52 default DSN codes (internal only)
# then the 7 quota types; exsh ships English and Swedish. Nothing is stored.
@(Get-SystemMessage -Original).Count
@(Get-SystemMessage -Original | Where-Object { $_.Language -eq 'en' }).Count
@(Get-SystemMessage -Original | Where-Object { $_.Language -eq 'sv' }).Count
@(Get-SystemMessage -Original | Where-Object { -not $_.Internal }).Count
@(Get-SystemMessage -Original | Where-Object { $_.QuotaMessageType }).Count
Get-SystemMessage -Original | Select-Object -First 3 | ForEach-Object { $_.Identity }
Get-SystemMessage -Original | Select-Object -Last 2 | ForEach-Object { $_.Identity }
Get-SystemMessage -Original | Where-Object { $_.Identity -eq 'en\internal\5.7.10' } | ForEach-Object { "$($_.Identity)|$($_.DsnCode)|$($_.QuotaMessageType)|$($_.Internal)|$($_.Language)|$($_.Name)|$($_.Guid)" }
Get-SystemMessage -Original | Where-Object { $_.Identity -eq 'sv\WarningMailbox' } | ForEach-Object { "$($_.Identity)|$($_.DsnCode)|$($_.QuotaMessageType)|$($_.Internal)|$($_.Language)|$($_.Name)" }
@(Get-SystemMessage -Original | Where-Object { $_.DsnCode -eq '5.7.100' -or $_.DsnCode -eq '5.7.300' }).Count
@(Get-SystemMessage -Original | Where-Object { -not $_.Text }).Count
@(Get-SystemMessage).Count
