#exsh
Write-Output 3 > fuzz-out.txt