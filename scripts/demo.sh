#!/bin/sh
# From a fresh Debian 12 machine to lobbysign playing the sample playlists: installs packages,
# builds, checks the playlists, then plays them fullscreen when a display is there, otherwise
# renders every slide to PNG files under out/ and says where they are.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/lobbysign validate playlists/

has_display() {
    [ -n "${WAYLAND_DISPLAY:-}" ] || [ -n "${DISPLAY:-}" ] && return 0
    for s in /sys/class/drm/card*-*/status; do
        [ -r "$s" ] && [ "$(cat "$s")" = connected ] && return 0
    done
    return 1
}

if has_display && [ "${LOBBYSIGN_DEMO:-}" != render ]; then
    echo "demo: display found: playing the sample playlists fullscreen (Esc or q quits)"
    exec build/lobbysign play --always-on playlists/
fi
echo "demo: no display found: rendering the sample playlists to PNG"
rm -rf out
build/lobbysign render --out out playlists/
