New-Mailbox -Name One | Out-Null
New-Mailbox -Name Two | Out-Null
New-Mailbox -Name Three | Out-Null
New-Mailbox -Name Four | Out-Null
Get-Mailbox | ForEach-Object { $_.Name }
