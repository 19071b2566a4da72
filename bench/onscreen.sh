#!/usr/bin/env bash
# On screen, side by side: one Xvfb at 1920x1080x24, then in turn (never both at once, so the X
# server's CPU is attributable) `lobbysign play` fullscreen on the bench slide and a Chromium kiosk
# window (`chromium --kiosk`, no GPU) on its HTML twin. Each gets WARM s to settle, then WINDOW s
# of sampling: CPU of its processes and of the X server (utime + stime from /proc), PSS summed
# over its processes (median of one sample a second), frames presented per second. Prints
# "key value" lines:
#   onscreen_present                 the presenter `play` chose, and why (its log line)
#   onscreen_first_frame_ms          `play`'s "first frame on screen" (from process start), median of
#                                    FIRST_RUNS fresh processes; _after_main_ms from main's first line,
#                                    _before_main_ms the rest (exec and the dynamic loader; the start
#                                    time comes from /proc, 10 ms steps)
#   onscreen_cpu_pct, onscreen_x_cpu_pct, onscreen_pss_mb, onscreen_fps   the ticker slide
#   onscreen_static_fps, onscreen_static_cpu_pct, onscreen_static_x_cpu_pct   the same slide, no ticker
#   onscreen_crossfade_peak_pss_mb, onscreen_crossfade_cpu_pct   two slides crossfading every 2 s
#   chromium_onscreen_cpu_pct, chromium_onscreen_x_cpu_pct, chromium_onscreen_pss_mb,
#   chromium_onscreen_fps, chromium_onscreen_processes                  the kiosk on ticker.html
# `play`'s frames come from its SIGUSR1 log lines; Chromium's from the page's own requestAnimationFrame
# count (its title, read over DevTools). Screenshots (`import -window root`) of both are written to
# ONSCREEN_SHOTS (default: a temporary folder, removed) to check each filled the screen.
# Usage: bench/onscreen.sh [LOBBYSIGN]   (default build/lobbysign)
# Env: WARM (5), WINDOW (10), FIRST_RUNS (5), CHROMIUM (/usr/bin/chromium), ONSCREEN_SHOTS, ONSCREEN_PRESENT (auto)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
player=${1:-$root/build/lobbysign}
chromium=${CHROMIUM:-/usr/bin/chromium}
warm=${WARM:-5}
window=${WINDOW:-10}
present=${ONSCREEN_PRESENT:-auto}
if ! command -v Xvfb >/dev/null; then
    echo "onscreen: Xvfb not installed, skipped (scripts/install-deps.sh --bench)" >&2
    exit 0
fi
tmp=$(mktemp -d)
shots=${ONSCREEN_SHOTS:-$tmp}
mkdir -p "$shots"
xpid= ppid_= browser=
cleanup() {
    for p in $ppid_ $browser $xpid; do
        kill "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

# A free display number, and the server.
d=90
while [ -e "/tmp/.X11-unix/X$d" ] || [ -e "/tmp/.X$d-lock" ]; do d=$((d + 1)); done
export DISPLAY=:$d
Xvfb "$DISPLAY" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$d" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X$d" ] || { echo "onscreen: Xvfb did not start" >&2; exit 1; }
hz=$(getconf CLK_TCK)

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# pid and every descendant of it, plus processes whose command line names $2 (re-parented helpers)
tree_pids() {
    local top=$1 match=${2:-} pid pp all grew
    declare -A parent
    for stat in /proc/[0-9]*/stat; do
        pid=${stat#/proc/}; pid=${pid%/stat}
        pp=$(sed 's/.*) //' "$stat" 2>/dev/null | awk '{ print $2 }') || continue
        [ -n "$pp" ] && parent[$pid]=$pp
    done
    all=" $top "
    grew=1
    while [ $grew = 1 ]; do
        grew=0
        for pid in "${!parent[@]}"; do
            case "$all" in *" $pid "*) continue ;; esac
            case "$all" in *" ${parent[$pid]} "*) all="$all$pid "; grew=1 ;; esac
        done
    done
    if [ -n "$match" ]; then
        for pid in "${!parent[@]}"; do
            case "$all" in *" $pid "*) continue ;; esac
            if { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$match"; then all="$all$pid "; fi
        done
    fi
    echo $all
}
sum_pss() { for p in "$@"; do cat "/proc/$p/smaps_rollup" 2>/dev/null; done | awk '$1 == "Pss:" { s += $2 } END { print s + 0 }'; }
sum_ticks() { for p in "$@"; do sed 's/.*) //' "/proc/$p/stat" 2>/dev/null; done | awk '{ s += $12 + $13 } END { print s + 0 }'; }
pct() { awk -v c="$1" -v hz="$hz" -v ms="$2" 'BEGIN { printf "%.1f", 100 * c / hz / (ms / 1000) }'; }

# Samples the processes `pids_cmd` names for $window s: sets cpu, xcpu, pss_mb, ms.
sample() {
    local pids c0 x0 t0 c1 x1 t1 pss=()
    pids=$($1)
    c0=$(sum_ticks $pids); x0=$(sum_ticks $xpid); t0=$(now_ms)
    for _ in $(seq "$window"); do
        sleep 1
        pids=$($1)
        pss+=("$(sum_pss $pids)")
    done
    c1=$(sum_ticks $pids); x1=$(sum_ticks $xpid); t1=$(now_ms)
    ms=$((t1 - t0))
    cpu=$(pct $((c1 - c0)) $ms)
    xcpu=$(pct $((x1 - x0)) $ms)
    pss_mb=$(printf '%s\n' "${pss[@]}" | median | awk '{ printf "%.1f", $1 / 1024 }')
    nproc_=$(echo $pids | wc -w)
}

# frames presented between the last two "frames presented" lines of a play log, per second
play_fps() {
    grep 'frames presented:' "$1" | tail -n 2 |
        awk '{ for (i = 1; i <= NF; i++) if ($i == "presented:") { f[NR] = $(i + 1); t[NR] = $(i + 3) } }
             END { if (NR == 2 && t[2] > t[1]) printf "%.1f", (f[2] - f[1]) / (t[2] - t[1]); else print "-" }'
}

run_play() { # content key-prefix
    local log=$tmp/play-$2.log
    LOBBYSIGN_LOG=info "$player" play --always-on --present "$present" "$1" >"$log" 2>&1 &
    ppid_=$!
    sleep "$warm"
    kill -0 "$ppid_" 2>/dev/null || { echo "onscreen: play exited:" >&2; cat "$log" >&2; exit 1; }
    import -window root "$shots/play-$2.png" 2>/dev/null || true
    kill -USR1 "$ppid_"
    sample "echo $ppid_"
    kill -USR1 "$ppid_"
    sleep 1.2 # the loop looks at signals at least once a second
    kill "$ppid_"; wait "$ppid_" 2>/dev/null || true
    ppid_=
    fps=$(play_fps "$log")
    if [ "$2" = ticker ]; then
        echo "onscreen_present $(sed -n 's/.*presenting through the \(.*\)/\1/p' "$log" | head -n 1)"
        echo "onscreen_cpu_pct $cpu"; echo "onscreen_x_cpu_pct $xcpu"; echo "onscreen_pss_mb $pss_mb"
        echo "onscreen_fps $fps"
    else
        echo "onscreen_static_cpu_pct $cpu"; echo "onscreen_static_x_cpu_pct $xcpu"; echo "onscreen_static_fps $fps"
    fi
}

# The first frame on screen: FIRST_RUNS fresh processes on the ticker slide, each ended once it
# logged "first frame on screen N ms after start (M ms after main)".
echo "onscreen: lobbysign play, first frame on screen (${FIRST_RUNS:-5} fresh processes)" >&2
: >"$tmp/first"
for _ in $(seq "${FIRST_RUNS:-5}"); do
    LOBBYSIGN_LOG=info "$player" play --always-on --present "$present" "$root/bench/content/ticker" >"$tmp/play-first.log" 2>&1 &
    ppid_=$!
    for _ in $(seq 100); do grep -q 'first frame on screen' "$tmp/play-first.log" && break; sleep 0.1; done
    kill "$ppid_"; wait "$ppid_" 2>/dev/null || true
    ppid_=
    sed -n 's/.*first frame on screen \([0-9]*\) ms after start (\([0-9.]*\) ms after main).*/\1 \2/p' "$tmp/play-first.log" | head -n 1 >>"$tmp/first"
done
if [ -s "$tmp/first" ]; then
    echo "onscreen_first_frame_ms $(awk '{ print $1 }' "$tmp/first" | median)"
    echo "onscreen_first_frame_after_main_ms $(awk '{ print $2 }' "$tmp/first" | median)"
    echo "onscreen_first_frame_before_main_ms $(awk '{ print $1 - $2 }' "$tmp/first" | median)"
fi

echo "onscreen: lobbysign play, ticker slide" >&2
run_play "$root/bench/content/ticker" ticker
echo "onscreen: lobbysign play, the same slide without a ticker" >&2
run_play "$root/bench/content/static" static

# Crossfades: two headlines of 2 s (bench/content/crossfade/), PSS sampled four times a second.
echo "onscreen: lobbysign play, two slides crossfading every 2 s" >&2
LOBBYSIGN_LOG=info "$player" play --always-on --present "$present" "$root/bench/content/crossfade" >"$tmp/play-fade.log" 2>&1 &
ppid_=$!
sleep "$warm"
c0=$(sum_ticks $ppid_); t0=$(now_ms); peak=0
for _ in $(seq $((window * 4))); do
    sleep 0.25
    k=$(sum_pss $ppid_)
    [ "$k" -gt "$peak" ] && peak=$k
done
c1=$(sum_ticks $ppid_); t1=$(now_ms)
kill "$ppid_"; wait "$ppid_" 2>/dev/null || true
ppid_=
echo "onscreen_crossfade_cpu_pct $(pct $((c1 - c0)) $((t1 - t0)))"
awk -v k="$peak" 'BEGIN { printf "onscreen_crossfade_peak_pss_mb %.1f\n", k / 1024 }'

if [ ! -x "$chromium" ]; then
    echo "onscreen: chromium not installed, kiosk skipped (scripts/install-deps.sh --bench)" >&2
    exit 0
fi
echo "onscreen: chromium --kiosk, ticker twin" >&2
profile=$(mktemp -d "$tmp/profile.XXXXXX")
"$chromium" --kiosk --no-sandbox --disable-gpu --no-first-run --disable-quic --disable-sync \
    --disable-background-networking --disable-component-update --noerrdialogs --disable-infobars \
    --disable-features=Translate,TranslateUI \
    --window-position=0,0 --window-size=1920,1080 --hide-scrollbars \
    --user-data-dir="$profile" --remote-debugging-port=0 "file://$here/html/ticker.html" >/dev/null 2>&1 &
browser=$!
for _ in $(seq 100); do [ -s "$profile/DevToolsActivePort" ] && break; sleep 0.1; done
[ -s "$profile/DevToolsActivePort" ] || { echo "onscreen: chromium did not start" >&2; exit 1; }
sleep "$warm"
import -window root "$shots/chromium.png" 2>/dev/null || true
sample "tree_pids $browser $profile"
port=$(head -n 1 "$profile/DevToolsActivePort")
cfps=$( (exec 3<>"/dev/tcp/127.0.0.1/$port" &&
         printf 'GET /json/list HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3 &&
         timeout 5 cat <&3) 2>/dev/null | sed -n 's/.*"title": *"fps \([0-9.]*\)".*/\1/p' | head -n 1) || true
echo "chromium_onscreen_cpu_pct $cpu"; echo "chromium_onscreen_x_cpu_pct $xcpu"
echo "chromium_onscreen_pss_mb $pss_mb"; echo "chromium_onscreen_processes $nproc_"
[ -n "$cfps" ] && echo "chromium_onscreen_fps $cfps"
exit 0
