#!/usr/bin/env bash
# bench/sysmsg.sh [EXSH] [N] — issue 3's store benchmark: one exsh process runs a script of N
# (default 10,000) New-SystemMessage / Set-SystemMessage / Remove-SystemMessage commands (a
# third of each), first on an empty store, then on a store already holding N messages.
# Prints the per-command cost of both runs and their ratio (target: <= 2). Reports only;
# exits 0 whatever the figures. Each command is durable when it returns (fdatasync), so the
# figures include the disk's flush time.
set -uo pipefail
exsh=${1:-}
[ -n "$exsh" ] && exsh=$(readlink -f "$exsh")
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." || exit 0
exsh=${exsh:-$PWD/build/exsh}
n=${2:-10000}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1

# codes 5.S.D with S, D in 1..999 give plenty of distinct identities; offset keeps sets apart
workload() {  # $1: first index; writes N/3 creates, N/3 sets, N/3 removes
  awk -v n="$n" -v off="$1" 'BEGIN {
    k = int(n / 3)
    for (i = 0; i < k; i++) { c = i + off; printf "New-SystemMessage -DsnCode 5.%d.%d -Language en -Internal $true -Text \"Message %d\" | Out-Null\n", int(c / 999) + 1, c % 999 + 1, c }
    for (i = 0; i < k; i++) { c = i + off; printf "Set-SystemMessage en\\internal\\5.%d.%d -Text \"Changed %d\"\n", int(c / 999) + 1, c % 999 + 1, c }
    for (i = 0; i < n - 2 * k; i++) { c = (i % k) + off; printf "Remove-SystemMessage en\\internal\\5.%d.%d -Confirm:$false -ErrorAction SilentlyContinue\n", int(c / 999) + 1, c % 999 + 1 }
  }'
}
seed() {  # N messages in the external audience, so they never collide with the workload
  awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "New-SystemMessage -DsnCode 5.%d.%d -Language en -Internal $false -Text \"Seed %d\" | Out-Null\n", int(i / 999) + 1, i % 999 + 1, i }'
}
now() { echo "${EPOCHREALTIME/,/.}"; }
run() {  # $1 store dir, $2 script; prints seconds
  local t0 t1
  t0=$(now)
  EXSH_HOME=$1 "$exsh" -NoProfile -NonInteractive -File "$2" >/dev/null 2>"$tmp/err" || { echo "exsh failed:" >&2; head -5 "$tmp/err" >&2; }
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }'
}

workload 0 > "$tmp/work.ps1"
seed > "$tmp/seed.ps1"
empty=$(run "$tmp/empty" "$tmp/work.ps1")
run "$tmp/full" "$tmp/seed.ps1" >/dev/null
count=$(EXSH_HOME=$tmp/full "$exsh" -NonInteractive -Command '@(Get-SystemMessage).Count')
full=$(run "$tmp/full" "$tmp/work.ps1")
awk -v n="$n" -v e="$empty" -v f="$full" -v c="$count" 'BEGIN {
  printf "commands per run          %d\n", n
  printf "messages already stored   %s\n", c
  printf "empty store   %8.3f s   %8.1f us/command\n", e, e / n * 1e6
  printf "full store    %8.3f s   %8.1f us/command\n", f, f / n * 1e6
  r = f / e
  printf "ratio full/empty          %.2f   (target <= 2: %s)\n", r, r <= 2 ? "PASS" : "FAIL"
}'
