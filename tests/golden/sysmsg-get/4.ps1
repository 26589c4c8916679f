# Other spellings of an identity: the GUID, the distinguished name, and pipeline input as a
# string, as a SystemMessage object and as any object with an Identity property.
$m = Get-SystemMessage en\internal\5.7.1
(Get-SystemMessage $m.Guid).Identity
(Get-SystemMessage $m.Guid.ToUpper()).Identity
(Get-SystemMessage $m.DistinguishedName).Identity
(Get-SystemMessage 'CN=5.7.1,CN=External,CN=29,CN=Dsn Customization,CN=Transport Settings,CN=First Organization,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com').Identity
'en\warningmailbox' | Get-SystemMessage | ForEach-Object { $_.Identity }
$m | Get-SystemMessage | ForEach-Object { $_.Text }
'sv\external\5.7.1', 'en\internal\5.7.1' | Get-SystemMessage | ForEach-Object { $_.Identity }
Get-SystemMessage | Select-Object Identity | Get-SystemMessage | ForEach-Object { $_.Identity }
