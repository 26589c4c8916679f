#exsh
Select-Object > fuzz-out.txt > fuzz-out.txt -First