#!/usr/bin/env bash
# Benchmarks (the README's `make bench`): builds build/, runs the player benchmarks and, when
# /usr/bin/chromium exists, the same slide in headless Chromium; then on screen, under one Xvfb,
# `lobbysign play` and a Chromium kiosk window (bench/onscreen.sh); prints a table and writes
# bench/results.json. See bench/README.md for what each number means. The tools it needs beyond
# the build: scripts/install-deps.sh --bench (chromium, xvfb, imagemagick, valgrind, strace).
# Usage: scripts/bench.sh [--no-build] [--no-callgrind] [--no-chromium] [--no-onscreen]
# Env: BENCH_SECONDS (length of each timed run, default 5), CHROMIUM (browser path)
set -euo pipefail
cd "$(dirname "$0")/.."
build=1 callgrind=1 chromium=1 onscreen=1
for arg in "$@"; do
    case $arg in
    --no-build) build=0 ;;
    --no-callgrind) callgrind=0 ;;
    --no-chromium) chromium=0 ;;
    --no-onscreen) onscreen=0 ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
    esac
done
export BENCH_SECONDS=${BENCH_SECONDS:-5}
out=bench/results.json
raw=$(mktemp)
trap 'rm -f "$raw" "$raw".*' EXIT

if [ $build = 1 ]; then
    echo "== building build/ (RelWithDebInfo)" >&2
    scripts/build.sh >/dev/null
fi
bin=build/bench/bench_player
have_player=1
if [ ! -x "$bin" ]; then
    echo "bench.sh: $bin was not built (the player is not in this tree): lobbysign skipped" >&2
    have_player=0
fi

# key value lines, one source after another
{
    echo "machine $(uname -m)"
    echo "cpu $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >>"$raw"

if [ $have_player = 1 ]; then
    echo "== lobbysign: first frame, memory, ticker and static-slide frames" >&2
    "$bin" all >>"$raw"
fi

if [ -x build/bench/bench_text ]; then
    echo "== text engine: cold and warm layout, glyph rasterization, atlas (bench_text)" >&2
    build/bench/bench_text "$raw.text" >/dev/null
    sed -n 's/.*"name": "\([^"]*\)", "value": \([-0-9.e+]*\).*/text_\1 \2/p' "$raw.text" >>"$raw"
fi

if [ -x build/bench/bench_import ]; then
    echo "== store: import of a 50 MB signed stored zip vs cp + sync of it (bench_import)" >&2
    LOBBYSIGN_LOG=warn TMPDIR="$PWD/build" build/bench/bench_import >>"$raw"
fi

if [ -x build/lobbysign ]; then
    echo "== play: a bundle in the inbox to the first frame of the new content (bench/inbox.sh)" >&2
    sh bench/inbox.sh build/lobbysign . >>"$raw"
fi

if [ $have_player = 0 ]; then
    :
elif [ $callgrind = 1 ] && command -v valgrind >/dev/null; then
    echo "== lobbysign: callgrind instruction counts (first frame; a steady ticker frame)" >&2
    # instructions of one callgrind run of bench_player with the given arguments
    instr() {
        valgrind --tool=callgrind --callgrind-out-file="$raw.cg" "$bin" "$@" >/dev/null 2>&1 &&
            awk '/^(summary|totals):/ { print $2; exit }' "$raw.cg"
    }
    if first=$(instr first-frame-only) && t0=$(instr ticker-frames 0) && t60=$(instr ticker-frames 60); then
        echo "first_frame_instructions $first" >>"$raw"
        echo "ticker_frame_instructions $(((t60 - t0) / 60))" >>"$raw"
    else
        echo "callgrind: run failed, skipped" >&2
    fi
elif [ $callgrind = 1 ]; then
    echo "callgrind: valgrind not installed, skipped" >&2
fi

if [ $have_player = 1 ] && command -v strace >/dev/null; then
    echo "== lobbysign: system calls to the first frame (strace, bench_player first-frame-only)" >&2
    # repeatable counts: every call of the process (strace -c), and the reads of font files
    if strace -f -c -o "$raw.sc" "$bin" first-frame-only >/dev/null 2>&1 &&
        strace -f -e trace=openat,pread64,read,mmap -o "$raw.st" "$bin" first-frame-only >/dev/null 2>&1; then
        awk '$NF == "total" { print "first_frame_syscalls " $4 }
             $NF ~ /^(pread64|mmap|munmap|openat|read)$/ { print "first_frame_syscalls_" $NF " " $4 }' "$raw.sc" >>"$raw"
        # font files: the descriptors openat returned for .ttc/.otf/.ttf, then their reads and mappings
        awk '/openat\(.*\.(ttc|otf|ttf)"/ { n = split($0, a, "= "); fd[a[n] + 0] = 1 }
             /^[0-9]+ +(pread64|read)\(/ { split($0, b, "("); split(b[2], c, ","); if (c[1] + 0 in fd) reads++ }
             /^[0-9]+ +mmap\(/ { split($0, b, ", "); if (b[5] + 0 in fd && b[5] != "-1") maps++ }
             END { print "first_frame_font_reads " reads + 0; print "first_frame_font_mmaps " maps + 0 }' "$raw.st" >>"$raw"
    else
        echo "strace: run failed, skipped" >&2
    fi
elif [ $have_player = 1 ]; then
    echo "strace: not installed, system call counts skipped (scripts/install-deps.sh --bench)" >&2
fi

if [ $chromium = 1 ]; then
    echo "== chromium: the HTML twin (bench/html/)" >&2
    bench/chromium.sh >>"$raw"
    [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || echo "chromium not installed, skipped" >>"$raw"
fi

if [ $onscreen = 1 ] && [ -x build/lobbysign ]; then
    echo "== on screen: lobbysign play and a Chromium kiosk under one Xvfb 1920x1080 (bench/onscreen.sh)" >&2
    if [ $chromium = 0 ]; then CHROMIUM=/nonexistent bench/onscreen.sh >>"$raw"; else bench/onscreen.sh >>"$raw"; fi
fi

# Ratios chromium / lobbysign (how many times more the browser needs).
awk '
    { v[$1] = $2 }
    function ratio(name, a, b) { if ((a in v) && (b in v) && v[b] + 0 > 0) printf "%s %.1f\n", name, v[a] / v[b] }
    END {
        ratio("ratio_first_frame", "chromium_first_frame_ms", "first_frame_ms")
        ratio("ratio_memory", "chromium_pss_mb", "peak_rss_mb")
        ratio("ratio_memory_pss", "chromium_pss_mb", "pss_mb")
        ratio("ratio_ticker_cpu", "chromium_ticker_cpu_pct", "ticker_cpu_pct")
        ratio("ratio_onscreen_cpu", "chromium_onscreen_cpu_pct", "onscreen_cpu_pct")
        ratio("ratio_onscreen_pss", "chromium_onscreen_pss_mb", "onscreen_pss_mb")
        # the aim: the player plus the X server at most a quarter of the browser plus the X server
        a = "chromium_onscreen_cpu_pct"; b = "chromium_onscreen_x_cpu_pct"; c = "onscreen_cpu_pct"; d = "onscreen_x_cpu_pct"
        if ((a in v) && (b in v) && (c in v) && (d in v) && v[c] + v[d] > 0) {
            printf "onscreen_total_cpu_pct %.1f\nchromium_onscreen_total_cpu_pct %.1f\n", v[c] + v[d], v[a] + v[b]
            printf "ratio_onscreen_total_cpu %.1f\n", (v[a] + v[b]) / (v[c] + v[d])
        }
    }' "$raw" >"$raw.ratio"
cat "$raw.ratio" >>"$raw"

# results.json: numbers stay numbers, anything else becomes a string.
awk '
    BEGIN { printf "{\n"; n = 0 }
    {
        key = $1; val = $2
        for (i = 3; i <= NF; i++) val = val " " $i
        if (val !~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/) { gsub(/\\/, "\\\\", val); gsub(/"/, "\\\"", val); val = "\"" val "\"" }
        printf "%s  \"%s\": %s", (n++ ? ",\n" : ""), key, val
    }
    END { printf "\n}\n" }' "$raw" >"$out"

# The table.
awk '
    { v[$1] = $2 }
    function get(k) { return (k in v) ? v[k] : "-" }
    function row(what, mine, theirs, r) { printf "%-40s %14s %14s %9s\n", what, get(mine), get(theirs), (r in v) ? v[r] "x" : "-" }
    END {
        printf "%-40s %14s %14s %9s\n", "metric", "lobbysign", "chromium", "ratio"
        printf "%-40s %14s %14s %9s\n", "------", "---------", "--------", "-----"
        row("first frame (ms, process start, software)", "first_frame_ms", "chromium_first_frame_ms", "ratio_first_frame")
        row("memory (MB: our peak RSS / its PSS)", "peak_rss_mb", "chromium_pss_mb", "ratio_memory")
        row("memory (MB: PSS / PSS)", "pss_mb", "chromium_pss_mb", "ratio_memory_pss")
        row("ticker CPU (% of a core)", "ticker_cpu_pct", "chromium_ticker_cpu_pct", "ratio_ticker_cpu")
        row("ticker frames per second", "ticker_fps", "chromium_ticker_fps", "-")
        row("ticker frame CPU (ms, 1080p, median)", "ticker_frame_ms", "-", "-")
        row("static slide frames per second", "static_frames_per_s", "-", "-")
        row("first frame: exec to main (ms, software)", "first_frame_before_main_ms", "-", "-")
        row("first frame: main to frame (ms, software)", "first_frame_after_main_ms", "-", "-")
        row("first frame: fastest of the runs (ms)", "first_frame_min_ms", "-", "-")
        row("first frame: CPU time (ms, software)", "first_frame_cpu_ms", "-", "-")
        row("first frame: CPU time before main (ms)", "first_frame_cpu_before_main_ms", "-", "-")
        row("first frame instructions (callgrind)", "first_frame_instructions", "-", "-")
        row("first frame: libraries loaded before main", "first_frame_libraries", "-", "-")
        row("first frame: page faults", "first_frame_page_faults", "-", "-")
        row("first frame: system calls (strace -c)", "first_frame_syscalls", "-", "-")
        row("first frame: reads of font files", "first_frame_font_reads", "-", "-")
        row("first frame: mmap calls", "first_frame_syscalls_mmap", "-", "-")
        row("first frame: mmaps of font files", "first_frame_font_mmaps", "-", "-")
        row("ticker frame instructions (callgrind)", "ticker_frame_instructions", "-", "-")
        row("processes", "processes", "chromium_processes", "-")
        row("crossfade frame CPU (ms, 1080p, software)", "crossfade_frame_ms", "-", "-")
        row("crossfade: peak RSS (MB)", "crossfade_peak_rss_mb", "-", "-")
        row("text: cold headline slide (ms)", "text_cold_slide_median", "-", "-")
        row("text: warm layout, cache hit (us)", "text_warm_layout_cache_hit", "-", "-")
        row("text: glyphs rasterized per second", "text_glyphs_rasterized_per_s", "-", "-")
        row("text: atlas after the sample loop (MiB)", "text_atlas_bytes_whole_loop", "-", "-")
        row("on screen: player CPU (% of a core)", "onscreen_cpu_pct", "chromium_onscreen_cpu_pct", "ratio_onscreen_cpu")
        row("on screen: X server CPU (%)", "onscreen_x_cpu_pct", "chromium_onscreen_x_cpu_pct", "-")
        row("on screen: player + X server CPU (%)", "onscreen_total_cpu_pct", "chromium_onscreen_total_cpu_pct", "ratio_onscreen_total_cpu")
        row("on screen: PSS (MB)", "onscreen_pss_mb", "chromium_onscreen_pss_mb", "ratio_onscreen_pss")
        row("on screen: frames presented per second", "onscreen_fps", "chromium_onscreen_fps", "-")
        row("on screen, static slide: frames per second", "onscreen_static_fps", "-", "-")
        row("on screen, static slide: CPU (%)", "onscreen_static_cpu_pct", "-", "-")
        row("on screen: first frame (ms, process start)", "onscreen_first_frame_ms", "-", "-")
        row("on screen: first frame, exec to main (ms)", "onscreen_first_frame_before_main_ms", "-", "-")
        row("on screen: first frame, main to frame (ms)", "onscreen_first_frame_after_main_ms", "-", "-")
        row("on screen, crossfades: peak PSS (MB)", "onscreen_crossfade_peak_pss_mb", "-", "-")
        row("on screen, crossfades: CPU (%)", "onscreen_crossfade_cpu_pct", "-", "-")
        row("crossfade: the two pictures blended (MB)", "crossfade_pictures_mb", "-", "-")
        row("import 50 MB bundle (ms) / cp+sync (ms)", "import_50mb_ms", "cp_sync_50mb_ms", "-")
        row("import / cp+sync (aim <= 1.5)", "ratio_import_cp", "-", "-")
        row("inbox -> imported, on screen (ms)", "inbox_to_ready_ms", "-", "-")
        row("inbox -> first new frame (ms, aim < 2000)", "inbox_to_frame_ms", "-", "-")
        row("inbox -> new frame, samples playing (ms)", "inbox_to_frame_playing_ms", "-", "-")
    }' "$raw"
echo "wrote $out"
