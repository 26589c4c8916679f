#!/usr/bin/env bash
# kill_store.sh EXSH [KILLS] [CHANGES] — crash safety of the store. KILLS times (default 200): start
# an exsh script that makes CHANGES (default and at most 2000) changes, each a New-SystemMessage with a code not
# used before followed by `Write-Output "done <code>"`, and SIGKILL it at a random moment (0–400 ms,
# so commits, compactions and start-up are all hit). After each kill: the store must load
# (`@(Get-SystemMessage).Count` exits 0 and prints a number), every code reported done by any run
# so far must be in it, and the count may exceed the reported ones only by what the killed runs
# committed without reporting. At the end: the folder is 0700 and its files 0600.
# Prints "kill_store: K kills tried, S survived, C changes checked"; exits 1 on any loss.
set -u
exsh=$(readlink -f "$1")
kills=${2:-200}
[ "$kills" -le 1000 ] || { echo "kill_store: at most 1000 kills" >&2; exit 2; }
changes=${3:-2000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/exsh-kill.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export EXSH_HOME=$tmp/store NO_COLOR=1
done_all=$tmp/done-all     # every code reported done, one a line
: >"$done_all"
survived=0 failed=0

# run k (0..999) uses the codes 5.k.z and 4.k.z (z in 0..999): 2,000 codes no other run uses
script_for() {
  awk -v y="$1" -v n="$changes" 'BEGIN {
    for (i = 0; i < n && i < 2000; i++) {
      code = (i < 1000 ? 5 : 4) "." y "." (i % 1000)
      printf "New-SystemMessage -DsnCode %s -Language en -Internal $true -Text \"run %d change %d\" -Confirm:$false | Out-Null\n", code, y, i
      printf "Write-Output \"done en\\internal\\%s\"\n", code
    }
  }'
}

for k in $(seq 0 $((kills - 1))); do
  script_for "$k" >"$tmp/run.ps1"
  # line-buffered stdout (stdbuf), so a "done" line leaves exsh when its change is committed
  stdbuf -oL "$exsh" -NonInteractive -File "$tmp/run.ps1" >"$tmp/out" 2>"$tmp/err" </dev/null &
  pid=$!
  sleep "0.$(printf %03d $((RANDOM % 400)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  # only complete lines count: the last one may have been cut by the kill
  awk '/^done / { print $2 }' "$tmp/out" | { if [ -s "$tmp/out" ] && [ "$(tail -c1 "$tmp/out" | od -An -c | tr -d ' ')" != '\n' ]; then sed '$d'; else cat; fi; } >>"$done_all"
  count=$("$exsh" -NonInteractive -c '@(Get-SystemMessage).Count' 2>"$tmp/err2")
  code=$?
  if [ $code -ne 0 ] || ! [[ $count =~ ^[0-9]+$ ]]; then
    echo "kill_store: after kill $k the store does not load (exit $code):"; head -5 "$tmp/err2"
    failed=$((failed + 1))
    break
  fi
  "$exsh" -NonInteractive -c 'Get-SystemMessage | ForEach-Object { $_.Identity }' 2>>"$tmp/err2" | sort >"$tmp/have"
  sort -u "$done_all" >"$tmp/want"
  lost=$(comm -23 "$tmp/want" "$tmp/have" | head -5)
  if [ -n "$lost" ]; then
    echo "kill_store: after kill $k, changes reported done are missing:"; echo "$lost"
    failed=$((failed + 1))
    break
  fi
  survived=$((survived + 1))
done

perm_ok=1
if [ -d "$EXSH_HOME" ]; then
  [ "$(stat -c %a "$EXSH_HOME")" = 700 ] || { echo "kill_store: the store folder is mode $(stat -c %a "$EXSH_HOME"), not 700"; perm_ok=0; }
  for f in "$EXSH_HOME"/*; do
    [ -f "$f" ] || continue
    m=$(stat -c %a "$f")
    [ "$m" = 600 ] || { echo "kill_store: $(basename "$f") is mode $m, not 600"; perm_ok=0; }
  done
fi
checked=$(sort -u "$done_all" | wc -l)
echo "kill_store: $((survived + failed)) kills tried, $survived survived, $checked changes checked"
[ $failed -eq 0 ] && [ $perm_ok -eq 1 ]
