# Through the pipeline: Y for the first, then L (No to All) keeps the rest without asking.
Get-SystemMessage | Remove-SystemMessage
Get-SystemMessage | ForEach-Object { $_.Identity }
