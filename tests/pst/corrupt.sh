#!/usr/bin/env bash
# corrupt.sh EXSH PST_DIR — Import-Mailbox of files whose structure loops (made by corrupt.py
# from the samples) ends, without a crash or a hang, and imports each message once:
#   folder-loop: the IPM subtree under its own subfolder: the 71 Enron messages, not 71 a pass;
#   xblock-self: a data tree whose block is its own child: a clear end, never a stack overflow.
set -u
exsh=$(readlink -f "$1") pstdir=$(readlink -f "$2")
here=$(dirname "$(readlink -f "$0")")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export EXSH_HOME=$tmp/store NO_COLOR=1 EXSH_CHECK_LEAKS=1
fail=0
python3 "$here/corrupt.py" folder-loop "$pstdir/pst-extractor-enron.pst" "$tmp/loop.pst" || exit 1
python3 "$here/corrupt.py" xblock-self "$pstdir/ruby-msg-attachAndInline.pst" "$tmp/xself.pst" || exit 1
out=$(timeout 120 "$exsh" -NoProfile -NonInteractive -Command "New-Mailbox -Name loop | Out-Null
  Import-Mailbox -Identity loop -PSTFolderPath '$tmp/loop.pst' -Confirm:\$false | Out-Null
  (Get-MailboxStatistics loop).ItemCount" 2>"$tmp/err"); code=$?
if [ $code -ne 0 ] || [ "$out" != 71 ]; then
  echo "FAIL folder-loop: exit $code, $out items (want 71)"; head -5 "$tmp/err"; fail=1
else echo "ok   folder-loop: 71 items, each once"; fi
timeout 120 "$exsh" -NoProfile -NonInteractive -Command "New-Mailbox -Name xself | Out-Null
  Import-Mailbox -Identity xself -PSTFolderPath '$tmp/xself.pst' -BadItemLimit 10 -Confirm:\$false | Out-Null" \
  >/dev/null 2>"$tmp/err"; code=$?
if [ $code -ge 124 ]; then echo "FAIL xblock-self: exit $code (crash or hang)"; head -5 "$tmp/err"; fail=1
else echo "ok   xblock-self: exit $code"; fi
exit $fail
