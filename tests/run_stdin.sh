#!/usr/bin/env bash
# run_stdin.sh EXSH DIR — each DIR/<name>.ps1 piped to exsh on standard input (the way commands
# come from another program) must print DIR/<name>.out, exactly as `exsh -File` prints it.
set -u
exsh=$(readlink -f "$1") dir=$(readlink -f "$2")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export EXSH_HOME=$tmp/store NO_COLOR=1 EXSH_CHECK_LEAKS=1
fail=0 n=0
for ps1 in "$dir"/*.ps1; do
  name=$(basename "$ps1" .ps1) n=$((n + 1))
  "$exsh" -NoProfile <"$ps1" >"$tmp/stdin.out" 2>"$tmp/stdin.err"; a=$?
  "$exsh" -NoProfile -File "$ps1" </dev/null >"$tmp/file.out" 2>"$tmp/file.err"; b=$?
  if ! cmp -s "$tmp/stdin.out" "$dir/$name.out"; then
    echo "FAIL $name: standard input"; diff "$dir/$name.out" "$tmp/stdin.out" | head -20; head -5 "$tmp/stdin.err"; fail=1
  fi
  if ! cmp -s "$tmp/file.out" "$dir/$name.out"; then
    echo "FAIL $name: -File"; diff "$dir/$name.out" "$tmp/file.out" | head -20; head -5 "$tmp/file.err"; fail=1
  fi
  [ $a -ne $b ] && { echo "FAIL $name: exit $a on standard input, $b with -File"; fail=1; }
done
echo "stdin: $n scripts, $([ $fail = 0 ] && echo same || echo differences)"
exit $fail
