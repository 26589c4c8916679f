# The default view is a table of Identity and Text.
Get-SystemMessage
