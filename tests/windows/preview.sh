#!/bin/bash
# tests/windows/preview.sh LINUX_BIN WIN_EXE [OUTDIR]: the preview window (lobbysign.exe play) under
# wine on a virtual display (Xvfb): a screenshot of the window equals, pixel for pixel, the PNG the
# Linux build renders for the slide it shows (tests/windows/preview: one slide, no ticker).
# OUTDIR keeps preview-window.png. wine/Xvfb/ImageMagick missing: SKIP (77), FAIL under CI=true.
set -uo pipefail
LIN=$(realpath "$1")
EXE=$(realpath "$2")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${3:-}
WINE=$(command -v wine64 || command -v wine || true)
missing=""
for p in Xvfb xwininfo import compare; do command -v "$p" >/dev/null || missing="$missing $p"; done
[ -n "$WINE" ] || missing="$missing wine"
if [ -n "$missing" ]; then
    [ "${CI:-}" = true ] && { echo "preview: FAIL:$missing missing under CI=true (scripts/install-deps.sh --windows)" >&2; exit 1; }
    echo "preview: SKIP:$missing not installed (scripts/install-deps.sh --windows)"
    exit 77
fi
T=$(mktemp -d /tmp/lobbysign-preview-XXXXXX)
export WINEPREFIX=$T/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" LC_ALL=C.UTF-8
export LOBBYSIGN_DATA=$SRC LOBBYSIGN_CONFIG= LOBBYSIGN_LOG=warn
xpid="" wpid=""
cleanup() {
    [ -n "$wpid" ] && kill "$wpid" 2>/dev/null
    WINEPREFIX=$T/prefix wineserver -k >/dev/null 2>&1
    [ -n "$xpid" ] && kill "$xpid" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
W=960 H=540
mkdir -p "$T/c" && cp "$SRC/tests/windows/preview/lobby.json" "$T/c/" && cp -r "$SRC/playlists/assets" "$T/c/"
"$LIN" render --size ${W}x$H --out "$T/r" "$T/c" >/dev/null 2>&1 || { echo "preview: FAIL: Linux render" >&2; exit 1; }
want=$(find "$T/r" -name '01-*.png' | head -1)

exec 3>"$T/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
for _ in $(seq 100); do [ -s "$T/display" ] && break; sleep 0.1; done
export DISPLAY=:$(head -1 "$T/display")
"$WINE" "$EXE" play --window ${W}x$H "$T/c" >"$T/play.log" 2>&1 &
wpid=$!
# Wait (at most 2 minutes: wine's first start makes its prefix) for a window of exactly WxH.
win=""
for _ in $(seq 240); do
    win=$(xwininfo -root -tree 2>/dev/null | awk -v s="${W}x$H+" 'index($0, s) {print $1; exit}')
    [ -n "$win" ] && break
    sleep 0.5
done
if [ -z "$win" ]; then
    echo "preview: FAIL: no ${W}x$H window appeared" >&2
    cat "$T/play.log" >&2
    xwininfo -root -tree >&2
    exit 1
fi
# The picture settles (first frame, no transition on a one-slide playlist); compare until equal
# or 60 tries.
same=1
for _ in $(seq 60); do
    sleep 1
    import -window "$win" "$T/shot.png" 2>/dev/null || continue
    diff=$(compare -metric AE "$T/shot.png" "$want" null: 2>&1) || true
    [ "$diff" = 0 ] && { same=0; break; }
done
if [ -n "$OUT" ]; then mkdir -p "$OUT" && cp "$T/shot.png" "$OUT/preview-window.png" && cp "$want" "$OUT/preview-render.png"; fi
if [ "$same" = 0 ]; then
    echo "preview: ok: the preview window's ${W}x$H screenshot equals the rendered PNG pixel for pixel"
    exit 0
fi
echo "preview: FAIL: the window differs from the rendered PNG in $diff pixels" >&2
exit 1
