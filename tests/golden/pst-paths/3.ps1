# A folder: one <alias>.pst per piped mailbox; Ayla's exists already and is refused, the others go on.
'Ayla', 'Bob', 'Carol' | Export-Mailbox -PSTFolderPath '.' -Confirm:$false | ForEach-Object { $_.TargetPSTFile }
