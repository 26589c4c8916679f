New-SystemMessage -DsnCode 5.1.1 -Internal $true -Language en -Text 'No such user here' | ForEach-Object { $_.Identity }
New-SystemMessage -QuotaMessageType WarningMailbox -Language sv -Text 'Din postlåda är nästan full.' | ForEach-Object { $_.Identity }
