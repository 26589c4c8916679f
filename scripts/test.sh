#!/usr/bin/env bash
# test.sh — installs what is missing, builds exsh (build/, RelWithDebInfo) and runs every test
# through ctest: cmocka unit tests, tests/lang, tests/golden and ../shared/conformance. Ends with
# a line `N passed, M failed` counted from ctest's results; exits 1 when any test failed.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

scripts/bootstrap.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j

log=$(mktemp); trap 'rm -f "$log"' EXIT
set +e
ctest --test-dir build --output-on-failure -j2 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
set -e

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
