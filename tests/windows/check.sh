#!/bin/bash
# tests/windows/check.sh LINUX_BIN WIN_EXE [OUTDIR]: the Windows build under wine (headless) against
# the Linux build, on the same inputs:
#   validate  the same findings (stdout, stderr, exit code) for the samples and broken folders
#   render    the samples' PNGs and contact sheets byte-identical (files compared / equal)
#   layout    identical JSON for held-out Chinese paragraphs
#   key       a key made and a bundle signed by the exe verify with minisign -V and pass the
#             Linux build's bundle check; a key made by minisign signs with the exe
#   paths     content under a folder with Chinese characters and spaces
#   board     import and status say they are board-only
# wine (and minisign) missing: SKIP (exit 77), a FAILURE under CI=true.
set -uo pipefail
LIN=$(realpath "$1")
EXE=$(realpath "$2")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${3:-}
WINE=$(command -v wine64 || command -v wine || ls /usr/lib/wine/wine64 2>/dev/null || true)
missing=""
[ -n "$WINE" ] || missing="$missing wine"
command -v minisign >/dev/null || missing="$missing minisign"
if [ -n "$missing" ]; then
    if [ "${CI:-}" = true ]; then
        echo "windows: FAIL:$missing missing under CI=true (scripts/install-deps.sh --windows)" >&2
        exit 1
    fi
    echo "windows: SKIP:$missing not installed (scripts/install-deps.sh --windows)"
    exit 77
fi
[ -f "$EXE" ] || { echo "windows: FAIL: $EXE missing (scripts/windows.sh builds it)" >&2; exit 1; }

T=$(mktemp -d /tmp/lobbysign-wine-XXXXXX)
export WINEPREFIX=$T/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=
export LOBBYSIGN_DATA=$SRC LOBBYSIGN_CONFIG= LOBBYSIGN_LOG=warn LC_ALL=C.UTF-8
cleanup() { WINEPREFIX=$T/prefix wineserver -k >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT
fails=0
fail() { echo "windows: FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "windows: ok: $*"; }
win() { "$WINE" "$EXE" "$@"; }

# --- validate: the same findings --------------------------------------------------------------
mkdir -p "$T/cases"
mk() { mkdir -p "$T/cases/$1"; cp -r "$SRC/playlists/assets" "$T/cases/$1/"; }
mk syntax; sed '5s/,$//' "$SRC/playlists/lobby.json" >"$T/cases/syntax/lobby.json"
mk typo; sed 's/"duration": 12/"duraton": 12/' "$SRC/playlists/lobby.json" >"$T/cases/typo/lobby.json"
mk image; sed 's|assets/logo.png|assets/logo-missing.png|' "$SRC/playlists/lobby.json" >"$T/cases/image/lobby.json"
mk kind; sed '0,/"kind": "headline"/s//"kind": "headlin"/' "$SRC/playlists/lobby.json" >"$T/cases/kind/lobby.json"
mk color; sed 's/"#0B1F3A"/"#0B1F3"/' "$SRC/playlists/lobby.json" >"$T/cases/color/lobby.json"
mk empty; : >"$T/cases/empty/lobby.json"
mk damaged; cp "$SRC/playlists/lobby.json" "$T/cases/damaged/"; head -c 100 "$SRC/playlists/assets/logo.png" >"$T/cases/damaged/assets/logo.png"
compared=0 same=0
for c in "$SRC/playlists" "$T"/cases/*; do
    rel=${c#"$SRC"/}; rel=${rel#"$T"/}
    (cd "$(dirname "$c")" && "$LIN" validate "$(basename "$c")" >"$T/l.out" 2>"$T/l.err"; echo $? >"$T/l.rc")
    (cd "$(dirname "$c")" && win validate "$(basename "$c")" >"$T/w.out" 2>"$T/w.err"; echo $? >"$T/w.rc")
    compared=$((compared + 1))
    if cmp -s "$T/l.out" "$T/w.out" && cmp -s "$T/l.err" "$T/w.err" && cmp -s "$T/l.rc" "$T/w.rc"; then
        same=$((same + 1))
    else
        fail "validate $rel differs (exit $(cat "$T/l.rc") vs $(cat "$T/w.rc"))"
        diff "$T/l.err" "$T/w.err" | head -10 >&2
        diff "$T/l.out" "$T/w.out" | head -10 >&2
    fi
done
echo "windows: validate: $compared folders compared, $same with the same findings"

# --- render: byte-identical PNGs -------------------------------------------------------------
(cd "$SRC" && "$LIN" render --out "$T/rl" playlists >/dev/null 2>"$T/rl.err") || fail "Linux render failed"
(cd "$SRC" && win render --out "$T/rw" playlists >/dev/null 2>"$T/rw.err") || { fail "render.exe failed"; cat "$T/rw.err" >&2; }
files=0 equal=0
while IFS= read -r f; do
    files=$((files + 1))
    if cmp -s "$T/rl/$f" "$T/rw/$f"; then equal=$((equal + 1)); else fail "render: $f differs"; fi
done < <(cd "$T/rl" && find . -name '*.png' | sort)
[ "$(cd "$T/rw" && find . -name '*.png' | wc -l)" = "$files" ] || fail "render: the exe wrote a different number of PNGs"
[ "$files" -gt 0 ] || fail "render: no PNGs"
echo "windows: render: $files PNG files compared, $equal byte-identical"
if [ -n "$OUT" ]; then mkdir -p "$OUT" && cp -r "$T/rw" "$OUT/render-win" && echo "$files compared, $equal equal" >"$OUT/render-identity.txt"; fi

# --- layout: identical JSON for held-out paragraphs -------------------------------------------
paras=0 psame=0
while IFS= read -r line; do
    [ -n "$line" ] || continue
    printf '%s' "$line" >"$T/para.txt"
    for w in 480 900; do
        "$LIN" layout --width "$w" --file "$T/para.txt" >"$T/ll.json" 2>&1
        win layout --width "$w" --file "$T/para.txt" >"$T/wl.json" 2>&1
        paras=$((paras + 1))
        if cmp -s "$T/ll.json" "$T/wl.json"; then psame=$((psame + 1)); else fail "layout differs at width $w: ${line:0:30}"; diff "$T/ll.json" "$T/wl.json" | head -5 >&2; fi
    done
done <"$SRC/tests/windows/paragraphs.txt"
echo "windows: layout: $paras layouts compared, $psame identical"

# --- keys and signed bundles -----------------------------------------------------------------
cd "$T"
echo 'correct horse 电池' | win key new -s wk.key -p wk.pub >/dev/null 2>"$T/k.err" || { fail "key new"; cat "$T/k.err" >&2; }
grep -q 'minisign encrypted secret key' wk.key 2>/dev/null || fail "key new: the secret key is not password-protected"
echo 'correct horse 电池' | win bundle "$SRC/playlists" -o w.zip --sign wk.key --timestamp 1700000000 >/dev/null 2>"$T/b.err" ||
    { fail "bundle --sign by the exe"; cat "$T/b.err" >&2; }
minisign -Vm w.zip -p wk.pub >/dev/null 2>&1 && ok "exe key + exe signature verify with minisign -V" || fail "minisign -V rejects the exe's signature"
"$LIN" bundle "$SRC/playlists" -o l.zip --timestamp 1700000000 >/dev/null 2>&1
cmp -s w.zip l.zip && ok "the exe's zip is byte-identical to the Linux build's" || fail "bundle zips differ between the exe and Linux"
if "$LIN" import --help >/dev/null 2>&1; then
    mkdir -p keys store
    cp wk.pub keys/
    "$LIN" import --store store --keys keys w.zip >/dev/null 2>"$T/i.err" && ok "the exe's signed bundle imports on Linux" ||
        { fail "lobbysign import (Linux) refused the exe's bundle"; cat "$T/i.err" >&2; }
fi
printf 'mpw\nmpw\n' | minisign -G -p mk.pub -s mk.key -f >/dev/null 2>&1
echo mpw | win bundle "$SRC/playlists" -o m.zip --sign mk.key >/dev/null 2>"$T/m.err" || { fail "exe signing with a minisign key"; cat "$T/m.err" >&2; }
minisign -Vm m.zip -p mk.pub >/dev/null 2>&1 && ok "a minisign -G key signs with the exe" || fail "minisign -V rejects the exe's signature made with a minisign key"

# --- a folder with Chinese characters and spaces ---------------------------------------------
zh="$T/招商 内容/大厅 屏幕"
mkdir -p "$zh" && cp -r "$SRC/playlists/." "$zh/"
win validate "$zh" >/dev/null 2>"$T/zv.err" && ok "validate under '招商 内容/大厅 屏幕'" || { fail "validate under a Chinese path"; cat "$T/zv.err" >&2; }
win render --out "$zh/预览 图" "$zh" >/dev/null 2>"$T/zr.err" && [ -f "$zh/预览 图/lobby/01-headlines.png" ] &&
    cmp -s "$zh/预览 图/lobby/01-headlines.png" "$T/rl/lobby/01-headlines.png" && ok "render into '预览 图' under a Chinese path" ||
    { fail "render under a Chinese path"; cat "$T/zr.err" >&2; ls -R "$zh" | head >&2; }

# --- board-only commands ---------------------------------------------------------------------
win import x.zip >/dev/null 2>"$T/bo.err"
[ $? = 2 ] && grep -q 'board' "$T/bo.err" && ok "import says it is board-only" || fail "import on Windows does not say it is board-only"

[ "$fails" = 0 ] && { echo "windows: all checks passed"; exit 0; }
echo "windows: $fails check(s) failed" >&2
exit 1
