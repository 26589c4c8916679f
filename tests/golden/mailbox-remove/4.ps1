# Through the pipeline: A (Yes to All) removes the rest without asking again.
Get-Mailbox | Remove-Mailbox
@(Get-Mailbox).Count
