#!/usr/bin/env bash
# test-valgrind.sh — runs the test suite on the release build (build/) under valgrind: the
# cmocka unit binaries, each tests/lang/*.test file, each tests/golden case and each
# ../shared/conformance case. exsh runs through a wrapper that calls
#   valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 -q
# with EXSH_CHECK_LEAKS=1 (exsh exits 70 when an xv is still alive at exit). A test fails when its
# runner fails, or when any exsh run inside it had a valgrind error (exit 99, report kept in its
# log) or a refcount leak (exit 70) — the runners alone would miss those, as they check exit
# status only where N.exit exists. Ends with `N passed, M failed`; exits 1 when any test failed.
# Usage: scripts/test-valgrind.sh [REGEX]   (runs the tests whose name, e.g. golden/sysmsg-get,
# matches REGEX); JOBS=N runs N tests at once (default: the number of CPUs); KEEP=1 keeps logs;
# NOBUILD=1 tests build/ as it is.
set -euo pipefail
root=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/..
root=$(readlink -f "$root")
cd "$root"
filter=${1:-}

scripts/bootstrap.sh
if ! command -v valgrind >/dev/null 2>&1; then
  echo "test-valgrind: valgrind is missing; install it: apt-get install -y valgrind" >&2
  exit 1
fi
if [ -z "${NOBUILD:-}" ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j >/dev/null
fi

work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
vg=(valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 -q)

# The wrapper the runners call as EXSH. Each test gets its own VG_DIR: one valgrind log per exsh
# process (empty when clean), and a line in VG_DIR/bad for each run that exited 99 or 70.
cat >"$work/exsh" <<EOF
#!/usr/bin/env bash
d=\${VG_DIR:?}
export EXSH_CHECK_LEAKS=1
${vg[*]} --log-file="\$d/vg.%p.log" "$root/build/exsh" "\$@"
code=\$?
case \$code in
  99) echo "valgrind error (exit 99): exsh \$*" >>"\$d/bad" ;;
  70) echo "refcount leak (exit 70, xv values alive at exit): exsh \$*" >>"\$d/bad" ;;
esac
exit \$code
EOF
chmod +x "$work/exsh"

# run_test NAME CMD… — runs one test with its own VG_DIR; writes PASS/FAIL and the evidence.
run_test() {
  local name=$1; shift
  local d=$work/t/${name//\//_}
  mkdir -p "$d"
  local code=0
  VG_DIR=$d "$@" >"$d/runner.log" 2>&1 || code=$?
  for l in "$d"/vg.*.log; do
    [ -s "$l" ] && echo "valgrind report in ${l##*/}" >>"$d/bad"
  done
  if [ "$code" -eq 0 ] && [ ! -s "$d/bad" ]; then
    echo PASS >"$d/result"
  else
    {
      echo "FAIL $name (runner exit $code)"
      [ "$code" -ne 0 ] && sed 's/^/  | /' "$d/runner.log" | head -n 40
      [ -s "$d/bad" ] && sort -u "$d/bad" | head -n 20 | sed 's/^/  ! /'
      for l in "$d"/vg.*.log; do [ -s "$l" ] && head -n 60 "$l" | sed 's/^/  vg /'; done
    } >"$d/result"
  fi
}

# unit binaries are run under valgrind themselves (no exsh process, no EXSH_CHECK_LEAKS)
unit_test() { local bin=$1; "${vg[@]}" --log-file="$VG_DIR/vg.%p.log" "$bin"; }

tests=()
for bin in build/tests/test_*; do
  [ -x "$bin" ] && tests+=("unit/$(basename "$bin")|unit_test $root/$bin")
done
for t in tests/lang/*.test; do
  n=$(basename "$t" .test)
  mkdir -p "$work/lang/$n" && ln -s "$root/$t" "$work/lang/$n/"
  tests+=("lang/$n|tests/run_lang.sh $work/exsh $work/lang/$n")
done
for c in tests/golden/*/; do
  tests+=("golden/$(basename "$c")|tests/run_golden.sh $work/exsh $root/$c")
done
tests+=("stdin|tests/run_stdin.sh $work/exsh $root/tests/stdin")
if [ -d ../shared/conformance ]; then
  for c in ../shared/conformance/*/; do
    tests+=("conformance/$(basename "$c")|tests/run_golden.sh $work/exsh $(readlink -f "$c")")
  done
fi

jobs=${JOBS:-$(nproc)}
names=()
for t in "${tests[@]}"; do
  name=${t%%|*} cmd=${t#*|}
  [ -n "$filter" ] && ! [[ $name =~ $filter ]] && continue
  names+=("$name")
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  echo "run  $name"
  # shellcheck disable=SC2086 # cmd is a word list built above from paths without spaces
  run_test "$name" $cmd &
done
wait

pass=0 fail=0
for name in "${names[@]}"; do
  r=$work/t/${name//\//_}/result
  if [ -f "$r" ] && [ "$(cat "$r")" = PASS ]; then pass=$((pass+1)); else
    fail=$((fail+1)); [ -f "$r" ] && cat "$r" || echo "FAIL $name (no result)"
  fi
done
[ -n "${KEEP:-}" ] && echo "logs kept in $work"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
