# Identities match in any case, positionally or named, and show in canonical case.
(Get-SystemMessage EN\INTERNAL\5.7.1).Text
(Get-SystemMessage en\Internal\5.7.1).Identity
(Get-SystemMessage -Identity 'Sv\External\5.7.1').Identity
(Get-SystemMessage -Identity 'En\WARNINGMAILBOX').Identity
(Get-SystemMessage -id en\warningmailbox).Text
