#!/usr/bin/env bash
# run_lang.sh EXSH DIR — runs the dense language cases in DIR/*.test (jq style): each case is
# a script, a line `----`, its expected standard output, then a blank line. A case whose
# expected output is `%%ERROR <FullyQualifiedErrorId>` must fail (exit 1) with that id on stderr.
set -u
exsh=$(readlink -f "$1") dir=$2
pass=0 fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export EXSH_HOME=$tmp/store NO_COLOR=1 EXSH_CHECK_LEAKS=1
for t in "$dir"/*.test; do
  awk -v dir="$tmp" '
    BEGIN { n = 0; mode = "script" }
    mode == "script" && /^----$/ { mode = "out"; next }
    mode == "script" && /^#/ && script == "" { next }
    mode == "script" { if (script == "" && $0 == "") next; script = script $0 "\n"; next }
    mode == "out" && /^$/ { n++; printf "%s", script > (dir "/" n ".ps1"); printf "%s", out > (dir "/" n ".exp");
                             close(dir "/" n ".ps1"); close(dir "/" n ".exp"); script = ""; out = ""; mode = "script"; next }
    mode == "out" { out = out $0 "\n" }
    END { if (mode == "out") { n++; printf "%s", script > (dir "/" n ".ps1"); printf "%s", out > (dir "/" n ".exp") } print n > (dir "/count") }
  ' "$t"
  count=$(cat "$tmp/count")
  for i in $(seq 1 "$count"); do
    exp=$(cat "$tmp/$i.exp")
    "$exsh" -NoProfile -NonInteractive -File "$tmp/$i.ps1" >"$tmp/out" 2>"$tmp/err" </dev/null; code=$?
    if [ $code = 70 ] && grep -q "values still alive at exit" "$tmp/err"; then
      fail=$((fail+1)); echo "FAIL $(basename "$t") case $i: leaked values"; cat "$tmp/$i.ps1"; grep "values still alive" "$tmp/err"
    elif [[ $exp == %%ERROR* ]]; then
      id=${exp#%%ERROR }
      if [ $code -ne 0 ] && grep -qF -- "$id" "$tmp/err"; then pass=$((pass+1)); else
        fail=$((fail+1)); echo "FAIL $(basename "$t") case $i: expected error $id, got exit $code"; cat "$tmp/$i.ps1"; head -5 "$tmp/err"; fi
    else
      if cmp -s "$tmp/out" "$tmp/$i.exp" && [ $code -lt 124 ]; then pass=$((pass+1)); else
        fail=$((fail+1)); echo "FAIL $(basename "$t") case $i:"; cat "$tmp/$i.ps1"; diff "$tmp/$i.exp" "$tmp/out" | head -20; head -5 "$tmp/err"; fi
    fi
    rm -f "$tmp/$i.ps1" "$tmp/$i.exp"
  done
done
echo "lang: $pass passed, $fail failed"
[ $fail = 0 ]
