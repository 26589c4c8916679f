#!/usr/bin/env bash
# test-sanitize.sh — builds exsh a second time in build-asan/ (Debug, -DEXSH_SANITIZE=ON, that is
# AddressSanitizer + UndefinedBehaviorSanitizer) and runs every ctest test there (unit, lang,
# golden, conformance) with leak detection on and the first sanitizer report fatal. Ends with a
# line `N passed, M failed` counted from ctest's results; exits 1 when any test failed.
# Usage: scripts/test-sanitize.sh [CTEST ARGS…]   (e.g. -R lang); without arguments every test
# but fuzz/short, whose targets scripts/fuzz.sh already builds with ASan and UBSan (clang).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

scripts/bootstrap.sh
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DEXSH_SANITIZE=ON
cmake --build build-asan -j

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
[ $# -gt 0 ] || set -- -E '^fuzz/'
exec scripts/ctest-summary.sh build-asan "$@"
