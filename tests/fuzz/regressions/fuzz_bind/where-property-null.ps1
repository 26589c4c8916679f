#exsh
1 | Where-Object $args 4.4.7