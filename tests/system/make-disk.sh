#!/usr/bin/env bash
# Makes the virtual board's disk: the cached base root filesystem plus lobbysign and the test's
# files, as an ext4 image built with `mkfs.ext4 -d` (no loop mount, no root-only kernel features
# beyond chroot for the package's maintainer scripts).
# Usage: make-disk.sh BASE_DIR BUILD_DIR FILES_DIR OUT.raw
#   BASE_DIR   from build-image.sh (rootfs.tar)
#   BUILD_DIR  a cmake build of lobbysign (used when there is no .deb in dist/)
#   FILES_DIR  a tree copied over the root (test content, keys, config); its vboard-setup.sh,
#              if any, then runs in the root (chroot) and is removed
# Installs $LOBBYSIGN_DEB (run.sh builds it with scripts/package.sh) when set, else `cmake --install`
# and the interim unit lobbysign-interim.service. Prints which on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
base=$1 build=$2 files=$3 out=$(realpath -m "$4")
root=$(mktemp -d "${out%/*}/root.XXXXXX")
trap 'rm -rf "$root"' EXIT
tar -xf "$base/rootfs.tar" -C "$root"
deb=${LOBBYSIGN_DEB:-}
if [ -n "$deb" ]; then
    cp "$deb" "$root/tmp/lobbysign.deb"
    # The package's postinst creates its user and enables the service; nothing is downloaded:
    # its dependencies are in packages.txt.
    if ! chroot "$root" env DEBIAN_FRONTEND=noninteractive dpkg -i /tmp/lobbysign.deb >"${out%/*}/dpkg.log" 2>&1; then
        cat "${out%/*}/dpkg.log" >&2
        echo "make-disk: dpkg -i $deb failed in the guest root (a Depends missing from packages.txt?)" >&2
        exit 1
    fi
    rm -f "$root/tmp/lobbysign.deb"
    echo "package $(basename "$deb")"
else
    DESTDIR=$root cmake --install "$build" >/dev/null
    cp "${VBOARD_INTERIM_UNIT:-$here/lobbysign-interim.service}" "$root/etc/systemd/system/lobbysign.service"
    chroot "$root" systemctl enable lobbysign.service >/dev/null 2>&1
    echo "cmake-install+interim-unit"
fi
cp -a "$files/." "$root/"
if [ -f "$root/vboard-setup.sh" ]; then
    chroot "$root" /vboard-setup.sh >&2
    rm -f "$root/vboard-setup.sh"
fi
mkfs.ext4 -q -F -L vboard -E lazy_itable_init=0 -d "$root" "$out" 3G >&2
