# Multi-line constructs as a user pipes them in: comments, strings and here-strings holding
# brackets, quotes inside comments, pipelines continued on the next line. It's all one run.
$h = @{
  Name = 'a}b'        # a brace in a string
  Text = "x{y`"z"     # an escaped quote
  Sub  = "$(1 + (2 * 3))"
}
$h.Name
$h.Text
$h.Sub
<# a block comment { ( '
#>
$here = @'
not code { ( '
'@
$here
function Multi {
  param($n)
  foreach ($i in 1..$n) {
    "line $i"
  }
}
Multi 2
1, 2, 3 |
  Measure-Object |
  Select-Object -ExpandProperty Count
try {
  throw 'on its own lines'
}
catch {
  "caught: $($_.Exception.Message)"
}
"it's done"
