#!/bin/bash
# Builds lobbysign.exe for 64-bit Windows (10/11) with mingw-w64 on Debian 12, and the operator kit.
#   scripts/windows.sh            libraries (cached) + build-win64/lobbysign.exe + dist/ kit
#   scripts/windows.sh --libs     only the libraries
#   LOBBYSIGN_WIN_ONLY="icu expat" builds only those packages (the others must be cached)
# The libraries come from Debian 12's own source packages (apt-get source; the script adds a deb-src
# entry mirroring the deb one when there is none), the same versions as the board, built static for
# Windows into ${LOBBYSIGN_WIN_CACHE:-/var/cache/lobbysign/win64}/<pkg>_<version>/ (outside the
# clone). A package whose version and recipe are unchanged is not rebuilt, so a second run only
# builds lobbysign. Nothing is downloaded from elsewhere and nothing is copied into the repository.
# Needs: scripts/install-deps.sh --windows.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CACHE=${LOBBYSIGN_WIN_CACHE:-/var/cache/lobbysign/win64}
HOST=x86_64-w64-mingw32
JOBS=$(nproc)
TOOLCHAIN=$ROOT/cmake/x86_64-w64-mingw32.cmake
export CC=$HOST-gcc-posix CXX=$HOST-g++-posix AR=$HOST-gcc-ar-posix RANLIB=$HOST-gcc-ranlib-posix
export RC=$HOST-windres WINDRES=$HOST-windres STRIP=$HOST-strip
export CFLAGS="-O2" CXXFLAGS="-O2"
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

say() { printf 'windows.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

for t in $CC $CXX $HOST-windres dpkg-source apt-get cmake icupkg genccode; do
    command -v "$t" >/dev/null 2>&1 ||
        die "缺少 $t / $t is missing: run scripts/install-deps.sh --windows"
done
mkdir -p "$CACHE/src" "$CACHE/build" || die "cannot create $CACHE (set LOBBYSIGN_WIN_CACHE to a writable folder)"

# --- sources -----------------------------------------------------------------------------------
ensure_deb_src() {
    if grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        return 0
    fi
    [ "$(id -u)" = 0 ] || die "no deb-src entry in /etc/apt: run once as root (it adds /etc/apt/sources.list.d/lobbysign-deb-src.sources)"
    say "adding deb-src entries mirroring the deb ones"
    {
        for f in /etc/apt/sources.list.d/*.sources; do
            [ -f "$f" ] && grep -q '^Types:.*\bdeb\b' "$f" && sed 's/^Types:.*/Types: deb-src/' "$f" && echo
        done
        [ -f /etc/apt/sources.list ] && sed -n 's/^deb \(.*\)/Types: deb-src\nURIs: \1\n/p' /etc/apt/sources.list |
            awk '/^URIs:/{split($0,a," "); print "URIs: " a[2]; print "Suites: " a[3]; c=""; for(i=4;i<=length(a);i++) c=c " " a[i]; print "Components:" c; next} {print}'
    } >/etc/apt/sources.list.d/lobbysign-deb-src.sources
    apt-get update -qq >&2
}

# have_all DSC: every file the .dsc lists is in $CACHE/src with its size.
have_all() {
    local sum size name
    while read -r sum size name; do
        [ "$(stat -c %s "$CACHE/src/$name" 2>/dev/null)" = "$size" ] || return 1
    done < <(sed -n '/^Files:/,/^[^ ]/{/^ /p}' "$1")
}

# fetch PKG BINARY: downloads Debian's source package PKG into $CACHE/src, preferring the version
# of BINARY installed here (what the Linux build links), then the newest available; prints version.
fetch() {
    local pkg=$1 bin=$2 v vs
    vs=$({ dpkg-query -W -f='${source:Version}\n' "$bin" 2>/dev/null || true
           apt-cache showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | sort -rV; } | awk 'NF && !seen[$0]++')
    for v in $vs; do
        if [ -f "$CACHE/src/${pkg}_${v#*:}.dsc" ] && have_all "$CACHE/src/${pkg}_${v#*:}.dsc"; then
            echo "$v"; return 0
        fi
        if (cd "$CACHE/src" && apt-get source --download-only -qq "$pkg=$v" >/dev/null 2>&1); then
            echo "$v"; return 0
        fi
    done
    # The mirror may lack a Debian packaging tarball while holding the upstream one of the version.
    for v in $vs; do
        if ls "$CACHE/src/${pkg}_${v#*:}"*.orig.tar.* >/dev/null 2>&1 || ls "$CACHE/src/${pkg}_${v%-*}"*.orig.tar.* >/dev/null 2>&1; then
            say "$pkg $v: only the upstream (orig) tarball could be fetched; building it without Debian's patches"
            echo "$v"; return 0
        fi
    done
    die "cannot fetch the source of $pkg ($vs) with apt-get source"
}

# unpack PKG VERSION DIR: the patched source tree in DIR (fresh).
unpack() {
    local pkg=$1 v=$2 dir=$3 up orig
    rm -rf "$dir"
    if (cd "$CACHE/src" && dpkg-source -q -x --no-check "${pkg}_${v#*:}.dsc" "$dir" >/dev/null 2>&1); then
        return 0
    fi
    up=${v#*:}; up=${up%-*}
    orig=$(ls "$CACHE/src/${pkg}_${up}".orig.tar.* | grep -v '\.asc$' | head -1)
    mkdir -p "$dir" && tar -xf "$orig" -C "$dir" --strip-components=1
}

# --- recipes: recipe_PKG SRC PREFIX (deps' prefixes in $P_<pkg>) --------------------------------
cm() { # cmake for the host with the mingw toolchain; the deps' prefixes as find roots
    local src=$1 pre=$2; shift 2
    cmake -S "$src" -B "$src/_b" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_C_FLAGS_RELEASE="-O2" -DCMAKE_CXX_FLAGS_RELEASE="-O2" \
        -DCMAKE_INSTALL_PREFIX="$pre" -DCMAKE_FIND_ROOT_PATH="$DEPROOTS" -DBUILD_SHARED_LIBS=OFF "$@" >"$src/_cmake.log" ||
        { tail -20 "$src/_cmake.log" >&2; return 1; }
    cmake --build "$src/_b" -j "$JOBS" >"$src/_build.log" || { tail -30 "$src/_build.log" >&2; return 1; }
    cmake --install "$src/_b" >/dev/null
}

recipe_zlib() {
    (cd "$1" && CHOST=$HOST ./configure --static --prefix="$2" >/dev/null && make -j "$JOBS" libz.a >/dev/null &&
        make install-libs install-headers >/dev/null 2>&1 || { mkdir -p "$2/lib/pkgconfig" "$2/include"; cp libz.a "$2/lib/"; cp zlib.h zconf.h "$2/include/"; })
    mkdir -p "$2/lib/pkgconfig"
    printf 'prefix=%s\nName: zlib\nDescription: zlib\nVersion: 1.2.13\nLibs: -L${prefix}/lib -lz\nCflags: -I${prefix}/include\n' "$2" >"$2/lib/pkgconfig/zlib.pc"
}
recipe_libpng1_6() {
    (cd "$1" && ./configure --host=$HOST --prefix="$2" --disable-shared --enable-static --disable-tools \
        CPPFLAGS="-I$P_zlib/include" LDFLAGS="-L$P_zlib/lib" >/dev/null && make -j "$JOBS" >/dev/null && make install >/dev/null)
}
recipe_libjpeg_turbo() {
    cm "$1" "$2" -DENABLE_SHARED=OFF -DENABLE_STATIC=ON -DWITH_SIMD=OFF -DWITH_TURBOJPEG=OFF
}
recipe_freetype() {
    cm "$1" "$2" -DFT_DISABLE_ZLIB=ON -DFT_DISABLE_BZIP2=ON -DFT_DISABLE_PNG=ON -DFT_DISABLE_HARFBUZZ=ON \
        -DFT_DISABLE_BROTLI=ON || return 1
}
recipe_harfbuzz() {
    cm "$1" "$2" -DHB_HAVE_FREETYPE=ON -DHB_HAVE_GLIB=OFF -DHB_HAVE_ICU=OFF -DHB_HAVE_GOBJECT=OFF \
        -DHB_BUILD_SUBSET=OFF -DHB_BUILD_UTILS=OFF -DHB_BUILD_TESTS=OFF || return 1
    sed -i 's/^Requires:.*/Requires: freetype2/; s/^Requires.private:.*//' "$2"/lib/pkgconfig/harfbuzz.pc 2>/dev/null || true
}
recipe_jansson() {
    cm "$1" "$2" -DJANSSON_BUILD_DOCS=OFF -DJANSSON_EXAMPLES=OFF -DJANSSON_WITHOUT_TESTS=ON -DJANSSON_BUILD_SHARED_LIBS=OFF
}
recipe_libsdl2() {
    cm "$1" "$2" -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DSDL_AUDIO=OFF -DSDL_JOYSTICK=OFF \
        -DSDL_HAPTIC=OFF -DSDL_HIDAPI=OFF -DSDL_SENSOR=OFF -DSDL_POWER=OFF -DSDL_LOCALE=OFF -DSDL_MISC=OFF
}
recipe_qrencode() {
    cm "$1" "$2" -DWITH_TOOLS=NO -DWITH_TESTS=NO || return 1
    if [ ! -f "$2/lib/pkgconfig/libqrencode.pc" ]; then
        mkdir -p "$2/lib/pkgconfig"
        printf 'prefix=%s\nName: libqrencode\nDescription: QR code\nVersion: 4.1.1\nLibs: -L${prefix}/lib -lqrencode\nCflags: -I${prefix}/include\n' "$2" >"$2/lib/pkgconfig/libqrencode.pc"
    fi
}
recipe_libarchive() {
    local off=""
    for o in OPENSSL LIBB2 LZ4 LZO LZMA ZSTD BZip2 LIBXML2 EXPAT PCREPOSIX LIBGCC CNG TAR CPIO CAT ACL XATTR ICONV TEST NETTLE MBEDTLS WIN32_XMLLITE; do
        off="$off -DENABLE_$o=OFF"
    done
    # shellcheck disable=SC2086
    cm "$1" "$2" $off -DPOSIX_REGEX_LIB=NONE -DENABLE_ZLIB=ON -DZLIB_ROOT="$P_zlib" || return 1
    sed -i 's/^Cflags: \(.*\)/Cflags: \1 -DLIBARCHIVE_STATIC/; s/^Libs: \(.*\)/Libs: \1 -lz -lbcrypt/' "$2/lib/pkgconfig/libarchive.pc"
    sed -i "s|^Libs: |Libs: -L$P_zlib/lib |" "$2/lib/pkgconfig/libarchive.pc"
}
recipe_libsodium() {
    # Debian's orig tarball is the git tree: configure comes from autoreconf, as Debian's build does
    (cd "$1" && { [ -x configure ] || autoreconf -fi >/dev/null 2>&1; } &&
        ./configure --host=$HOST --prefix="$2" --disable-shared --enable-static --disable-pie >/dev/null &&
        make -j "$JOBS" >/dev/null && make install >/dev/null) || return 1
    sed -i 's/^Cflags: \(.*\)/Cflags: \1 -DSODIUM_STATIC/' "$2/lib/pkgconfig/libsodium.pc"
}
recipe_expat() {
    cm "$1/expat" "$2" -DEXPAT_BUILD_TOOLS=OFF -DEXPAT_BUILD_EXAMPLES=OFF -DEXPAT_BUILD_TESTS=OFF \
        -DEXPAT_SHARED_LIBS=OFF -DEXPAT_BUILD_DOCS=OFF -DEXPAT_BUILD_FUZZERS=OFF || return 1
    sed -i 's/^Cflags: \(.*\)/Cflags: \1 -DXML_STATIC/' "$2/lib/pkgconfig/expat.pc"
}
# ICU: the common library (line breaking, character properties) cross-compiled with ICU's own
# configure; its data is Debian's prebuilt icudt72l.dat cut down with icupkg (Debian's icu-devtools,
# the same version) to the break iterators and properties lobbysign uses, turned into an object by
# genccode, so the line breaker has exactly the board's rules.
recipe_icu() {
    local s=$1/source pre=$2 ver lst
    mkdir -p "$1/_cross/config" "$1/_cross/bin" "$1/_cross/lib"
    printf 'cross_buildroot = %s\ncross_bin = %s/bin\ncross_lib = %s/lib\nTOOLBINDIR = /usr/bin\nTOOLLIBDIR = /usr/lib\nINVOKE = \nPKGDATA_INVOKE_OPTS =\n' \
        "$1/_cross" "$1/_cross" "$1/_cross" >"$1/_cross/config/icucross.mk"
    touch "$1/_cross/config/icucross.inc"
    (cd "$s" && ./configure --host=$HOST --prefix="$pre" --with-cross-build="$1/_cross" --enable-static --disable-shared \
        --disable-tools --disable-tests --disable-samples --disable-extras --disable-icuio --disable-layoutex \
        --disable-dyload --with-data-packaging=static CPPFLAGS="-DU_STATIC_IMPLEMENTATION" >/dev/null &&
        make -j "$JOBS" -C stubdata >/dev/null && make -j "$JOBS" -C common >/dev/null) || return 1
    ver=$(sed -n 's/^#define U_ICU_VERSION_SHORT "\(.*\)"/\1/p' "$s/common/unicode/uvernum.h")
    mkdir -p "$pre/lib/pkgconfig" "$pre/include" "$1/_data"
    cp "$s"/lib/libsicuuc.a "$pre/lib/"
    cp -r "$s/common/unicode" "$pre/include/"
    # the data: break iterators (all of brkitr/, so locale fallback is the board's) and the
    # property files; collation, locales, converters and time zones are left out.
    lst="$1/_data/keep.txt"
    icupkg -l "$s/data/in/icudt${ver}l.dat" | grep -E '^(brkitr/|[^/]*\.(icu|nrm)$|res_index\.res$|pool\.res$)' >"$lst"
    (cd "$1/_data" && mkdir -p items/brkitr && icupkg -x "$lst" -d items "$s/data/in/icudt${ver}l.dat" &&
        icupkg -a "$lst" -s items new "icudt${ver}l.dat" && genccode -d . "icudt${ver}l.dat" >/dev/null &&
        sed -i "s/icudt${ver}l_dat/icudt${ver}_dat/" "icudt${ver}l_dat.c" &&
        $CC -O2 -I"$s/common" -c "icudt${ver}l_dat.c" -o icudt.o && $AR rcs "$pre/lib/libsicudt.a" icudt.o)
    printf 'prefix=%s\nName: icu-uc\nDescription: ICU common (line breaking) for Windows\nVersion: %s\nLibs: -L${prefix}/lib -lsicuuc -lsicudt -lstdc++\nCflags: -I${prefix}/include -DU_STATIC_IMPLEMENTATION\n' \
        "$pre" "$ver.1" >"$pre/lib/pkgconfig/icu-uc.pc"
}

# package, a binary package whose installed version says which source version the board uses,
# and the packages it builds against
PKGS="zlib:zlib1g: libpng1.6:libpng16-16:zlib libjpeg-turbo:libjpeg62-turbo: freetype:libfreetype6:
harfbuzz:libharfbuzz0b:freetype jansson:libjansson4: libsdl2:libsdl2-2.0-0: qrencode:libqrencode4:
libarchive:libarchive13:zlib libsodium:libsodium23: expat:libexpat1: icu:libicu72:"

build_libs() {
    local spec pkg bin deps v dir recipe id d var
    DEPROOTS="/usr/$HOST"
    PCDIRS=""
    ensure_deb_src
    for spec in $PKGS; do
        IFS=: read -r pkg bin deps <<<"$spec"
        v=$(fetch "$pkg" "$bin") || exit 1
        dir="$CACHE/${pkg}_${v#*:}"
        recipe="recipe_$(echo "$pkg" | tr '.-' '__')"
        id=$( { declare -f "$recipe"; cat "$TOOLCHAIN"; $CC --version | head -1; } | sha256sum | cut -c1-16)
        var="P_$(echo "$pkg" | tr '.-' '__')"
        printf -v "$var" '%s' "$dir"
        if [ "$(cat "$dir/.built" 2>/dev/null)" != "$id" ] && { [ -z "${LOBBYSIGN_WIN_ONLY:-}" ] || [[ " $LOBBYSIGN_WIN_ONLY " == *" $pkg "* ]]; }; then
            say "building $pkg $v (Debian source) for Windows"
            local t0=$SECONDS
            rm -rf "$dir" "$CACHE/build/$pkg"
            unpack "$pkg" "$v" "$CACHE/build/$pkg"
            "$recipe" "$CACHE/build/$pkg" "$dir" || die "$pkg failed to build; rerun with the build folder $CACHE/build/$pkg kept"
            echo "$id" >"$dir/.built"
            rm -rf "$CACHE/build/$pkg"
            say "$pkg built in $((SECONDS - t0)) s"
        fi
        DEPROOTS="$DEPROOTS;$dir"
        for d in lib/pkgconfig share/pkgconfig; do
            [ -d "$dir/$d" ] && PCDIRS="${PCDIRS:+$PCDIRS:}$dir/$d"
        done
    done
    export PKG_CONFIG_LIBDIR=$PCDIRS
}

build_lobbysign() {
    local launcher=""
    command -v ccache >/dev/null 2>&1 && launcher="-DCMAKE_C_COMPILER_LAUNCHER=ccache"
    # shellcheck disable=SC2086
    cmake -S . -B build-win64 -G Ninja -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DLOBBYSIGN_WERROR="${LOBBYSIGN_WERROR:-OFF}" -DLOBBYSIGN_SYSTEMD=OFF -DCMAKE_FIND_ROOT_PATH="$DEPROOTS" $launcher >/dev/null
    cmake --build build-win64 -j "$JOBS" --target lobbysign
}

# The operator kit: dist/lobbysign-operator-win64.zip (docs/windows.md).
build_kit() {
    local k=build-win64/kit/lobbysign f
    rm -rf build-win64/kit && mkdir -p "$k/fonts" dist
    $STRIP -o "$k/lobbysign.exe" build-win64/lobbysign.exe
    cp fonts/fonts.json fonts/README.md "$k/fonts/"
    for f in NotoSansCJK-Regular.ttc NotoSansCJK-Bold.ttc wqy-microhei.ttc DejaVuSans.ttf DejaVuSans-Bold.ttf; do
        f=$(find /usr/share/fonts -name "$f" | head -1)
        [ -n "$f" ] && cp "$f" "$k/fonts/"
    done
    cp -r playlists "$k/"
    [ -d docs/windows/kit ] && cp -r docs/windows/kit/. "$k/"
    mkdir -p "$k/images"
    for f in docs/windows/preview-window.png docs/windows/contact-sheet.png; do [ -f "$f" ] && cp "$f" "$k/images/"; done
    for f in templates/*.xlsx; do [ -f "$f" ] && cp "$f" "$k/"; done
    rm -f dist/lobbysign-operator-win64.zip
    (cd build-win64/kit && zip -qrX ../../dist/lobbysign-operator-win64.zip lobbysign)
    say "operator kit: dist/lobbysign-operator-win64.zip ($(du -h dist/lobbysign-operator-win64.zip | cut -f1))"
}

t0=$SECONDS
build_libs
say "libraries ready in $((SECONDS - t0)) s ($CACHE)"
[ "${1:-}" = "--libs" ] && exit 0
t1=$SECONDS
build_lobbysign
say "lobbysign.exe built in $((SECONDS - t1)) s: build-win64/lobbysign.exe"
build_kit
say "total $((SECONDS - t0)) s"
