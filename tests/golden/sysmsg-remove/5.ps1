# N for the first, then A (Yes to All) removes the rest without asking; an empty answer means Y.
Remove-SystemMessage en\internal\5.1.3
Get-SystemMessage | Sort-Object Identity -Descending | Remove-SystemMessage
Get-SystemMessage | ForEach-Object { $_.Identity }
