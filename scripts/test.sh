#!/usr/bin/env bash
# test.sh — installs what is missing, builds exsh (build/, RelWithDebInfo) and runs every test
# through ctest: cmocka unit tests, tests/lang, tests/golden and ../shared/conformance. Ends with
# a line `N passed, M failed` counted from ctest's results; exits 1 when any test failed.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

scripts/bootstrap.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j

exec scripts/ctest-summary.sh build
