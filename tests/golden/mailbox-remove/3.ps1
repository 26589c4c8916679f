# Answers: N keeps, Y removes (Remove-Mailbox asks by default: ConfirmImpact High).
Remove-Mailbox Two
Remove-Mailbox Two -Permanent $true
Get-Mailbox | ForEach-Object { $_.Name }
