#!/bin/sh
# Cross-builds lobbysign for ARM with Debian's cross toolchain and tests it under qemu-user-static.
# Usage: scripts/cross.sh [--arch arm64|armhf] [--no-deps] [--no-deb]
#   1. installs (unless --no-deps; apt under `flock /tmp/apt.lock`) the cross compiler, the :ARCH
#      -dev packages, qemu-user-static and debhelper, adding the dpkg architecture if needed;
#   2. builds build-ARCH/ with cmake/<triplet>.cmake and -Werror;
#   3. runs ctest there: every test under qemu-user-static (CMAKE_CROSSCOMPILING_EMULATOR with
#      QEMU's -L /: no binfmt_misc needed), including compare_arch, which requires the ARCH binary's
#      PNGs to be byte-identical to build/lobbysign's (built natively first if missing);
#   4. builds dist/lobbysign_<version>_ARCH.deb (scripts/package.sh --arch ARCH) and runs its
#      binary, unpacked, under qemu: it must find its data and render.
# armhf (32-bit long and time_t, Raspberry Pi OS 32-bit) works the same way, but CI runs arm64
# only (LOBBYSIGN_CI_ARMHF=1 in .ci/run adds armhf). Measured on the shared 2-core CI machine:
#   arm64: packages ~2.5 min (fresh), build 1.3 min, ctest under qemu 5.7 min (test_soak 4.8),
#          package 1.6 min: about 8.5 min with the packages installed.
#   armhf: packages 2.6 min, build 1.5 min, ctest under qemu 10 min (test_soak 8.8): about 14 min.
# armhf status: every test passes except compare_arch: the scaled logo differs in ~100 pixels,
# because SDL's linear stretch has SSE2 (x86-64) and NEON (arm64) paths but plain C on armhf.
set -eu
cd "$(dirname "$0")/.."
arch=arm64
deps=yes
deb=yes
while [ $# -gt 0 ]; do
    case $1 in
    --arch) arch=${2:?}; shift 2 ;;
    --arch=*) arch=${1#--arch=}; shift ;;
    --no-deps) deps=no; shift ;;
    --no-deb) deb=no; shift ;;
    -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cross.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
done
case $arch in
arm64) triplet=aarch64-linux-gnu qemu=qemu-aarch64-static ;;
armhf) triplet=arm-linux-gnueabihf qemu=qemu-arm-static ;;
*) echo "cross.sh: --arch arm64 or armhf" >&2; exit 2 ;;
esac
t0=$(date +%s)
step() { echo "== cross $arch: $* ($(($(date +%s) - t0)) s)"; }

if [ "$deps" = yes ]; then
    step "packages"
    libs="libsdl2-dev libsdl2-image-dev libjansson-dev libfreetype-dev libharfbuzz-dev libicu-dev
          libqrencode-dev zlib1g-dev libpng-dev libjpeg-dev libstb-dev libsystemd-dev libarchive-dev libsodium-dev
          libexpat1-dev libdrm-dev libx11-dev libxext-dev"
    want="gcc-$triplet libc6-dev-$arch-cross qemu-user-static debhelper dpkg-dev cmake pkg-config file"
    for l in $libs; do want="$want $l:$arch"; done
    missing=""
    for p in $want; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        SUDO=""
        [ "$(id -u)" = 0 ] || SUDO=sudo
        export DEBIAN_FRONTEND=noninteractive
        # shellcheck disable=SC2086
        $SUDO flock /tmp/apt.lock sh -c "
            dpkg --print-foreign-architectures | grep -qx $arch || { dpkg --add-architecture $arch && apt-get update -qq; }
            apt-get install -y -qq --no-install-recommends $missing" >/tmp/cross-apt-$arch.log 2>&1 ||
            { tail -30 /tmp/cross-apt-$arch.log >&2; echo "cross.sh: apt failed" >&2; exit 1; }
    fi
fi

if [ ! -x build/lobbysign ]; then
    step "native reference build (build/)"
    scripts/build.sh
fi

step "cross build (build-$arch/)"
cmake -S . -B "build-$arch" -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/$triplet.cmake" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLOBBYSIGN_WERROR="${LOBBYSIGN_WERROR:-ON}" -DLOBBYSIGN_REFERENCE_BIN="$PWD/build/lobbysign" >/dev/null
cmake --build "build-$arch" -j "$(nproc)"
file "build-$arch/lobbysign" | grep -q "ARM" || { echo "cross.sh: build-$arch/lobbysign is not an ARM binary" >&2; exit 1; }

# The endurance tests (simulated hours of playing) take 6-8 minutes each under qemu and test
# nothing architecture-specific that the native run misses; LOBBYSIGN_CROSS_EXCLUDE='' runs them.
exclude=${LOBBYSIGN_CROSS_EXCLUDE-^(test_soak|test_memory)$}
step "ctest under $qemu${exclude:+ (without $exclude)}"
ctest --test-dir "build-$arch" --output-on-failure -j "$(nproc)" ${exclude:+-E "$exclude"}

if [ "$deb" = yes ]; then
    step "package"
    scripts/package.sh --arch "$arch"
    version=$(dpkg-parsechangelog -l debian/changelog -S Version)
    pkg=dist/lobbysign_${version}_${arch}.deb
    [ "$(dpkg-deb -f "$pkg" Architecture)" = "$arch" ] || { echo "cross.sh: $pkg is not $arch" >&2; exit 1; }
    tmp=$(mktemp -d)
    dpkg-deb -x "$pkg" "$tmp"
    data=$(cd / && "$qemu" -L / "$tmp/usr/bin/lobbysign" --version | sed -n 's/^data: //p')
    [ "$data" = "$tmp/usr/share/lobbysign" ] || { echo "cross.sh: packaged binary uses data '$data'" >&2; rm -rf "$tmp"; exit 1; }
    (cd / && LOBBYSIGN_LOG=warn "$qemu" -L / "$tmp/usr/bin/lobbysign" render --size 640x360 --out "$tmp/out") >/dev/null ||
        { echo "cross.sh: the packaged $arch binary does not render" >&2; rm -rf "$tmp"; exit 1; }
    rm -rf "$tmp"
    echo "cross.sh: $pkg renders under $qemu; Depends: $(dpkg-deb -f "$pkg" Depends | cut -c1-120)..."
fi
step "done"
