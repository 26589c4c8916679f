#exsh
New-Mailbox -Organization $=fxxxx