#!/usr/bin/env bash
# limits.sh EXSH — hostile input gets a clear error, never a crash: each case below runs as a
# script (-File) with a 60 s limit and must end with an exit status below 128 (no signal, no
# sanitizer abort) and, where marked, print the given error id on standard error.
# Prints one line per case and "limits: N passed, M failed"; exits 1 when any failed.
set -u
exsh=$(readlink -f "$1")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/exsh-limits.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export EXSH_HOME=$tmp/store NO_COLOR=1
pass=0 fail=0

rep() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

# check NAME [ERROR-ID]: runs $tmp/case.ps1
check() {
  local name=$1 want=${2:-}
  timeout 60 "$exsh" -NonInteractive -File "$tmp/case.ps1" >"$tmp/out" 2>"$tmp/err" </dev/null
  local code=$?
  local verdict=ok
  if [ $code -ge 124 ]; then verdict="exit $code$( [ $code = 124 ] && echo ' (timeout)')"
  elif [ -n "$want" ] && ! grep -q -- "$want" "$tmp/err"; then verdict="no $want: $(head -c 200 "$tmp/err" | tr '\n' ' ')"
  fi
  if [ "$verdict" = ok ]; then pass=$((pass + 1)); printf 'ok    %s\n' "$name"
  else fail=$((fail + 1)); printf 'FAIL  %s: %s\n' "$name" "$verdict"; fi
}

N=100000
{ rep '(' $N; echo -n 1; rep ')' $N; echo; } >"$tmp/case.ps1";               check "$N nested parentheses" ScriptTooDeeplyNested
{ rep '{' $N; rep '}' $N; echo; } >"$tmp/case.ps1";                         check "$N nested braces" ScriptTooDeeplyNested
{ rep 'if ($true) {' $N; rep '}' $N; echo; } >"$tmp/case.ps1";              check "$N nested if blocks" ScriptTooDeeplyNested
{ rep '$(' $N; echo -n 1; rep ')' $N; echo; } >"$tmp/case.ps1";             check "$N nested \$( )" ScriptTooDeeplyNested
{ rep '@(' $N; echo -n 1; rep ')' $N; echo; } >"$tmp/case.ps1";             check "$N nested @( )" ScriptTooDeeplyNested
{ rep '@{a=' $N; echo -n 1; rep '}' $N; echo; } >"$tmp/case.ps1";           check "$N nested hashtables" ScriptTooDeeplyNested
{ rep '"$(' 2000; echo -n 1; rep ')"' 2000; echo; } >"$tmp/case.ps1";        check "2000 nested \"\$( )\" strings"
{ rep '-' $N; echo 1; } >"$tmp/case.ps1";                                   check "$N unary minus"
{ rep '!' $N; echo '$true'; } >"$tmp/case.ps1";                             check "$N unary !"
{ rep '-not ' $N; echo '$true'; } >"$tmp/case.ps1";                         check "$N -not"
{ rep '[int]' $N; echo 1; } >"$tmp/case.ps1";                               check "$N casts"
{ echo -n 1; rep '+1' $N; echo; } >"$tmp/case.ps1";                         check "1+1+…: $N operators"
{ echo -n '$a = 1; $a'; rep ' -eq 1' $N; echo; } >"$tmp/case.ps1";          check "$N comparisons"
{ echo -n 'Write-Output 1'; rep ' | Write-Output' 10000; echo; } >"$tmp/case.ps1"; check "10,000-stage pipeline"
{ echo -n '$x = @{}; $x'; rep '.a' $N; echo; } >"$tmp/case.ps1";            check "$N member accesses"
{ echo -n '1'; rep ',1' $N; echo ' | Measure-Object | ForEach-Object Count'; } >"$tmp/case.ps1"; check "$N-element array literal"
echo 'function f { f }; f' >"$tmp/case.ps1";                                 check "function f { f }; f" CallDepthOverflow
echo 'function f { 1 | f }; f' >"$tmp/case.ps1";                             check "function f { 1 | f }; f" CallDepthOverflow
echo '$b = { & $b }; & $b' >"$tmp/case.ps1";                                 check '$b = { & $b }; & $b' CallDepthOverflow
echo '1 | ForEach-Object { function g { 1 | ForEach-Object { g } }; g }' >"$tmp/case.ps1"; check "recursion through ForEach-Object" CallDepthOverflow
echo '$a = 1; for ($i = 0; $i -lt 1000000; $i++) { $a = ,$a }; "built"' >"$tmp/case.ps1"; check "an array nested 1,000,000 deep (built, then freed)"
echo '$a = 1; for ($i = 0; $i -lt 100000; $i++) { $a = ,$a }; $a | Out-String | Out-Null' >"$tmp/case.ps1"; check "an array nested 100,000 deep, formatted"
echo '$h = @{}; for ($i = 0; $i -lt 100000; $i++) { $h = @{a = $h} }; "built"' >"$tmp/case.ps1"; check "a hashtable nested 100,000 deep"
echo '$h = @{}; for ($i = 0; $i -lt 5000; $i++) { $h = @{a = $h} }; Set-TransportConfig -Identity $h -Confirm:$false' >"$tmp/case.ps1"; check "a hashtable nested 5,000 deep as an argument"
{ echo -n "'"; head -c 50000000 /dev/zero | tr '\0' x; echo "'.Length"; } >"$tmp/case.ps1"; check "a 50 MB string literal"
echo '$s = "x" * 100000000; $s.Length' >"$tmp/case.ps1";                     check "a 100 MB string by *"
echo '$s = "x" * 10000000000; $s.Length' >"$tmp/case.ps1";                   check "a 10 GB string by *"
echo '$s = @(1) * 1000000000; $s.Count' >"$tmp/case.ps1";                    check "a billion-element array by *"
echo '$s = "x"; for ($i = 0; $i -lt 40; $i++) { $s += $s }; $s.Length' >"$tmp/case.ps1"; check "a string doubled 40 times"
{ head -c 10000000 /dev/zero | tr '\0' a; echo; } >"$tmp/case.ps1";           check "a 10 MB bare word"
{ printf 'New-SystemMessage -DsnCode 5.1.1 -Language en -Internal $true -Confirm:$false -Text '"'"; head -c 1000000 /dev/zero | tr '\0' y; echo "'"; } >"$tmp/case.ps1"; check "a 1 MB -Text" ParameterArgumentValidationError
printf '\xff\xfe\x00\x01\xc3\x28 "\xe2\x80' >"$tmp/case.ps1";               check "invalid UTF-8"
printf '"before"\n\x00"after"\n' >"$tmp/case.ps1";                         check "a NUL byte" UnexpectedCharacter
{ rep '"' 1; head -c 1000000 /dev/urandom | tr -d '"`$\0'; } >"$tmp/case.ps1"; check "an unterminated 1 MB string"
{ rep '@"
' 1; head -c 1000 /dev/zero | tr '\0' z; } >"$tmp/case.ps1";                 check "an unterminated here-string"

echo "limits: $pass passed, $fail failed"
[ $fail -eq 0 ]
