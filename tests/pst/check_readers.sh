#!/bin/sh
# check_readers.sh — reads a PST written by exsh with two independent readers and checks they
# succeed and find the messages: pffexport (pff-tools, libpff) and readpst (pst-utils, libpst).
# Usage: check_readers.sh FILE.pst EXPECTED_MESSAGES [TEXT...]
#   EXPECTED_MESSAGES counts top-level messages (embedded ones not included);
#   each TEXT must appear literally in both readers' output: ASCII subjects, body text and
#   attachment file names do (readpst encodes non-ASCII headers and attachment bytes).
# Exit 0 when both agree, 77 when a reader is not installed (ctest's skip code), 1 otherwise.
set -u
pst=$1; want=$2; shift 2
for tool in pffexport readpst; do
  command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

pffexport -q -m items -f all -t "$tmp/pff" "$pst" >"$tmp/pff.log" 2>&1 \
  || { echo "FAIL: pffexport exited $?"; cat "$tmp/pff.log"; fail=1; }
got=$(find "$tmp/pff.export" -type d -name 'Message[0-9]*' ! -path '*/Attachments/*' 2>/dev/null | wc -l)
[ "$got" -eq "$want" ] || { echo "FAIL: pffexport found $got messages, expected $want"; fail=1; }

mkdir "$tmp/rp"
readpst -q -D -j 1 -o "$tmp/rp" "$pst" >"$tmp/rp.log" 2>&1 \
  || { echo "FAIL: readpst exited $?"; cat "$tmp/rp.log"; fail=1; }
got=$(cat "$tmp"/rp/*.mbox "$tmp"/rp/*/*.mbox 2>/dev/null | grep -c '^From ')
[ "$got" -eq "$want" ] || { echo "FAIL: readpst found $got messages, expected $want"; fail=1; }

for text in "$@"; do
  { grep -rqF -- "$text" "$tmp/pff.export" || find "$tmp/pff.export" -name "*$text*" | grep -q .; } \
    || { echo "FAIL: pffexport output lacks '$text'"; fail=1; }
  grep -rqF -- "$text" "$tmp/rp" || { echo "FAIL: readpst output lacks '$text'"; fail=1; }
done
[ $fail -eq 0 ] && echo "OK: pffexport and readpst read $want messages from $pst"
exit $fail
