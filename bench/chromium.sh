#!/usr/bin/env bash
# The browser-kiosk peer: headless Chromium showing the HTML twin of the bench slide
# (bench/html/, same text and font, 1920x1080). Prints "key value" lines:
#   chromium_version              the browser's version string
#   chromium_first_frame_ms       median wall time of `chromium --headless --screenshot` (headline twin)
#   chromium_pss_mb               PSS summed over every process of a browser showing the ticker twin
#   chromium_rss_mb               RSS summed the same way (counts shared pages many times)
#   chromium_processes            how many processes that browser runs
#   chromium_ticker_cpu_pct       CPU time of all its processes while the ticker scrolls, % of one core
#   chromium_ticker_fps           frames per second the page's ticker script ran at (its own count)
# Prints "chromium: not installed, skipped" (to stderr) and nothing else when there is no Chromium.
# Usage: bench/chromium.sh [RUNS]   (RUNS screenshots for the median, default 5)
# Env: CHROMIUM=/path/to/chromium (default /usr/bin/chromium), BENCH_SECONDS (sampling window, 5)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
runs=${1:-5}
window=${BENCH_SECONDS:-5}
if [ ! -x "$chromium" ]; then
    echo "chromium: not installed, skipped" >&2
    exit 0
fi

tmp=$(mktemp -d)
browser=
cleanup() {
    if [ -n "$browser" ]; then
        kill "$browser" 2>/dev/null || true
        wait "$browser" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --hide-scrollbars --window-size=1920,1080
       --disable-renderer-backgrounding --disable-background-timer-throttling
       --disable-backgrounding-occluded-windows)

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "chromium_version $("$chromium" --version 2>/dev/null | awk '{ print $2; exit }')"

# 1. Process start to a screenshot on disk, fresh profile each run (a cold kiosk start).
for i in $(seq "$runs"); do
    profile=$(mktemp -d "$tmp/profile.XXXXXX")
    t0=$(now_ms)
    "$chromium" "${flags[@]}" --user-data-dir="$profile" --screenshot="$tmp/shot.png" \
        "file://$here/html/headline.html" >/dev/null 2>&1
    t1=$(now_ms)
    [ -s "$tmp/shot.png" ] || { echo "chromium: no screenshot written" >&2; exit 1; }
    rm -f "$tmp/shot.png"
    echo $((t1 - t0))
done | median | awk '{ print "chromium_first_frame_ms", $1 }'

# 2. A browser that keeps showing the ticker twin (remote debugging keeps it open).
profile=$(mktemp -d "$tmp/profile.XXXXXX")
"$chromium" "${flags[@]}" --user-data-dir="$profile" --remote-debugging-port=0 \
    "file://$here/html/ticker.html" >/dev/null 2>&1 &
browser=$!
for _ in $(seq 100); do
    [ -s "$profile/DevToolsActivePort" ] && break
    sleep 0.1
done
[ -s "$profile/DevToolsActivePort" ] || { echo "chromium: browser did not start" >&2; exit 1; }
sleep 3 # the page loads, fonts load, the animation settles

# Every process of that browser: descendants of $browser, plus anything naming its profile
# (crashpad's handler re-parents itself to init).
tree_pids() {
    local all pid ppid
    declare -A parent
    for stat in /proc/[0-9]*/stat; do
        pid=${stat#/proc/}; pid=${pid%/stat}
        ppid=$(sed 's/.*) //' "$stat" 2>/dev/null | awk '{ print $2 }') || continue
        [ -n "$ppid" ] && parent[$pid]=$ppid
    done
    all=" $browser "
    local grew=1
    while [ $grew = 1 ]; do
        grew=0
        for pid in "${!parent[@]}"; do
            case "$all" in *" $pid "*) continue ;; esac
            case "$all" in *" ${parent[$pid]} "*) all="$all$pid "; grew=1 ;; esac
        done
    done
    for pid in "${!parent[@]}"; do
        case "$all" in *" $pid "*) continue ;; esac
        if cat "/proc/$pid/cmdline" 2>/dev/null | tr "\0" " " | grep -qF "$profile"; then all="$all$pid "; fi
    done
    echo $all
}
# kB of one smaps_rollup field summed over pids
sum_field() {
    local field=$1; shift
    for pid in "$@"; do cat "/proc/$pid/smaps_rollup" 2>/dev/null; done |
        awk -v f="$field:" '$1 == f { s += $2 } END { print s + 0 }'
}
# CPU ticks (utime + stime) summed over pids
sum_ticks() {
    for pid in "$@"; do sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null; done |
        awk '{ s += $12 + $13 } END { print s + 0 }'
}

pids=$(tree_pids)
hz=$(getconf CLK_TCK)
c0=$(sum_ticks $pids); t0=$(now_ms)
pss=(); rss=()
for _ in $(seq "$window"); do
    sleep 1
    pids=$(tree_pids)
    pss+=("$(sum_field Pss $pids)")
    rss+=("$(sum_field Rss $pids)")
done
c1=$(sum_ticks $pids); t1=$(now_ms)
n=$(echo $pids | wc -w)

# The page's own frame rate, from its title, over the DevTools HTTP endpoint (bash's /dev/tcp).
port=$(head -n 1 "$profile/DevToolsActivePort")
fps=$( (exec 3<>"/dev/tcp/127.0.0.1/$port" &&
        printf 'GET /json/list HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3 &&
        timeout 5 cat <&3) 2>/dev/null |
      sed -n 's/.*"title": *"fps \([0-9.]*\)".*/\1/p' | head -n 1) || true
if [ -n "$fps" ]; then echo "chromium_ticker_fps $fps"; fi

printf '%s\n' "${pss[@]}" | median | awk '{ printf "chromium_pss_mb %.1f\n", $1 / 1024 }'
printf '%s\n' "${rss[@]}" | median | awk '{ printf "chromium_rss_mb %.1f\n", $1 / 1024 }'
echo "chromium_processes $n"
awk -v c=$((c1 - c0)) -v hz="$hz" -v ms=$((t1 - t0)) \
    'BEGIN { printf "chromium_ticker_cpu_pct %.1f\n", 100 * c / hz / (ms / 1000) }'
