# Scripts calling scripts: a path runs a .ps1 in its own scope (param() binds its arguments),
# `. path` runs it in the caller's scope, `exit N` in a called script ends that script only.
Write-Output 'param($Who = "world")', '"hello, $Who"', 'function Get-Lib { "from lib" }', '$libVar = 7' > lib.ps1
Write-Output '"child runs"', 'exit 4' > child.ps1
./lib.ps1
.\lib.ps1 -Who admin
& "./lib.ps1" bob
"libVar in caller: [$libVar]"
. ./lib.ps1 dot
Get-Lib
"libVar after dot-sourcing: $libVar"
./child.ps1
"LASTEXITCODE: $LASTEXITCODE"
try { ./missing.ps1 } catch { "not found: " + $_.CategoryInfo.Reason }
lib.ps1
"a bare name is not run: $?"
Write-Output 'function Inner { 1/0 }', 'Inner' > errs.ps1
try { ./errs.ps1 } catch { ($_.PositionMessage -split "`n")[0] -replace '^At .*/', 'At ' }
Write-Output '"version 1"' > ver.ps1
./ver.ps1
Write-Output '"version 2, changed"' > ver.ps1
./ver.ps1
