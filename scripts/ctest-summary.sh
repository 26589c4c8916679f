#!/usr/bin/env bash
# ctest-summary.sh BUILD_DIR [CTEST ARGS…] — runs ctest in BUILD_DIR (output shown, failures
# explained) and ends with the line "N passed, M failed" counted from ctest's own summary;
# exits 1 when a test failed. Shared by test.sh and test-sanitize.sh.
set -uo pipefail
dir=$1; shift
log=$(mktemp); trap 'rm -f "$log"' EXIT
ctest --test-dir "$dir" --output-on-failure -j2 "$@" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
# ctest's summary: "NN% tests passed, M tests failed out of T"
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)
if [ -n "$summary" ]; then
  failed=$(sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/' <<<"$summary")
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
  passed=$((total - failed))
else
  passed=0 failed=0
  [ "$code" -ne 0 ] && failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$code" -eq 0 ]
