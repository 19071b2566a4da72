#!/bin/sh
# compare_arch.sh REFERENCE_BIN "CROSS_RUN": renders the sample playlists (landscape and portrait, 1080p)
# with the native reference binary and with the cross-built one (CROSS_RUN: the emulator
# and the binary, word-split) and requires every PNG to be byte-identical. The reference is
# rendered twice first, so a difference means the architecture, not a nondeterministic renderer.
set -eu
ref=$1
cross=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "compare_arch: $*" >&2; exit 1; }
export LOBBYSIGN_LOG=warn LOBBYSIGN_DATA="$src"
for size in 1920x1080; do
    "$ref" render --size "$size" --out "$tmp/ref-$size" "$src/playlists" >/dev/null || fail "reference render failed"
    "$ref" render --size "$size" --out "$tmp/ref2-$size" "$src/playlists" >/dev/null || fail "reference render failed"
    # shellcheck disable=SC2086
    $cross render --size "$size" --out "$tmp/cross-$size" "$src/playlists" >/dev/null || fail "cross render failed"
    diff -r "$tmp/ref-$size" "$tmp/ref2-$size" >/dev/null || fail "the reference renders differ between two runs"
done
n=0
for f in $(cd "$tmp" && find ref-* -name '*.png' | sort); do
    c=cross-${f#ref-}
    [ -f "$tmp/$c" ] || fail "cross build did not write $c"
    cmp -s "$tmp/$f" "$tmp/$c" || fail "$c differs from the native $f"
    n=$((n + 1))
done
[ "$n" -ge 20 ] || fail "only $n PNGs compared"
[ "$(cd "$tmp" && find cross-* -name '*.png' | wc -l)" = "$n" ] || fail "the cross build wrote extra PNGs"
echo "compare_arch: $n PNGs byte-identical between $(basename "$ref") (native) and the cross build"
