#!/bin/sh
# Builds the Debian package dist/lobbysign_<version>_<arch>.deb with dpkg-buildpackage + debhelper
# (debian/). Usage: scripts/package.sh [--arch arm64|armhf|amd64] [--check]
#   --arch A   cross-build for A (Debian's cross toolchain and the :A -dev packages; scripts/cross.sh
#              installs them). Default: this machine's architecture.
#   --check    also run the test suite during the build (default: nocheck; CI tests separately).
# The build runs in a copy of the tree under a temporary folder, so nothing is written next to the
# worktree. Needs debhelper and dpkg-dev (scripts/install-deps.sh --package installs them).
set -eu
cd "$(dirname "$0")/.."
arch=$(dpkg --print-architecture)
check=no
while [ $# -gt 0 ]; do
    case $1 in
    --arch) arch=${2:?--arch needs an architecture}; shift 2 ;;
    --arch=*) arch=${1#--arch=}; shift ;;
    --check) check=yes; shift ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done

version=$(sed -n 's/^project(lobbysign VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
debver=$(dpkg-parsechangelog -l debian/changelog -S Version)
if [ "$version" != "$debver" ]; then
    echo "package.sh: CMakeLists.txt says $version but debian/changelog says $debver; add a changelog entry" >&2
    exit 1
fi

work=$(mktemp -d /tmp/lobbysign-package.XXXXXX)
trap 'rm -rf "$work"' EXIT
src=$work/lobbysign-$version
mkdir -p "$src"
# Tracked and new (not ignored) files: what a commit of this tree would hold. Outside git: the
# tree without build folders and dist/.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard | xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
        tar --null -T - -cf - | tar -xf - -C "$src"
else
    tar --exclude='./build*' --exclude=./dist --exclude=./.git -cf - . | tar -xf - -C "$src"
fi

opts="noautodbgsym parallel=$(nproc)"
[ "$check" = yes ] || opts="$opts nocheck"
build_arch=$(dpkg --print-architecture)
host=""
[ "$arch" = "$build_arch" ] || host="--host-arch=$arch"
echo "package.sh: building lobbysign $version for $arch${host:+ (cross from $build_arch)}"
# shellcheck disable=SC2086
(cd "$src" && DEB_BUILD_OPTIONS="$opts" DEB_BUILD_PROFILES="$( [ "$check" = yes ] || echo nocheck)" \
    dpkg-buildpackage -b -us -uc $host >"$work/build.log" 2>&1) || {
    tail -60 "$work/build.log" >&2
    echo "package.sh: dpkg-buildpackage failed (log above)" >&2
    exit 1
}
mkdir -p dist
deb=lobbysign_${version}_${arch}.deb
mv "$work/$deb" "dist/$deb"
echo "package.sh: dist/$deb"
dpkg-deb -f "dist/$deb" Depends
