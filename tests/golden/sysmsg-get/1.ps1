New-SystemMessage -DsnCode 5.7.1 -Internal $true -Language en -Text 'Relaying is not allowed from inside.' | ForEach-Object { $_.Identity }
New-SystemMessage -DsnCode 5.7.1 -Internal $false -Language sv -Text 'Vidarebefordran är inte tillåten.' | ForEach-Object { $_.Identity }
New-SystemMessage -QuotaMessageType WarningMailbox -Language en -Text 'Your mailbox is nearly full.' | ForEach-Object { $_.Identity }
