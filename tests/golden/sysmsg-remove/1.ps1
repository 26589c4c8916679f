New-SystemMessage -DsnCode 5.1.1 -Internal $true -Language en -Text 'One' | ForEach-Object { $_.Identity }
New-SystemMessage -DsnCode 5.1.2 -Internal $true -Language en -Text 'Two' | ForEach-Object { $_.Identity }
New-SystemMessage -DsnCode 5.1.3 -Internal $true -Language en -Text 'Three' | ForEach-Object { $_.Identity }
New-SystemMessage -QuotaMessageType WarningMailbox -Language en -Text 'Four' | ForEach-Object { $_.Identity }
New-SystemMessage -QuotaMessageType ProhibitSendMailbox -Language en -Text 'Five' | ForEach-Object { $_.Identity }
New-SystemMessage -QuotaMessageType WarningMailbox -Language sv -Text 'Sex' | ForEach-Object { $_.Identity }
