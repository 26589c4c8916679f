#!/usr/bin/env bash
# bench/core.sh [EXSH] — the shell core's speed and memory figures (issue 2), each exsh run
# measured beside its yardstick in the same run, median of REPS repetitions (default 5):
#   a) 1..1000000 | Where-Object | Measure-Object  vs  seq | awk | wc -l   (ratio <= 1.5, RSS < 16 MB)
#   b) exsh -Command 'exit' vs /bin/true, 200 starts each                  (ratio <= 3)
#   c) a 1..1000000 foreach sum vs the same loop in bash                   (exsh faster)
# It reports, it does not judge: the exit status is 0 whatever the figures, and an exsh that
# fails or crashes is printed as such. Peak memory needs GNU time (/usr/bin/time, package time).
set -uo pipefail
exsh=${1:-}
[ -n "$exsh" ] && exsh=$(readlink -f "$exsh" || echo "$exsh")
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." || exit 0
exsh=${exsh:-build/exsh}
reps=${REPS:-5}
starts=${STARTS:-200}
gnutime=/usr/bin/time
[ -x "$gnutime" ] || gnutime=
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export EXSH_HOME=$tmp/store NO_COLOR=1

if [ ! -x "$exsh" ]; then
  echo "bench: no exsh binary at $exsh (build it first: cmake -S . -B build && cmake --build build)"
  exit 0
fi

now() { echo "${EPOCHREALTIME/,/.}"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2] + v[NR/2+1]) / 2 }'; }
fmt() { awk -v x="$1" 'BEGIN { if (x == "nan" || x == "") print "n/a"; else printf "%.4f", x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || b <= 0) print "nan"; else printf "%.2f", a / b }'; }

errors=()
# timed NAME EXPECT CMD… — runs CMD reps times; records wall seconds and peak RSS (KB) medians in
# $tmp/NAME.t and $tmp/NAME.m. A run that fails, times out or prints other than EXPECT is an error.
timed() {
  local name=$1 expect=$2; shift 2
  : >"$tmp/$name.times"; : >"$tmp/$name.rss"
  local i t0 t1 code
  for ((i = 0; i < reps; i++)); do
    t0=$(now)
    if [ -n "$gnutime" ]; then
      timeout 300 "$gnutime" -f '%e %M' -o "$tmp/rusage" "$@" >"$tmp/out" 2>"$tmp/err"; code=$?
    else
      timeout 300 "$@" >"$tmp/out" 2>"$tmp/err"; code=$?
    fi
    t1=$(now)
    if [ $code -ne 0 ] || ! grep -qF -- "$expect" "$tmp/out"; then
      errors+=("$name: exit $code, stdout: $(head -c 200 "$tmp/out" | tr '\n' ' ') stderr: $(head -c 300 "$tmp/err" | tr '\n' ' ')")
      echo nan >"$tmp/$name.t"; echo nan >"$tmp/$name.m"; return
    fi
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }' >>"$tmp/$name.times"
    [ -n "$gnutime" ] && awk 'END { print $NF }' "$tmp/rusage" >>"$tmp/$name.rss"
  done
  median <"$tmp/$name.times" >"$tmp/$name.t"
  if [ -n "$gnutime" ]; then median <"$tmp/$name.rss" >"$tmp/$name.m"; else echo nan >"$tmp/$name.m"; fi
}

# starts NAME CMD… — median over reps of (time for $starts runs of CMD) / $starts.
starts() {
  local name=$1; shift
  : >"$tmp/$name.times"
  local i j t0 t1 code
  for ((i = 0; i < reps; i++)); do
    t0=$(now)
    for ((j = 0; j < starts; j++)); do
      "$@" >/dev/null 2>"$tmp/err"; code=$?
      if [ $code -ne 0 ]; then
        errors+=("$name: exit $code, stderr: $(head -c 300 "$tmp/err" | tr '\n' ' ')")
        echo nan >"$tmp/$name.t"; return
      fi
    done
    t1=$(now)
    awk -v a="$t0" -v b="$t1" -v n="$starts" 'BEGIN { printf "%.6f\n", (b - a) / n }' >>"$tmp/$name.times"
  done
  median <"$tmp/$name.times" >"$tmp/$name.t"
}

echo "bench: $exsh, median of $reps runs, $(nproc) cpus, $(uname -m)"

timed a_exsh 333333 "$exsh" -NoProfile -Command '1..1000000 | Where-Object { $_ % 3 -eq 0 } | Measure-Object'
timed a_awk 333333 bash -c "seq 1 1000000 | awk '\$1 % 3 == 0' | wc -l"
starts b_exsh "$exsh" -NoProfile -Command 'exit'
starts b_true /bin/true
timed c_exsh 500000500000 "$exsh" -NoProfile -Command '$s = 0; foreach ($i in 1..1000000) { $s += $i }; $s'
timed c_bash 500000500000 bash -c 's=0; for ((i=1;i<=1000000;i++)); do s=$((s+i)); done; echo $s'

t() { cat "$tmp/$1.t"; }
verdict() { awk -v x="$1" -v lim="$2" -v op="$3" 'BEGIN {
  if (x == "nan" || x == "") { print "FAIL"; exit }
  if (op == "le") print (x <= lim ? "PASS" : "FAIL"); else print (x < lim ? "PASS" : "FAIL") }'; }

ra=$(ratio "$(t a_exsh)" "$(t a_awk)")
rb=$(ratio "$(t b_exsh)" "$(t b_true)")
rc=$(ratio "$(t c_exsh)" "$(t c_bash)")
mem=$(cat "$tmp/a_exsh.m")
memmb=$(awk -v k="$mem" 'BEGIN { if (k == "nan") print "nan"; else printf "%.1f", k / 1024 }')

printf '\n%-34s %12s %12s %8s %10s %s\n' "figure" "exsh s" "yardstick s" "ratio" "target" "verdict"
printf '%-34s %12s %12s %8s %10s %s\n' "a) where/measure vs seq|awk|wc" "$(fmt "$(t a_exsh)")" "$(fmt "$(t a_awk)")" "$ra" "<= 1.5" "$(verdict "$ra" 1.5 le)"
printf '%-34s %12s %12s %8s %10s %s\n' "a) exsh peak RSS (MB)" "$memmb" "-" "-" "< 16" "$( [ -n "$gnutime" ] && verdict "$memmb" 16 lt || echo 'n/a (no /usr/bin/time)')"
printf '%-34s %12s %12s %8s %10s %s\n' "b) start+exit vs /bin/true (each)" "$(fmt "$(t b_exsh)")" "$(fmt "$(t b_true)")" "$rb" "<= 3" "$(verdict "$rb" 3 le)"
printf '%-34s %12s %12s %8s %10s %s\n' "c) foreach sum vs bash loop" "$(fmt "$(t c_exsh)")" "$(fmt "$(t c_bash)")" "$rc" "< 1" "$(verdict "$rc" 1 lt)"

if [ ${#errors[@]} -gt 0 ]; then
  echo
  for e in "${errors[@]}"; do echo "exsh failed: $e"; done
fi
exit 0
