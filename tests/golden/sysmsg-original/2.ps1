# -Original and -Identity belong to different parameter sets; custom messages don't appear.
Get-SystemMessage -Original -Identity en\internal\5.1.1
$?
New-SystemMessage -DsnCode 5.1.1 -Internal $true -Language en -Text 'Custom' | Out-Null
@(Get-SystemMessage -Original).Count
(Get-SystemMessage -Original | Where-Object { $_.Identity -eq 'en\internal\5.1.1' }).Text -eq 'Custom'
