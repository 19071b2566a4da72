#!/bin/sh
# inbox.sh: time from a signed bundle of the samples appearing in the inbox (its signature renamed
# into place, as rsync finishes) to the first frame of the new content, with `lobbysign play` on
# SDL's dummy video driver (software renderer, 1920x1080 window). Prints key value lines:
#   inbox_to_ready_ms          imported, loaded, result on screen (median of 3)
#   inbox_to_frame_ms          first frame of the new content on a screen with nothing to wait for
#                              (the built-in fallback slide plays: no step to finish) (median of 3)
#   inbox_to_frame_playing_ms  the same while the samples play: includes waiting for the slide on
#                              screen to end (12-15 s slides), so it depends on when the bundle comes
# Usage: bench/inbox.sh LOBBYSIGN_BINARY SOURCE_DIR   (needs minisign and zip; else prints nothing)
set -u
bin=$1
src=$2
command -v minisign >/dev/null 2>&1 && command -v zip >/dev/null 2>&1 || { echo "inbox.sh: minisign or zip missing, skipped" >&2; exit 0; }
t=$(mktemp -d /tmp/lobbysign-inbox-bench-XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$t"' EXIT
mkdir -p "$t/keys"
minisign -G -W -p "$t/keys/bench.pub" -s "$t/bench.key" >/dev/null
(cd "$src/playlists" && zip -qr "$t/lobbysign.zip" .)

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

# run CONTENT: one play process, one delivery; prints "ready_ms frame_ms"
run() {
    rm -rf "$t/store" "$t/inbox" "$t/log"
    mkdir -p "$t/store" "$t/inbox"
    minisign -Sm "$t/lobbysign.zip" -s "$t/bench.key" >/dev/null
    cp "$t/lobbysign.zip" "$t/inbox/lobbysign.zip"
    cp "$t/lobbysign.zip.minisig" "$t/inbox/.sig.tmp"
    rm -f "$t/fifo"
    mkfifo "$t/fifo"
    # Each log line with the time it arrived (ms); play is its own background process, so it is
    # the one killed.
    (while IFS= read -r line; do echo "$(date +%s%3N) $line"; done <"$t/fifo" >"$t/log") &
    SDL_VIDEODRIVER=dummy LOBBYSIGN_LOG=info "$bin" play --window 1920x1080 --always-on --store "$t/store" \
        --keys "$t/keys" --mounts "" --inbox "$t/inbox" "$1" 2>"$t/fifo" >/dev/null &
    pid=$!
    i=0
    until grep -q "looking for bundles" "$t/log" 2>/dev/null || [ $i -gt 200 ]; do sleep 0.05; i=$((i + 1)); done
    sleep 1 # the first slide settles
    t0=$(date +%s%3N)
    mv "$t/inbox/.sig.tmp" "$t/inbox/lobbysign.zip.minisig"
    i=0
    until grep -q "new content on screen" "$t/log" 2>/dev/null || [ $i -gt 800 ]; do sleep 0.05; i=$((i + 1)); done
    ready=$(grep -m1 "on screen: 已更新" "$t/log" | cut -d' ' -f1)
    frame=$(grep -m1 "new content on screen" "$t/log" | cut -d' ' -f1)
    kill $pid 2>/dev/null
    wait 2>/dev/null # play and the reader
    pid=""
    [ -n "$ready" ] && [ -n "$frame" ] && echo "$((ready - t0)) $((frame - t0))"
}

: >"$t/runs"
for i in 1 2 3; do run "$t/no-content" >>"$t/runs"; done
[ -s "$t/runs" ] || { echo "inbox.sh: no run reached the screen" >&2; exit 0; }
echo "inbox_to_ready_ms $(cut -d' ' -f1 "$t/runs" | median)"
echo "inbox_to_frame_ms $(cut -d' ' -f2 "$t/runs" | median)"
p=$(run "$src/playlists")
[ -n "$p" ] && echo "inbox_to_frame_playing_ms ${p#* }"
exit 0
