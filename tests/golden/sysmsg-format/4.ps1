# The documentation's own detail view of a custom message.
Get-SystemMessage sv\warningmailbox | Format-List Identity,DsnCode,Language,Text
