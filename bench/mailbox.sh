#!/usr/bin/env bash
# bench/mailbox.sh [EXSH] — the mailbox figures of issue 4 ("Speed and memory"), each exsh run
# measured in the same run as its yardstick:
#   a) Import-Mailbox of pst-extractor-enron.pst into a fresh mailbox vs `readpst -o DIR` on
#      the same file, median of REPS (default 5), alternating; ratio (target <= 1.0)
#   b) a synthetic mailbox of N messages (default 100000, ~10 KB each, ~1 GB, 10 folders;
#      N=10000 for a quick run), written by bench/gen_mailbox.c straight into the store, then
#      Export-Mailbox to a .pst and Import-Mailbox of that .pst into a new mailbox: MB/s and
#      peak RSS of each (target < 64 MB)
# It reports, it does not judge: exit status 0 whatever the figures. Needs GNU time, readpst,
# gcc and the build's libexsh.a (next to EXSH, or BUILD=dir). Works in a temporary folder
# (TMPDIR, default /tmp) and removes it; checks the free space first.
set -uo pipefail
exsh=${1:-}
[ -n "$exsh" ] && exsh=$(readlink -f "$exsh" || echo "$exsh")
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." || exit 0
exsh=${exsh:-build/exsh}
build=${BUILD:-$(dirname "$exsh")}
reps=${REPS:-5}
n=${N:-100000}
enron=${ENRON:-../shared/data/pst/pst-extractor-enron.pst}
gnutime=/usr/bin/time
tmp=$(mktemp -d "${TMPDIR:-/tmp}/exsh-mailbench.XXXXXX"); trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 HOME=$tmp

for tool in "$gnutime" readpst gcc; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing"; exit 0; }
done
[ -x "$exsh" ] || { echo "bench: no exsh binary at $exsh (build it first)"; exit 0; }
now() { echo "${EPOCHREALTIME/,/.}"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2] + v[NR/2+1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || b <= 0) print "nan"; else printf "%.2f", a / b }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
errors=()
# run NAME CMD… — runs CMD under GNU time; appends wall seconds to $tmp/NAME.t and peak RSS
# (KB) to $tmp/NAME.m; a failure is recorded in errors.
run() {
  local name=$1; shift
  local t0 t1 code
  t0=$(now)
  "$gnutime" -f '%M' -o "$tmp/rusage" "$@" >"$tmp/out" 2>"$tmp/err"; code=$?
  t1=$(now)
  if [ $code -ne 0 ] || grep -q "Fail\|Exception" "$tmp/out" "$tmp/err"; then
    errors+=("$name: exit $code: $(head -c 300 "$tmp/out" "$tmp/err" | tr '\n' ' ')")
    echo nan >>"$tmp/$name.t"; echo nan >>"$tmp/$name.m"; return
  fi
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }' >>"$tmp/$name.t"
  tail -n 1 "$tmp/rusage" >>"$tmp/$name.m"
}
xs() { EXSH_HOME=$tmp/store "$exsh" -NoProfile -Command "\$ErrorActionPreference = 'Stop'; $1"; }

echo "bench: $exsh, $(nproc) cpus, $(uname -m); N=$n, median of $reps"
df -h "$tmp" | tail -n 1 | awk '{ print "bench: free space in " $6 ": " $4 }'

# ---- a) Enron import vs readpst ----
if [ -r "$enron" ]; then
  for ((i = 0; i < reps; i++)); do
    xs "New-Mailbox -Name enron$i | Out-Null" >/dev/null
    run a_exsh env EXSH_HOME="$tmp/store" "$exsh" -NoProfile -Command \
      "Import-Mailbox -Identity enron$i -PSTFolderPath '$(readlink -f "$enron")' -Confirm:\$false | Out-Null"
    rm -rf "$tmp/rp"; mkdir -p "$tmp/rp"
    run a_readpst readpst -q -o "$tmp/rp" "$enron"
  done
  ta=$(median <"$tmp/a_exsh.t") tr=$(median <"$tmp/a_readpst.t")
  printf '\n%-44s %10s %10s %8s %8s\n' "a) Enron import ($(du -h "$enron" | cut -f1))" "exsh s" "readpst s" "ratio" "target"
  printf '%-44s %10s %10s %8s %8s\n' "   Import-Mailbox vs readpst -o DIR" "$ta" "$tr" "$(ratio "$ta" "$tr")" "<= 1.0"
  printf '%-44s %10s %10s\n' "   peak RSS (MB)" "$(mb "$(median <"$tmp/a_exsh.m")")" "$(mb "$(median <"$tmp/a_readpst.m")")"
  rm -rf "$tmp/store" "$tmp/rp"
else
  echo "bench: $enron is missing; a) skipped"
fi

# ---- b) synthetic mailbox: export and import back ----
need=$(( n * 30 / 1000 + 100 ))   # MB: store + .pst + the second mailbox, ~30 KB a message
avail=$(df -Pm "$tmp" | awk 'NR == 2 { print $4 }')
if [ "$avail" -lt "$need" ]; then
  echo "bench: b) needs ~$need MB in $tmp, only $avail free; skipped (set N smaller)"
elif [ ! -f "$build/libexsh.a" ]; then
  echo "bench: no $build/libexsh.a (BUILD=dir); b) skipped"
else
  gcc -std=c11 -O2 -D_GNU_SOURCE -Ishell -Istore -Icmdlets bench/gen_mailbox.c "$build/libexsh.a" \
    $(pkg-config --libs jansson libpff 2>/dev/null || echo -ljansson -lpff) -lreadline -lm \
    -o "$tmp/gen_mailbox" || { echo "bench: gen_mailbox doesn't build"; exit 0; }
  guid=$(xs "(New-Mailbox -Name synth).Guid") && xs "New-Mailbox -Name synthback | Out-Null" >/dev/null
  read -r gn gbytes gsec < <("$tmp/gen_mailbox" "$tmp/store" "$guid" "$n")
  store_mb=$(du -sm "$tmp/store/mail" | cut -f1)
  run b_export env EXSH_HOME="$tmp/store" "$exsh" -NoProfile -Command \
    "Export-Mailbox -Identity synth -PSTFolderPath '$tmp/synth.pst' -Confirm:\$false | Out-Null"
  pst_mb=$(awk -v b="$(stat -c %s "$tmp/synth.pst" 2>/dev/null || echo 0)" 'BEGIN { printf "%.1f", b / 1048576 }')
  run b_import env EXSH_HOME="$tmp/store" "$exsh" -NoProfile -Command \
    "Import-Mailbox -Identity synthback -PSTFolderPath '$tmp/synth.pst' -Confirm:\$false | Out-Null"
  back=$(xs "(Get-MailboxStatistics synthback).ItemCount" 2>/dev/null)
  te=$(cat "$tmp/b_export.t") ti=$(cat "$tmp/b_import.t")
  rate() { awk -v m="$1" -v t="$2" 'BEGIN { if (t == "nan" || t <= 0) print "n/a"; else printf "%.1f", m / t }'; }
  printf '\n%-44s %10s %10s %10s %8s\n' "b) synthetic mailbox, $gn messages" "seconds" "MB/s" "RSS MB" "target"
  printf '%-44s %10s %10s %10s %8s\n' "   generated ($((gbytes / 1048576)) MB content, $store_mb MB store)" "$gsec" "-" "-" "-"
  printf '%-44s %10s %10s %10s %8s\n' "   Export-Mailbox -> .pst ($pst_mb MB)" "$te" "$(rate "$pst_mb" "$te")" "$(mb "$(cat "$tmp/b_export.m")")" "< 64"
  printf '%-44s %10s %10s %10s %8s\n' "   Import-Mailbox <- that .pst ($back items)" "$ti" "$(rate "$pst_mb" "$ti")" "$(mb "$(cat "$tmp/b_import.m")")" "< 64"
  echo "   (MB/s: megabytes of .pst written or read per second)"
fi

if [ ${#errors[@]} -gt 0 ]; then
  echo
  for e in "${errors[@]}"; do echo "exsh failed: $e"; done
fi
exit 0
