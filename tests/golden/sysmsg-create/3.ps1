# -WhatIf creates nothing; the new message is not listed afterwards.
New-SystemMessage -DsnCode 5.2.2 -Internal $true -Language en -Text 'Mailbox full.' -WhatIf
$?
@(Get-SystemMessage).Count
@(Get-SystemMessage en\internal\5.2.2 -ErrorAction SilentlyContinue).Count
