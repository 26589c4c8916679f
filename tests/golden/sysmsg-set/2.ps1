# -Text replaces the text (Set prints nothing); -WhatIf changes nothing; -Name renames only.
Set-SystemMessage en\Internal\5.1.1 -Text 'Changed <B>once</B>'
(Get-SystemMessage en\internal\5.1.1).Text
Set-SystemMessage EN\INTERNAL\5.1.1 -Text 'Changed twice'
(Get-SystemMessage en\internal\5.1.1).Text
Set-SystemMessage en\internal\5.1.1 -Text 'Not applied' -WhatIf
(Get-SystemMessage en\internal\5.1.1).Text
Set-SystemMessage en\internal\5.1.1 -Name 'Unknown recipient'
(Get-SystemMessage en\internal\5.1.1).Name
(Get-SystemMessage en\internal\5.1.1).Identity
Set-SystemMessage en\internal\5.1.1 -Text 'Changed twice'
$?
Get-SystemMessage sv\WarningMailbox | Set-SystemMessage -Text 'Piped change'
(Get-SystemMessage sv\WarningMailbox).Text
