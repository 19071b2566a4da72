#!/bin/sh
# Checks every `#include "layer/..."` under SRC (default src/) against the layer graph of
# docs/architecture.md; prints file:line for each include a layer may not use and exits 1.
# Usage: tests/layers/check_includes.sh [SRC]   (ctest `layers`)
set -eu
src=${1:-src}
# layer: the layers it may include (itself always). Keep in step with CMakeLists.txt.
allowed() {
    case $1 in
    core) echo "core" ;;
    content) echo "content core" ;;
    schedule) echo "schedule content core" ;;
    text) echo "text core" ;;
    slides) echo "slides text content core" ;;
    render) echo "render slides text content core" ;;
    player) echo "player render slides text schedule content core" ;;
    store) echo "store content core" ;;
    power) echo "power core" ;;
    service) echo "service power player store render slides text schedule content core" ;;
    app) echo "app service power player store render slides text schedule content core" ;;
    *) echo "" ;;
    esac
}
bad=0
count=0
for dir in "$src"/*/; do
    layer=$(basename "$dir")
    ok=$(allowed "$layer")
    if [ -z "$ok" ]; then
        echo "$dir: 未知的层 / unknown layer '$layer': add it to tests/layers/check_includes.sh and CMakeLists.txt" >&2
        bad=1
        continue
    fi
    for f in $(find "$dir" -name '*.[ch]' | sort); do
        # line:layer for every quoted include with a layer prefix
        hits=$(awk '/^[ \t]*#[ \t]*include[ \t]*"[^"\/]+\// {
                        s = $0; sub(/^[^"]*"/, "", s); sub(/\/.*/, "", s); print FNR ":" s }' "$f")
        for hit in $(printf '%s\n' "$hits" | tr ' ' ':'); do
            line=${hit%%:*}
            to=${hit#*:}
            count=$((count + 1))
            case " $ok " in
            *" $to "*) ;;
            *)
                echo "$f:$line: 层 $layer 不得包含 $to / layer $layer may not include $to/ (allowed: $ok)" >&2
                bad=1
                ;;
            esac
        done
    done
done
if [ "$count" -eq 0 ]; then
    echo "$src: no layer includes found; is this the source tree?" >&2
    exit 1
fi
[ "$bad" -eq 0 ] && echo "layers: $count includes checked, all point down the layer graph"
exit "$bad"
