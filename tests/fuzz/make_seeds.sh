#!/usr/bin/env bash
# make_seeds.sh OUT — writes the seed corpora of the fuzz targets into OUT/<target>/:
#   fuzz_parse  every case script of tests/lang/*.test, tests/golden/**/*.ps1 and
#               ../shared/conformance/**/*.ps1 (when that folder is there)
#   fuzz_bind   short byte strings: each cmdlet index, with each parameter, value and common
#               parameter (the encoding is read by fuzz_bind.c's build())
#   fuzz_store  store folders in fuzz_store.c's one-file form: a fresh store, a snapshot with
#               records, a journal of puts, updates and deletes, a torn last line, bad schema
#   fuzz_pst    the sample files of ../shared/data/pst/ up to 300 KB (when that folder is there),
#               with their trailing zero padding cut off (fuzz_pst.c zero-extends a file to its
#               header's size), plus a bare header and a file cut short
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
out=$1
rm -rf "$out"
mkdir -p "$out"/fuzz_parse "$out"/fuzz_bind "$out"/fuzz_store "$out"/fuzz_pst

# ---- fuzz_parse: scripts ----
for t in "$root"/tests/lang/*.test; do
  awk -v dir="$out/fuzz_parse" -v base="$(basename "$t" .test)" '
    BEGIN { n = 0; mode = "script" }
    mode == "script" && /^----$/ { mode = "out"; next }
    mode == "script" && /^#/ && script == "" { next }
    mode == "script" { if (script == "" && $0 == "") next; script = script $0 "\n"; next }
    mode == "out" && /^$/ { n++; f = dir "/lang-" base "-" n ".ps1"; printf "%s", script > f; close(f)
                            script = ""; mode = "script"; next }
    END { if (mode == "out") { n++; f = dir "/lang-" base "-" n ".ps1"; printf "%s", script > f } }
  ' "$t"
done
i=0
for f in "$root"/tests/golden/*/*.ps1 "$root"/../shared/conformance/*/*.ps1 "$root"/../shared/conformance/*/*/*.ps1; do
  [ -f "$f" ] || continue
  i=$((i + 1)); cp "$f" "$out/fuzz_parse/script-$i.ps1"
done

# ---- fuzz_bind: <cmdlet> [<op> <arg>]... ----
for c in $(seq 0 31); do
  printf "\\x$(printf %02x "$c")" >"$out/fuzz_bind/c$c"
  for k in 0 1 2 3 4 5 6 7 8 9 10 11; do
    # -Param value ; -Param: value ; abbreviated -Par value ; common parameter
    printf "\\x$(printf %02x "$c")\\x00\\x$(printf %02x "$k")\\x02\\x$(printf %02x $((k * 7)))" >"$out/fuzz_bind/c$c-p$k"
    printf "\\x$(printf %02x "$c")\\x18\\x$(printf %02x "$k")\\x03\\x$(printf %02x $((k * 5 + 1)))" >"$out/fuzz_bind/c$c-pc$k"
    printf "\\x$(printf %02x "$c")\\x08\\x$(printf %02x "$k")\\x04\\x05hello\\x06\\x$(printf %02x "$k")" >"$out/fuzz_bind/c$c-pa$k"
  done
  printf "\\xff\\x$(printf %02x "$c")\\x$(printf %02x "$c")\\x06\\x01" >"$out/fuzz_bind/c$c-pipe"
done

# ---- fuzz_store: <mode byte><config.json>[\n--journal--\n<journal-1.log>] ----
s=$out/fuzz_store
sep=$'\n--journal--\n'
empty='{"schema": 1, "generation": 1, "collections": {}}'
rec='{"identity":"en\\internal\\5.7.1","language":"en","lcid":9,"internal":true,"code":"5.7.1","quota":null,"text":"Hi","name":"5.7.1","guid":"c448f6ed-fe45-4f3b-bef0-db2e03d7bc3f","created":"2026-11-25T12:27:48Z","changed":"2026-11-25T12:27:48Z"}'
full='{"schema": 1, "generation": 1, "collections": {"systemmessages": {"en\\internal\\5.7.1": '$rec'}, "transportconfig": {"": {"MaxSendSize": 20971520, "TLSReceiveDomainSecureList": ["a.com", "b.com"]}}}}'
journal='{"op":"put","c":"systemmessages","k":"en\\internal\\5.7.1","v":'$rec'}
{"op":"put","c":"systemmessages","k":"en\\ProhibitSendMailbox","v":{"identity":"en\\ProhibitSendMailbox","quota":"ProhibitSendMailbox","text":"full","lcid":9}}
{"op":"update","c":"transportconfig","k":"","v":{"MaxSendSize":20971520}}
{"op":"update","c":"systemmessages","k":"en\\internal\\5.7.1","v":{"text":"Bye"}}
{"op":"del","c":"systemmessages","k":"en\\ProhibitSendMailbox"}
'
printf '\x01%s' "$empty" >"$s/empty"
printf '\x09%s' "$empty" >"$s/empty-write"
printf '\x00' >"$s/nothing"
printf '\x08' >"$s/nothing-write"
printf '\x01%s' "$full" >"$s/full"
printf '\x09%s' "$full" >"$s/full-write"
printf '\x03%s%s%s' "$empty" "$sep" "$journal" >"$s/journal"
printf '\x0b%s%s%s' "$full" "$sep" "$journal" >"$s/journal-write"
printf '\x0f%s%s%s' "$full" "$sep" "$journal" >"$s/journal-stale-write"
printf '\x0b%s%s%s{"op":"put","c":"systemmes' "$empty" "$sep" "$journal" >"$s/torn-write"
printf '\x03%s%s%s{"op":"put"}\n' "$empty" "$sep" "$journal" >"$s/bad-line"
printf '\x03%s%s{"op":"put"}\n%s' "$empty" "$sep" "$journal" >"$s/bad-first-line"
printf '\x01{"schema": 2, "generation": 1, "collections": {}}' >"$s/schema2"
printf '\x01{"schema": 1, "generation": 1, "collections": {' >"$s/truncated"
printf '\x01[1, 2, 3]' >"$s/array"

# ---- fuzz_pst: .pst files without their zero padding ----
p=$out/fuzz_pst
for f in "$root"/../shared/data/pst/*.pst; do
  [ -f "$f" ] && [ "$(stat -c %s "$f")" -le 307200 ] || continue
  perl -0777 -pe 's/\0+\z//' "$f" >"$p/$(basename "$f" .pst)"
done
first=$(ls "$p" | head -1)
if [ -n "$first" ]; then
  head -c 512 "$p/$first" >"$p/header-only"                 # the header, every block zero
  head -c 20000 "$p/$first" >"$p/cut-short"                 # the B-trees and most blocks gone
fi
