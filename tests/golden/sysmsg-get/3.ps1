# A well-formed identity that names nothing is an error (nothing on stdout); en-US is not en.
Get-SystemMessage en\external\5.7.1
$?
Get-SystemMessage en-US\internal\5.7.1
$?
Get-SystemMessage sv\WarningMailbox
$?
Get-SystemMessage 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
$?
'after'
