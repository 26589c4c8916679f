# Create both kinds: DSN texts (any case of language and code class 4 or 5) and quota texts.
New-SystemMessage -DsnCode 5.1.2 -Internal $true -Language En -Text 'Internal: that host does not exist.' | ForEach-Object { $_.Identity }
New-SystemMessage -DsnCode 4.4.7 -Internal $false -Language SV -Text 'Tiden för leverans gick ut.' | ForEach-Object { $_.Identity }
New-SystemMessage -QuotaMessageType warningmailbox -Language en -Text '<B>Your mailbox is almost full.</B><BR>Delete old mail.' | ForEach-Object { $_.Identity }
New-SystemMessage -QuotaMessageType ProhibitSendReceiveMailBox -Language pt-pt -Text 'A caixa de correio está cheia.' | ForEach-Object { $_.Identity }
New-SystemMessage -DsnCode 5.7.900 -Internal $false -Language sr-sp-latn -Text 'See <a href="http://help.contoso.com/ndr">the help page</a>.' | ForEach-Object { $_.Identity }
