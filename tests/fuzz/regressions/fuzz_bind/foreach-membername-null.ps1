#exsh
1 | ForEach-Object -MemberName $null