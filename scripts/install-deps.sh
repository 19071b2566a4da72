#!/bin/sh
# Installs the Debian 12 / Raspberry Pi OS packages lobbysign needs to build, test and run.
# Idempotent: installs only what is missing, and says what that is. Uses sudo when not root.
set -eu

PKGS="build-essential cmake pkg-config
libsdl2-dev libsdl2-image-dev libsdl2-ttf-dev
zlib1g-dev libfreetype-dev libharfbuzz-dev libicu-dev libjansson-dev libqrencode-dev libstb-dev libpng-dev libjpeg-dev
libarchive-dev libexpat1-dev libsodium-dev
libdrm-dev libx11-dev libxext-dev linux-libc-dev
fonts-noto-cjk fonts-wqy-microhei fonts-dejavu-core"
# --dev: tests and CI also want clang (libFuzzer target) and valgrind (benchmarks), the
# packaging tests want systemd-analyze and the package tools, and the store tests want minisign
# (signature interop; operators sign bundles with it) and zip (an operator's archive); the
# workbook tests want libxlsxwriter (test fixtures), LibreOffice (re-saves workbooks) and poppler.
# --bench: what scripts/bench.sh needs beyond the build (chromium, xvfb, imagemagick, valgrind, strace).
# --fleet: the fleet test (tests/fleet: Syncthing, Xvfb, headless Chromium, minisign, python3).
# --windows: what scripts/windows.sh (mingw-w64 cross build from Debian's source packages) and
# tests/windows/check.sh (wine, Xvfb for the preview window's screenshot, minisign) need.
# --package: what scripts/package.sh and tests/package/check.sh need (debhelper, mmdebstrap).
for arg in "$@"; do
    case $arg in
    --dev) PKGS="$PKGS clang libclang-rt-14-dev valgrind systemd libsystemd-dev minisign zip libxlsxwriter-dev libreoffice-calc-nogui poppler-utils" ;;
    --bench) PKGS="$PKGS valgrind chromium xvfb imagemagick strace" ;;
    --fleet) PKGS="$PKGS syncthing xvfb chromium minisign python3" ;;
    --package) PKGS="$PKGS debhelper dpkg-dev fakeroot mmdebstrap libsystemd-dev libarchive-dev libexpat1-dev libsodium-dev" ;;
    --windows) PKGS="$PKGS gcc-mingw-w64-x86-64-posix g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 dpkg-dev autoconf automake libtool icu-devtools ninja-build wine wine64 xvfb x11-apps imagemagick minisign zip" ;;
    esac
done

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    echo "install-deps: all packages already installed"
    exit 0
fi

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install-deps: not root and sudo is missing; run as root: apt-get install$missing" >&2
        exit 2
    fi
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
echo "install-deps: done"
