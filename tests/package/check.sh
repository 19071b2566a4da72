#!/bin/sh
# check.sh [DEB]: installs the package in a throwaway Debian 12 root made by mmdebstrap (fetching
# its dependencies from the Debian mirror), runs check-inside.sh there (files, user, enabled unit,
# render, play without a display, purge), and discards the root. Needs root and mmdebstrap.
# DEB defaults to dist/lobbysign_*_<this arch>.deb. MIRROR overrides http://deb.debian.org/debian.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
arch=$(dpkg --print-architecture)
deb=${1:-$(ls dist/lobbysign_*_"$arch".deb 2>/dev/null | tail -1)}
[ -n "$deb" ] && [ -f "$deb" ] || { echo "check.sh: no package; run scripts/package.sh first" >&2; exit 2; }
mirror=${MIRROR:-http://deb.debian.org/debian}
name=$(basename "$deb")
echo "check.sh: $deb in a fresh bookworm root"
mmdebstrap --quiet --variant=apt --arch="$arch" --include=ca-certificates \
    --customize-hook="copy-in $deb /tmp" \
    --customize-hook="copy-in $here/check-inside.sh /tmp" \
    --customize-hook="chroot \"\$1\" sh /tmp/check-inside.sh /tmp/$name" \
    bookworm /dev/null "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
    "deb ${SECURITY_MIRROR:-http://deb.debian.org/debian-security} bookworm-security main" </dev/null
echo "check.sh: $name passed"
