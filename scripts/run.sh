#!/usr/bin/env bash
# run.sh [EXSH ARGS…] — installs what is missing, builds exsh (build/, RelWithDebInfo) and starts
# it: with no arguments the interactive shell on the default store. Build talk goes to stderr.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

scripts/bootstrap.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
cmake --build build -j >&2
exec build/exsh "$@"
