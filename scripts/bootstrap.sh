#!/usr/bin/env bash
# bootstrap.sh — installs the Debian packages exsh needs to build and test, and only those that
# are missing: a no-op (no apt-get update) when all are present. As root it uses apt-get; as
# another user sudo when there is one, else it prints the exact command to run and exits 1.
set -euo pipefail

packages=(build-essential cmake pkg-config libreadline-dev libjansson-dev libcmocka-dev
          libpff-dev libbfio-dev pff-tools pst-utils clang libclang-rt-14-dev valgrind time)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
elif command -v sudo >/dev/null 2>&1; then
  echo "bootstrap: installing ${missing[*]} with sudo" >&2
  if ! { sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"; }; then
    echo "bootstrap: sudo failed; run as root: $cmd" >&2
    exit 1
  fi
else
  echo "bootstrap: missing packages: ${missing[*]}" >&2
  echo "bootstrap: run as root: $cmd" >&2
  exit 1
fi
