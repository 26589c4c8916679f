# Duplicates (any case), bad codes, languages, quota types, texts and parameter mixes are
# refused; each reports an error ($? is False) and nothing is created or changed.
New-SystemMessage -DsnCode 5.1.1 -Internal $true -Language en -Text 'Second copy' | ForEach-Object { $_.Identity }
$?
New-SystemMessage -DsnCode 5.1.1 -Internal 1 -Language EN -Text 'Third copy'
$?
New-SystemMessage -QuotaMessageType warningMAILBOX -Language En -Text 'Quota second copy'
$?
New-SystemMessage -DsnCode 6.1.1 -Internal $true -Language en -Text 'Bad class'
$?
New-SystemMessage -DsnCode 2.1.1 -Internal $true -Language en -Text 'Success codes cannot be customized'
$?
New-SystemMessage -DsnCode 5.1 -Internal $true -Language en -Text 'Two parts'
$?
New-SystemMessage -DsnCode 5.1234.1 -Internal $true -Language en -Text 'Four digits'
$?
New-SystemMessage -DsnCode 5.1.1 -Internal $true -Language en-US -Text 'A specific culture'
$?
New-SystemMessage -DsnCode 5.1.1 -Internal $true -Language xx -Text 'No such culture'
$?
New-SystemMessage -QuotaMessageType NoSuchQuota -Language en -Text 'Bad quota type'
$?
New-SystemMessage -DsnCode 5.1.3 -Internal $true -Language en -Text '<script>alert(1)</script>'
$?
New-SystemMessage -DsnCode 5.1.3 -Internal $true -Language en -Text 'Two <FONT color=red>tags</FONT>'
$?
New-SystemMessage -DsnCode 5.1.3 -Internal $true -Language en -Text 'a < b'
$?
New-SystemMessage -DsnCode 5.1.3 -Internal $true -Language en -Text 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
$?
New-SystemMessage -DsnCode 5.1.3 -QuotaMessageType WarningMailbox -Internal $true -Language en -Text 'Both sets'
$?
Get-SystemMessage | ForEach-Object { "$($_.Identity) $($_.Text)" }
