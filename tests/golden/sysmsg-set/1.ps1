New-SystemMessage -DsnCode 5.1.1 -Internal $true -Language en -Text 'Custom 5.1.1' | ForEach-Object { $_.Identity }
New-SystemMessage -DsnCode 5.7.200 -Internal $false -Language en -Text 'Custom 5.7.200' | ForEach-Object { $_.Identity }
New-SystemMessage -QuotaMessageType WarningMailbox -Language sv -Text 'Egen varning' | ForEach-Object { $_.Identity }
New-SystemMessage -DsnCode 5.2.2 -Internal $false -Language fr -Text 'Boîte pleine' | ForEach-Object { $_.Identity }
