#!/usr/bin/env bash
# run_golden.sh EXSH CASE_DIR — runs one golden case in the ../shared/conformance format
# (steps N.ps1 with N.out, N.stdin, N.args, N.exit; all steps on one fresh store, each step
# its own exsh process) and fails on the first step whose stdout or exit status differs.
set -u
exsh=$(readlink -f "$1") case=$(readlink -f "${2%/}")
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
fail=0
for ps1 in $(ls "$case" | grep -E '^[0-9]+\.ps1$' | sort -n); do
  f=$case/${ps1%.ps1}
  args=(); [ -f "$f.args" ] && read -r -a args < "$f.args"
  stdin=/dev/null; [ -f "$f.stdin" ] && stdin=$f.stdin
  ( cd "$home" && HOME=$home XDG_DATA_HOME=$home/.local/share EXSH_HOME=$home/exsh NO_COLOR=1 EXSH_CHECK_LEAKS=1 \
      timeout 20 "$exsh" "${args[@]}" -File "$f.ps1" <"$stdin" >"$home/.out" 2>"$home/.err" ); code=$?
  if [ -f "$f.out" ] && ! cmp -s "$home/.out" "$f.out"; then
    echo "FAIL $f: stdout differs"; diff "$f.out" "$home/.out" | head -n 30; head -n 20 "$home/.err"; fail=1
  fi
  if [ -f "$f.exit" ] && [ "$code" != "$(cat "$f.exit")" ]; then
    echo "FAIL $f: exit $code, expected $(cat "$f.exit")"; head -n 20 "$home/.err"; fail=1
  fi
  if [ "$code" = 70 ] && grep -q "values still alive at exit" "$home/.err"; then
    echo "FAIL $f: leaked values"; grep "values still alive" "$home/.err"; fail=1
  fi
  if [ "$code" -ge 124 ]; then echo "FAIL $f: exit $code (timeout or crash)"; head -n 20 "$home/.err"; fail=1; fi
done
exit $fail
