New-SystemMessage -DsnCode 5.1.1 -Internal $true -Language en -Text 'First copy' | ForEach-Object { $_.Identity }
New-SystemMessage -QuotaMessageType WarningMailbox -Language en -Text 'Quota first copy' | ForEach-Object { $_.Identity }
