# Bad identities fail to bind on Get, Set and Remove; Set refuses bad text; nothing changes.
Get-SystemMessage 'en\Foo\5.1.1'
$?
Get-SystemMessage 'en\internal\5.1'
$?
Get-SystemMessage 'en'
$?
Set-SystemMessage 'en\bogus' -Text 'x'
$?
Remove-SystemMessage 'a\b\c\d' -Confirm:$false
$?
Set-SystemMessage en\internal\5.1.1 -Text '<div>no</div>'
$?
Set-SystemMessage en\internal\5.1.1 -Name ('n' * 65)
$?
(Get-SystemMessage en\internal\5.1.1).Text
(Get-SystemMessage en\internal\5.1.1).Name
@(Get-SystemMessage).Count
