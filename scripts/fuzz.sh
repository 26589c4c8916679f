#!/usr/bin/env bash
# fuzz.sh — builds the libFuzzer targets of tests/fuzz/ with clang (AddressSanitizer +
# UndefinedBehaviorSanitizer) in build-fuzz/, replays the saved crash inputs of
# tests/fuzz/regressions/<target>/, then fuzzes each target for SECONDS (default 60) from the
# seed corpus (tests/fuzz/make_seeds.sh) and the corpus kept in build-fuzz/corpus/<target>/.
# Prints one line per target with its executions; exits 1 when a regression input or a new input
# crashes (the input is saved in build-fuzz/artifacts/<target>/: copy it to
# tests/fuzz/regressions/<target>/ once the bug is fixed). Exits 77 (skipped) without clang.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET…]     env: FUZZ_DIR (build-fuzz), FUZZ_ARGS (extra
# libFuzzer flags), FUZZ_REPLAY_ONLY=1 (only replay the regressions and the seeds), EXSH_SRC
# (fuzz the sources of another checkout, e.g. one with a fix applied)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_parse fuzz_bind fuzz_store fuzz_pst)
out=${FUZZ_DIR:-$root/build-fuzz}
src_root=${EXSH_SRC:-$root}     # the sources fuzzed (a patched copy of the tree, to try a fix)
cc=${CLANG:-clang}

if ! command -v "$cc" >/dev/null || ! echo 'int LLVMFuzzerTestOneInput(const char*d,long n){(void)d;(void)n;return 0;}' |
     "$cc" -x c -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then
  echo "fuzz: clang with libFuzzer not found (Debian: clang libclang-rt-14-dev); skipped" >&2
  exit 77
fi

# ---- build: the sources of libexsh (all but shell/main.c), each object rebuilt when its .c
# or any header is newer ----
flags=(-std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined
       -fno-sanitize-recover=undefined -Wall -Wextra -Wno-format-security
       -I "$src_root/shell" -I "$src_root/store" -I "$src_root/cmdlets")
read -r -a pc <<<"$(pkg-config --cflags jansson 2>/dev/null || true)"
flags+=("${pc[@]}")
read -r -a libs <<<"$(pkg-config --libs jansson 2>/dev/null || echo -ljansson) -lreadline -lm"
mkdir -p "$out/obj"
objs=() stale=()
for src in "$src_root"/shell/*.c "$src_root"/cmdlets/*.c "$src_root"/store/*.c; do
  [ "$src" = "$src_root/shell/main.c" ] && continue
  o=$out/obj/$(basename "$(dirname "$src")")_$(basename "$src" .c).o
  objs+=("$o")
  if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find "$src_root/shell" "$src_root/store" \
       "$src_root/cmdlets" \( -name '*.h' -o -name '*.def' \) -newer "$o" -print -quit)" ]; then
    stale+=("$src:$o")
  fi
done
# stale objects compile in parallel; ones removed from the tree are dropped by the glob above
if [ ${#stale[@]} -gt 0 ]; then
  printf '%s\n' "${stale[@]}" | xargs -P "$(nproc)" -I{} sh -c \
    'src=${1%%:*}; o=${1#*:}; shift; "$0" -fsanitize=fuzzer-no-link "$@" -c "$src" -o "$o"' \
    "$cc" {} "${flags[@]}"
fi
for t in "${targets[@]}"; do
  [ -f "$out/$t" ] && [ "$out/$t" -nt "$root/tests/fuzz/$t.c" ] && [ ${#stale[@]} -eq 0 ] && continue
  "$cc" "${flags[@]}" -fsanitize=fuzzer "$root/tests/fuzz/$t.c" "${objs[@]}" "${libs[@]}" -o "$out/$t"
done

# ---- corpora ----
"$root/tests/fuzz/make_seeds.sh" "$out/seeds"

# the targets' temporary store folders (tmpfs when there is one), removed at the end even when a
# crash kept a target from cleaning up
shm=/dev/shm; [ -d $shm ] && [ -w $shm ] || shm=${TMPDIR:-/tmp}
TMPDIR=$(mktemp -d "$shm/exsh-fuzz.XXXXXX"); export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# leaks outside our code, if any, are listed in lsan.supp
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/fuzz/lsan.supp:print_suppressions=0}
read -r -a extra <<<"${FUZZ_ARGS:-}"
status=0
printf '%-12s %12s %10s %8s  %s\n' target execs "exec/s" corpus result
for t in "${targets[@]}"; do
  log=$out/$t.log
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  maxlen=65536
  [ "$t" = fuzz_pst ] && maxlen=262144      # a .pst without its zero padding (fuzz_pst.c)
  common=(-timeout=10 -rss_limit_mb=2048 -max_len=$maxlen -print_final_stats=1
          -artifact_prefix="$out/artifacts/$t/" "${extra[@]}")
  # 1. the saved crash inputs must now pass (fuzz_bind's are command lines: FUZZ_BIND_TEXT)
  regs=("$root"/tests/fuzz/regressions/$t/*)
  if [ -e "${regs[0]}" ]; then
    if ! FUZZ_BIND_TEXT=1 "$out/$t" "${common[@]}" "${regs[@]}" >"$log" 2>&1; then
      echo "fuzz: $t fails on a regression input; see $log" >&2
      tail -30 "$log" >&2 || true
      status=1
      continue
    fi
  fi
  if [ -n "${FUZZ_REPLAY_ONLY:-}" ]; then
    "$out/$t" "${common[@]}" -runs=0 "$out/corpus/$t" "$out/seeds/$t" >"$log" 2>&1 || { tail -30 "$log" >&2; status=1; }
    printf '%-12s %12s %10s %8s  %s\n' "$t" - - - replayed
    continue
  fi
  # 2. fuzz: new inputs go to the kept corpus, the seeds are read only
  set +e
  "$out/$t" "${common[@]}" -max_total_time="$secs" "$out/corpus/$t" "$out/seeds/$t" >"$log" 2>&1
  code=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  ncorp=$(find "$out/corpus/$t" -type f | wc -l)
  if [ $code -eq 0 ]; then result=ok; else
    result="CRASH (exit $code): $(ls -t "$out/artifacts/$t" | head -1)"
    status=1
    grep -aE 'ERROR|SUMMARY|fuzz_[a-z]+:|runtime error' "$log" | head -12 >&2 || true
  fi
  printf '%-12s %12s %10s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$ncorp" "$result"
done
exit $status
