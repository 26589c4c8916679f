#!/usr/bin/env bash
# roundtrip.sh EXSH PST_DIR — the proof of Import-Mailbox and Export-Mailbox by independent
# readers. For every sample .pst in PST_DIR: New-Mailbox, Import-Mailbox the sample into it,
# Export-Mailbox it to a new .pst, then read the ORIGINAL and the EXPORT with both
# `pffexport -m items -f all` (libpff) and `readpst -S -D -j 1` (libpst) and compare folders,
# item counts, subjects, senders, bodies and attachment bytes (compare_exports.py says how).
# exsh itself also imports the export into a second mailbox and compares item counts (this
# covers IPM.Post items, which neither reader exports). Prints one line per sample and reader; exits 1 if any sample differs or a step fails.
# KEEP=1 keeps the work folder (printed) for a look at the outputs.
#
# Known gaps (XFAIL: reported, not failing; XPASS when they start to pass): none at present.
# (Appointments, contacts and distribution lists, whose fields are named properties, round-trip
# since the writer writes the name-to-id map.) List sample names here to mark a new known gap.
xfail=""
set -u
exsh=$(readlink -f "$1") pstdir=$(readlink -f "$2")
here=$(dirname "$(readlink -f "$0")")
work=$(mktemp -d /tmp/exsh-roundtrip.XXXXXX)
[ "${KEEP:-}" = 1 ] && echo "work folder: $work" || trap 'rm -rf "$work"' EXIT
for tool in pffexport readpst python3; do
  command -v $tool >/dev/null || { echo "roundtrip: $tool is missing (apt-get install pff-tools pst-utils python3)"; exit 1; }
done
export EXSH_HOME=$work/store HOME=$work NO_COLOR=1
fail=0 n=0
for pst in "$pstdir"/*.pst; do
  n=$((n + 1))
  name=$(basename "$pst" .pst) mbx="roundtrip$n" out=$work/$name
  mkdir -p "$out"
  # 1. exsh: a fresh mailbox, the import, the export
  if ! "$exsh" -Command "
      \$ErrorActionPreference = 'Stop'
      New-Mailbox -Name '$mbx' | Out-Null
      Import-Mailbox -Identity '$mbx' -PSTFolderPath '$pst' -Confirm:\$false | Out-Null
      Export-Mailbox -Identity '$mbx' -PSTFolderPath '$out/export.pst' -Confirm:\$false | Out-Null
      New-Mailbox -Name '${mbx}b' | Out-Null
      Import-Mailbox -Identity '${mbx}b' -PSTFolderPath '$out/export.pst' -Confirm:\$false | Out-Null
      \$a = (Get-MailboxStatistics '$mbx').ItemCount; \$b = (Get-MailboxStatistics '${mbx}b').ItemCount
      if (\$a -ne \$b) { Write-Error \"exsh read back \$b items from the export, not \$a\" }
      Write-Output \"exsh: \$a items imported, \$b read back from the export\"
    " >"$out/exsh.log" 2>&1 || ! grep -q "^exsh:" "$out/exsh.log"; then
    echo "FAIL $name: exsh failed"; sed 's/^/  /' "$out/exsh.log" | head -n 20; fail=1; continue
  fi
  grep "^exsh:" "$out/exsh.log" | sed "s/^/ok   $name: /"
  # 2. both readers on both files
  for which in orig export; do
    file=$pst; [ $which = export ] && file=$out/export.pst
    pffexport -q -m items -f all -t "$out/pff-$which" "$file" >"$out/pff-$which.log" 2>&1 ||
      { echo "FAIL $name: pffexport can't read the $which file"; tail -n 5 "$out/pff-$which.log"; fail=1; }
    mkdir -p "$out/rp-$which"
    readpst -q -S -D -j 1 -o "$out/rp-$which" "$file" >"$out/rp-$which.log" 2>&1 ||
      { echo "FAIL $name: readpst can't read the $which file"; tail -n 5 "$out/rp-$which.log"; fail=1; }
  done
  # 3. the same content?
  for reader in pffexport readpst; do
    dir=pff; [ $reader = readpst ] && dir=rp
    sfx=; [ $reader = pffexport ] && sfx=.export
    known=no; [[ " $xfail " == *" $name "* ]] && known=yes
    if report=$(python3 "$here/compare_exports.py" $reader "$out/$dir-orig$sfx" "$out/$dir-export$sfx" 2>&1); then
      [ $known = yes ] && echo "XPASS $name: $report" || echo "ok   $name: $report"
    elif [ $known = yes ]; then
      echo "XFAIL $name: $(echo "$report" | head -n 1)"
    else
      echo "FAIL $name: $report" | head -n 25; fail=1
    fi
  done
done
[ $n -gt 0 ] || { echo "roundtrip: no .pst files in $pstdir"; exit 1; }
exit $fail
