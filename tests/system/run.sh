#!/usr/bin/env bash
# The virtual board (issue 12): boots lobbysign on a minimal Debian 12 in QEMU (TCG, KMS/DRM,
# no X) and runs the named, timed steps of steps.py. See tests/system/README.md.
#
# Usage: tests/system/run.sh [--step N]... [--out DIR] [--build DIR] [--keep]
#   --step N    run only step N (repeatable); default all
#   --out DIR   screenshots, serial logs, journals, results.json (default: a new folder under
#               /var/tmp, printed at the end and on failure)
#   --build DIR the lobbysign build to install and to render references with (default build/)
#   --keep      keep the disk images (the work folder) for a look by hand
#   --deb FILE  install this package instead of building one with scripts/package.sh
# The board runs the package scripts/package.sh makes (built here, a few minutes); a tree
# without scripts/package.sh gets `cmake --install` and the interim unit instead.
# Needs root (chroot into the guest root, mkfs), qemu-system-x86_64, mmdebstrap, python3,
# imagemagick, minisign, mtools, dosfstools. The base system is cached (build-image.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
steps=() out="" build="$repo/build" keep=0 deb=""
while [ $# -gt 0 ]; do
    case "$1" in
    --step) steps+=(--step "$2"); shift 2 ;;
    --out) out=$2; shift 2 ;;
    --build) build=$(realpath "$2"); shift 2 ;;
    --keep) keep=1; shift ;;
    --deb) deb=$(realpath "$2"); shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
for tool in qemu-system-x86_64 qemu-img mmdebstrap python3 convert compare minisign mcopy mkfs.vfat mkfs.ext4; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (see tests/system/README.md)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (chroot and mkfs of the guest's root)" >&2; exit 2; }
[ -x "$build/lobbysign" ] || { echo "run.sh: no $build/lobbysign; build first (scripts/build.sh)" >&2; exit 2; }

out=${out:-$(mktemp -d /var/tmp/lobbysign-vboard-out.XXXXXX)}
mkdir -p "$out"
out=$(realpath "$out")
work=$(mktemp -d /var/tmp/lobbysign-vboard-work.XXXXXX)
cleanup() {
    if [ "$keep" = 1 ]; then echo "run.sh: work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

t() { date +%s.%N; }
t0=$(t)
cache=${LOBBYSIGN_VBOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lobbysign-vboard}
mkdir -p "$cache"
base=$(flock "$cache/.lock" "$here/build-image.sh")  # one build at a time when runs overlap
t1=$(t)
# The guest's test files (content A, the trusted test key, signed bundles, vboard-setup.sh).
files=$(python3 "$here/steps.py" --prepare --work "$work" --build "$build")
if [ -z "$deb" ] && [ -x "$repo/scripts/package.sh" ]; then
    echo "run.sh: building the package (scripts/package.sh)"
    "$repo/scripts/install-deps.sh" --package >/dev/null
    (cd "$repo" && scripts/package.sh) >"$out/package.log" 2>&1 || { cat "$out/package.log"; exit 1; }
    deb=$(ls -t "$repo"/dist/lobbysign_*_amd64.deb | head -1)
fi
t15=$(t)
install=$(LOBBYSIGN_DEB="$deb" "$here/make-disk.sh" "$base" "$build" "$files" "$work/disk.raw")
t2=$(t)
awk -v a="$t0" -v b="$t1" -v p="$t15" -v c="$t2" -v base="$base" -v inst="$install" 'BEGIN {
    printf "run.sh: base system %.0f s (%s), package %.0f s, disk %.0f s (lobbysign from %s)\n",
        b - a, base, p - b, c - p, inst }'

rc=0
python3 "$here/steps.py" --work "$work" --out "$out" --build "$build" --disk "$work/disk.raw" \
    --base "$base" --install "$install" "${steps[@]}" || rc=$?
if [ "$rc" != 0 ]; then
    echo "run.sh: FAILED; screenshots, serial consoles and journals are in $out:"
    ls -l "$out" | tail -n +2 | sed 's/^/    /'
    for f in "$out"/*.console.log; do
        [ -f "$f" ] || continue
        echo "---- last lines of $f"
        tail -n 15 "$f"
    done
else
    echo "run.sh: screenshots and logs in $out"
fi
exit "$rc"
