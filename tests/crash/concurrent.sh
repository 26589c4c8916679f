#!/usr/bin/env bash
# concurrent.sh EXSH [WRITERS] [CHANGES] [ADDS] — concurrent shells never lose an update. On one
# fresh store, WRITERS exsh processes (default 2) start together:
#   1. each creates CHANGES system messages (default 1000) with codes no other writer uses;
#      the store must then hold WRITERS × CHANGES messages, and every writer must exit 0;
#   2. each adds ADDS domains (default 100) of its own to the multivalued
#      TLSReceiveDomainSecureList with Set-TransportConfig @{Add=…}, a read-modify-write of one
#      record; the list must then hold WRITERS × ADDS domains (ADDS 0: skipped).
# Prints "concurrent: N changes checked"; exits 1 when an update is lost or a writer failed.
set -u
exsh=$(readlink -f "$1")
writers=${2:-2}
changes=${3:-1000}
adds=${4:-100}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/exsh-conc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export EXSH_HOME=$tmp/store NO_COLOR=1
fail=0

# run_writers SCRIPT-PREFIX: starts every writer's script at once, waits, checks exit codes
run_writers() {
  local pids=() w
  for w in $(seq 1 "$writers"); do
    "$exsh" -NonInteractive -File "$tmp/$1-$w.ps1" >"$tmp/$1-$w.out" 2>"$tmp/$1-$w.err" </dev/null &
    pids+=($!)
  done
  for w in $(seq 1 "$writers"); do
    if ! wait "${pids[$((w - 1))]}" || [ -s "$tmp/$1-$w.err" ]; then
      echo "concurrent: $1 writer $w failed:"; head -5 "$tmp/$1-$w.err"; fail=1
    fi
  done
}

"$exsh" -NonInteractive -c 'exit 0'   # the store folder exists before the race
# ---- 1. distinct messages: writer w uses codes 5.w.z and 4.w.z ----
for w in $(seq 1 "$writers"); do
  awk -v w="$w" -v n="$changes" 'BEGIN { for (i = 0; i < n; i++)
    printf "New-SystemMessage -DsnCode %d.%d.%d -Language en -Internal $true -Text \"writer %d\" -Confirm:$false | Out-Null\n",
           i < 1000 ? 5 : 4, w, i % 1000, w }' >"$tmp/msg-$w.ps1"
done
run_writers msg
count=$("$exsh" -NonInteractive -c '@(Get-SystemMessage).Count')
want=$((writers * changes))
[ "$count" = "$want" ] || { echo "concurrent: $count messages, want $want"; fail=1; }

# ---- 2. list edits: writer w adds w<i>.example.com (skipped when ADDS is 0) ----
n=0 want2=0
if [ "$adds" -gt 0 ]; then
  for w in $(seq 1 "$writers"); do
    awk -v w="$w" -v n="$adds" 'BEGIN { for (i = 0; i < n; i++)
      printf "Set-TransportConfig -TLSReceiveDomainSecureList @{Add=\"w%d-%d.example.com\"} -Confirm:$false\n", w, i }' >"$tmp/list-$w.ps1"
  done
  run_writers list
  n=$("$exsh" -NonInteractive -c '@((Get-TransportConfig).TLSReceiveDomainSecureList).Count')
  want2=$((writers * adds))
  [ "$n" = "$want2" ] || { echo "concurrent: the list holds $n domains, want $want2"; fail=1; }
fi

echo "concurrent: $((want + want2)) changes checked ($writers writers: $count of $want messages, $n of $want2 list adds)"
exit $fail
