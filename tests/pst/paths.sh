#!/usr/bin/env bash
# paths.sh EXSH PST_DIR — Export-Mailbox's file safety (issue 5, "Paths and files"), checked from
# the shell because exsh itself can't make links or read file modes:
#   1. the .pst it writes has mode 0600 (whatever the umask);
#   2. an existing file is refused and left byte for byte as it was;
#   3. a dangling symbolic link is refused and nothing is created where it points;
#   4. a link to an existing file is refused and that file is left as it was;
#   5. with a folder, an alias with '/' gives one file inside the folder (team_bob.pst);
#   6. a write that fails half-way (the file size limit: EFBIG) leaves no partial file;
#   7. -ReportFile is written 0600 and never through a symbolic link.
# Prints one line per check; exits 1 if any fails.
set -u
exsh=$(readlink -f "$1") pstdir=$(readlink -f "$2")
work=$(mktemp -d /tmp/exsh-paths.XXXXXX)
trap 'rm -rf "$work"' EXIT
export EXSH_HOME=$work/store HOME=$work NO_COLOR=1
cd "$work" || exit 1
fail=0
ok() { echo "ok    $1"; }
bad() { echo "FAIL  $1"; fail=1; }
run() { "$exsh" -Command "$1" >"$work/out" 2>"$work/err"; }

run "New-Mailbox -Name Ayla | Out-Null; New-Mailbox -Name Bob -Alias 'team/bob' | Out-Null
     Import-Mailbox Ayla -PSTFolderPath '$pstdir/pstsdk-sample1.pst' -Confirm:\$false | Out-Null" ||
  { cat "$work/err"; bad "setup"; exit 1; }

# 1. mode 0600 even with a permissive umask
(umask 000; run "Export-Mailbox Ayla -PSTFolderPath '$work/a.pst' -Confirm:\$false | Out-Null")
[ "$(stat -c %a a.pst 2>/dev/null)" = 600 ] && ok "new .pst has mode 0600" || bad "new .pst mode is $(stat -c %a a.pst 2>&1)"

# 2. an existing file is refused, unchanged
printf 'precious\n' >existing.pst
sum=$(md5sum <existing.pst)
run "Export-Mailbox Ayla -PSTFolderPath '$work/existing.pst' -Confirm:\$false"
if grep -q "already exists" err && [ "$(md5sum <existing.pst)" = "$sum" ]; then ok "existing file refused and unchanged"
else bad "existing file: $(head -1 err)"; fi

# 3. a dangling link is refused; its target isn't created
ln -s "$work/target-of-dangling.pst" dangling.pst
run "Export-Mailbox Ayla -PSTFolderPath '$work/dangling.pst' -Confirm:\$false"
if grep -q "symbolic link" err && [ ! -e target-of-dangling.pst ] && [ -L dangling.pst ]; then ok "dangling link refused"
else bad "dangling link: $(head -1 err); target exists: $([ -e target-of-dangling.pst ] && echo yes || echo no)"; fi

# 4. a link to an existing file is refused; the file is unchanged
ln -s "$work/existing.pst" link-to-existing.pst
run "Export-Mailbox Ayla -PSTFolderPath '$work/link-to-existing.pst' -Confirm:\$false"
if [ -s err ] && [ "$(md5sum <existing.pst)" = "$sum" ]; then ok "link to an existing file refused"
else bad "link to an existing file: $(head -1 err)"; fi

# 5. a folder: <alias>.pst with '/' made '_', nothing outside or below the folder
mkdir -p dest/team
run "'Ayla', 'Bob' | Export-Mailbox -PSTFolderPath '$work/dest' -Confirm:\$false | Out-Null"
if [ -f dest/Ayla.pst ] && [ -f dest/team_bob.pst ] && [ -z "$(ls dest/team)" ]; then ok "folder: Ayla.pst and team_bob.pst"
else bad "folder: $(ls -R dest | tr '\n' ' ') $(head -1 err)"; fi

# 6. a write that fails half-way leaves no partial file (SIGXFSZ ignored: write gives EFBIG)
(trap '' XFSZ; ulimit -f 64; run "Export-Mailbox Ayla -PSTFolderPath '$work/partial.pst' -Confirm:\$false")
if [ ! -e partial.pst ] && grep -q "too large" err; then ok "failed write removed its partial file"
else bad "failed write: partial.pst $([ -e partial.pst ] && echo is left || echo absent), err: $(head -1 err)"; fi

# 7. -ReportFile: 0600; a link there is refused (a warning), its target untouched
(umask 000; run "Export-Mailbox Ayla -PSTFolderPath '$work/r.pst' -ReportFile '$work/report.xml' -Confirm:\$false | Out-Null")
[ "$(stat -c %a report.xml 2>/dev/null)" = 600 ] && ok "report file has mode 0600" || bad "report file mode is $(stat -c %a report.xml 2>&1)"
ln -s "$work/existing.pst" report-link.xml
run "Export-Mailbox Ayla -PSTFolderPath '$work/r2.pst' -ReportFile '$work/report-link.xml' -Confirm:\$false | Out-Null"
if grep -q "symbolic link" err && [ "$(md5sum <existing.pst)" = "$sum" ]; then ok "report file through a link refused"
else bad "report through a link: $(head -1 err)"; fi

exit $fail
