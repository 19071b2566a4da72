#!/bin/sh
# usb e2e: a playing `lobbysign play` takes bundles as operators make them (zip, minisign -Sm with
# the test's own key): one delivered into the inbox as rsync does (temp name, then rename), one
# signed by a foreign key on a "stick" (a folder under the mounts folder) that is refused with the
# reason on screen (log, and under Xvfb a screenshot holding the refusal card's red mark) and in
# the receipt, and a newer one on a stick that is installed with its receipt and contact sheet
# written back. Under Xvfb when it is installed, else on SDL's dummy video driver (said so).
# Usage: e2e.sh LOBBYSIGN_BINARY SOURCE_DIR [RESULTS_FILE]   (exit 77: skipped)
set -u
bin=$1
src=$2
results=${3:-}
for t in minisign zip; do
    command -v $t >/dev/null 2>&1 || { echo "SKIP: $t is not installed (scripts/install-deps.sh --dev)"; exit 77; }
done
t=$(mktemp -d /tmp/lobbysign-e2e-XXXXXX)
xpid=""
ppid_=""
cleanup() {
    [ -n "$ppid_" ] && kill "$ppid_" 2>/dev/null
    [ -n "$xpid" ] && kill "$xpid" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$t"
}
trap cleanup EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAILED: $*"; fail=1; }
now_ms() { date +%s%3N; }

mkdir -p "$t/keys" "$t/inbox" "$t/media" "$t/store" "$t/other"
minisign -G -W -p "$t/keys/operator.pub" -s "$t/operator.key" >/dev/null || { bad "minisign -G"; exit 1; }
minisign -G -W -p "$t/other/foreign.pub" -s "$t/foreign.key" >/dev/null || { bad "minisign -G"; exit 1; }
# The operator's content: the samples with a changed title, zipped from inside the folder.
cp -r "$src/playlists" "$t/content"
sed -i '/Noto Sans/!s/"title": "[^"]*"/"title": "端到端测试内容"/' "$t/content/lobby.json"
(cd "$t/content" && zip -qr "$t/lobbysign.zip" .) || { bad "zip"; exit 1; }
minisign -Sm "$t/lobbysign.zip" -s "$t/operator.key" >/dev/null || { bad "minisign -Sm"; exit 1; }
mkdir -p "$t/foreign"
cp "$t/lobbysign.zip" "$t/foreign/lobbysign.zip"
minisign -Sm "$t/foreign/lobbysign.zip" -s "$t/foreign.key" >/dev/null

# A display: Xvfb if there is one, else SDL's dummy driver.
# Under ASan the X11 path is left out: SDL's X11 video leaks in libdbus and in GL drivers it
# unloads (not lobbysign's memory), which LeakSanitizer reports at exit.
asan=""
ldd "$bin" 2>/dev/null | grep -q libasan && asan=1
if [ -z "$asan" ] && command -v Xvfb >/dev/null 2>&1; then
    disp=:$((90 + $$ % 100))
    Xvfb "$disp" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
    xpid=$!
    for i in $(seq 50); do xdpyinfo -display "$disp" >/dev/null 2>&1 && break; sleep 0.1; done
    export DISPLAY=$disp SDL_VIDEODRIVER=x11
    echo "display: Xvfb $disp"
else
    export SDL_VIDEODRIVER=dummy
    why="Xvfb is not installed"
    [ -n "$asan" ] && why="an ASan build"
    echo "display: SDL dummy driver ($why: no screenshot check)"
fi

log=$t/play.log
# Each log line with the time it arrived (ms), so the test can measure inbox -> new frame; play is
# its own background process (the one killed), its stderr read through a FIFO.
mkfifo "$t/fifo"
(while IFS= read -r line; do echo "$(date +%s%3N) $line"; done <"$t/fifo" >"$log") &
LOBBYSIGN_LOG=info "$bin" play --window 640x360 --always-on --store "$t/store" --keys "$t/keys" \
    --mounts "$t/media" --inbox "$t/inbox" --name e2e-screen --status-file "$t/player-status.json" \
    2>"$t/fifo" >/dev/null &
ppid_=$!
wait_for() { # PATTERN SECONDS: true once the log has a line matching PATTERN after mark
    i=0
    while [ $i -lt $(($2 * 10)) ]; do
        tail -n +"$mark" "$log" 2>/dev/null | grep -q -- "$1" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
mark=1
wait_for "looking for bundles" 20 || { bad "play did not start"; cat "$log"; exit 1; }

# 1. The inbox, as rsync delivers: temporary names, then renames; the signature last.
mark=$(($(wc -l <"$log") + 1))
cp "$t/lobbysign.zip" "$t/inbox/.lobbysign.zip.XXXX"
cp "$t/lobbysign.zip.minisig" "$t/inbox/.lobbysign.zip.minisig.XXXX"
t0=$(now_ms)
mv "$t/inbox/.lobbysign.zip.XXXX" "$t/inbox/lobbysign.zip"
sleep 0.3
tail -n +"$mark" "$log" | grep -q "importing" && bad "imported before the signature was there"
mv "$t/inbox/.lobbysign.zip.minisig.XXXX" "$t/inbox/lobbysign.zip.minisig"
t1=$(now_ms)
if wait_for "new content on screen" 30; then
    line=$(tail -n +"$mark" "$log" | grep -m1 "new content on screen")
    ready=$(tail -n +"$mark" "$log" | grep -m1 "on screen: 已更新" | cut -d' ' -f1)
    frame=${line%% *}
    ok "inbox bundle on screen $((frame - t1)) ms after its signature arrived (imported and laid out after $((ready - t1)) ms; the rest waits for the slide to end)"
    [ -n "$results" ] && printf '{"inbox_to_ready_ms": %d, "inbox_to_frame_ms": %d}\n' $((ready - t1)) $((frame - t1)) >"$results"
else
    bad "the inbox bundle never reached the screen"
fi
keyid=$(head -1 "$t/keys/operator.pub" | awk '{print $NF}')
# The player's status file says which store version plays, its signer and the last import.
i=0
until grep -q '"content_version": *"v1"' "$t/player-status.json" 2>/dev/null || [ $i -ge 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
grep -q '"content_version": *"v1"' "$t/player-status.json" && grep -q "\"signer\": *\"$keyid\"" "$t/player-status.json" &&
    grep -q '"last_import": *{' "$t/player-status.json" &&
    ok "player status file: v1 plays, signed by $keyid, last import recorded" ||
    { bad "the player's status file does not show v1 by $keyid"; cat "$t/player-status.json"; }
"$bin" status --store "$t/store" --json >"$t/status.json" 2>/dev/null
grep -q "\"key_id\": *\"$keyid\"" "$t/status.json" && grep -q '"playing": *"v1"' "$t/status.json" &&
    ok "status: v1 current, signed by $keyid" || { bad "status does not show v1 by $keyid"; cat "$t/status.json"; }

# 2. A stick with a bundle signed by a foreign key: refused, on screen and in the receipt.
mark=$(($(wc -l <"$log") + 1))
mkdir "$t/media/sdb1"
cp "$t/foreign/lobbysign.zip" "$t/foreign/lobbysign.zip.minisig" "$t/media/sdb1/"
if wait_for "on screen: 未更新：不是受信任的密钥" 20; then
    ok "foreign key refused on screen (log: $(tail -n +"$mark" "$log" | grep -m1 'on screen: 未更新' | cut -d' ' -f2- | sed 's/.*on screen: //'))"
    if [ -n "$xpid" ] && command -v import >/dev/null 2>&1; then
        import -display "$DISPLAY" -window root "$t/refused.png" 2>/dev/null
        red=$(convert "$t/refused.png" -fill black +opaque "#e5483c" -fill white -opaque "#e5483c" \
            -format "%[fx:mean*w*h]" info: 2>/dev/null)
        [ "${red%.*}" -gt 100 ] 2>/dev/null && ok "screenshot: the refusal card's red mark is on screen ($red px)" ||
            bad "screenshot: no refusal card (red px: ${red:-none})"
        [ -n "${LOBBYSIGN_E2E_KEEP:-}" ] && cp "$t/refused.png" "$LOBBYSIGN_E2E_KEEP/refused-xvfb.png"
    fi
else
    bad "the foreign-key bundle was not refused on screen"
fi
wait_for "可以拔出U盘" 20 || bad "no 可以拔出U盘 after the refusal's receipt"
grep -q '"result": *"refused-untrusted-key"' "$t/media/sdb1/lobbysign-receipt.json" 2>/dev/null &&
    grep -q "不是受信任的密钥" "$t/media/sdb1/lobbysign-receipt.txt" &&
    ok "receipt on the stick names the refusal" || { bad "receipt of the refusal"; cat "$t/media/sdb1/lobbysign-receipt.json"; }
"$bin" status --store "$t/store" --json | grep -q '"playing": *"v1"' && ok "v1 still plays" || bad "the refusal changed what plays"
rm -rf "$t/media/sdb1"

# 3. A newer bundle on a stick: installed, receipt and contact sheet back on the stick.
sleep 1 # minisign's timestamp counts seconds: the new one must be newer
minisign -Sm "$t/lobbysign.zip" -s "$t/operator.key" >/dev/null
mark=$(($(wc -l <"$log") + 1))
mkdir "$t/media/sdc1"
cp "$t/lobbysign.zip" "$t/lobbysign.zip.minisig" "$t/media/sdc1/"
wait_for "on screen: 已更新" 20 && ok "stick bundle installed" || bad "stick bundle not installed"
wait_for "回执已写入U盘 · 可以拔出U盘" 60 && ok "可以拔出U盘 once the receipt is written" || bad "no receipt line on screen"
grep -q '"result": *"installed"' "$t/media/sdc1/lobbysign-receipt.json" 2>/dev/null && ok "receipt: installed" ||
    bad "receipt of the install"
if [ -s "$t/media/sdc1/lobbysign-preview/contact-sheet.png" ] &&
    [ "$(head -c 4 "$t/media/sdc1/lobbysign-preview/contact-sheet.png" | od -An -c | tr -d ' ')" = "211PNG" ]; then
    ok "contact sheet written to the stick"
    [ -n "${LOBBYSIGN_E2E_KEEP:-}" ] && cp "$t/media/sdc1/lobbysign-preview/contact-sheet.png" "$LOBBYSIGN_E2E_KEEP/"
else
    bad "no contact sheet on the stick"
fi
ls -a "$t/media/sdc1/lobbysign-preview" | grep -q part && bad "a temporary file left on the stick"
"$bin" status --store "$t/store" --json | grep -q '"playing": *"v2"' && ok "v2 plays" || bad "v2 does not play"
wait_for "new content on screen" 30 && ok "v2 on screen at a slide boundary" || bad "v2 never on screen"
# The status file names what plays now: content and version agree after the import (not "content
# v1, version v2").
i=0
until grep -q '"content_version": *"v2"' "$t/player-status.json" 2>/dev/null || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "\"content\": *\"$t/store/v2\"" "$t/player-status.json" && grep -q '"content_version": *"v2"' "$t/player-status.json" &&
    ok "player status file: content $t/store/v2, version v2" ||
    { bad "the player's status file does not say content v2, version v2"; cat "$t/player-status.json"; }

# 4. A large bundle on a stick pulled during the copy: nothing changes, the screen says U盘已拔出.
mkdir -p "$t/big/assets"
cp -r "$t/content/." "$t/big/"
for i in 1 2 3; do head -c 60000000 /dev/urandom >"$t/big/assets/filler-$i.bin"; done
(cd "$t/big" && zip -q -0 -r "$t/big.zip" .)
minisign -Sm "$t/big.zip" -s "$t/operator.key" >/dev/null
mark=$(($(wc -l <"$log") + 1))
mkdir "$t/media/sdd1"
cp "$t/big.zip" "$t/media/sdd1/lobbysign.zip"
cp "$t/big.zip.minisig" "$t/media/sdd1/lobbysign.zip.minisig"
if wait_for "importing" 20; then
    rm -rf "$t/media/sdd1" # pulled
    if wait_for "on screen: 未更新：U盘已拔出" 30; then
        ok "a stick pulled during the copy: 未更新：U盘已拔出 on screen"
        "$bin" status --store "$t/store" --json | grep -q '"playing": *"v2"' && ok "v2 still plays, untouched" ||
            bad "the pulled stick changed what plays"
        ls "$t/store" | grep -q staging && bad "a staging folder was left behind"
    elif tail -n +"$mark" "$log" | grep -q "on screen: 已更新"; then
        echo "SKIP pulled-stick part: the import finished before the stick could be pulled"
    else
        bad "the pulled stick was not reported on screen"
    fi
else
    bad "the large bundle was not imported"
fi

kill "$ppid_" 2>/dev/null
wait "$ppid_" 2>/dev/null
ppid_=""
sleep 0.2 # the reader writes the last lines
grep -q "ERROR\|\[error\]" "$log" && { bad "errors in the log"; grep "\[error\]" "$log"; }
[ $fail -eq 0 ] || { echo "--- log"; cat "$log"; }
exit $fail
