# Answers from stdin: Y removes, N keeps (the prompt asks again for the next command).
Remove-SystemMessage en\internal\5.1.1
Remove-SystemMessage EN\Internal\5.1.2
Get-SystemMessage | ForEach-Object { $_.Identity }
