# What was saved, and an original message found the way the blog shows it (en-dash, curly quotes).
Get-SystemMessage | Sort-Object Identity | ForEach-Object { $_.Identity }
Get-SystemMessage –Original | where {$_.identity –eq ‘en\internal\5.7.1’} | ForEach-Object { "$($_.Identity) $($_.DsnCode$$)_( .Internal) $($_.Language)" }
