#!/usr/bin/env bash
# Builds, or finds in the cache, the virtual board's base system: a minimal Debian 12 root
# filesystem made by mmdebstrap from packages.txt, plus its kernel and initramfs.
# Prints the cache folder holding rootfs.tar, vmlinuz and initrd.img.
# The cache key is a hash of packages.txt, this script and guest/: change any of them to rebuild.
# Cache root: $LOBBYSIGN_VBOARD_CACHE, default ~/.cache/lobbysign-vboard.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${LOBBYSIGN_VBOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lobbysign-vboard}
key=$(cat "$here/packages.txt" "$here/build-image.sh" "$here"/guest/* | sha256sum | cut -c1-16)
dir=$cache/base-$key
if [ -f "$dir/ok" ]; then
    echo "$dir"
    exit 0
fi
rm -rf "$dir" "$dir.tmp"
mkdir -p "$dir.tmp"
pkgs=$(grep -v '^#' "$here/packages.txt" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
g=$here/guest
echo "build-image: mmdebstrap bookworm minbase (key $key), a minute or two..." >&2
start=$(date +%s)
# Before the packages install: the initramfs configuration, so the kernel's postinst builds the
# right initramfs once. After: the test shell, fstab, a fixed machine id (no first-boot prompts),
# no timers that would wake apt or fstrim during a test.
mmdebstrap --variant=minbase --include="$pkgs" \
    --aptopt='Acquire::Retries "3"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --setup-hook="mkdir -p \"\$1/etc/initramfs-tools/conf.d\" \"\$1/etc/initramfs-tools/hooks\"
        cp '$g/initramfs.conf' \"\$1/etc/initramfs-tools/conf.d/vboard.conf\"
        cp '$g/initramfs-hook' \"\$1/etc/initramfs-tools/hooks/vboard\"" \
    --customize-hook="cp '$g/fstab' \"\$1/etc/fstab\"
        cp '$g/vboard-shell.service' \"\$1/etc/systemd/system/\"
        chroot \"\$1\" systemctl enable vboard-shell.service
        echo vboard > \"\$1/etc/hostname\"
        echo 0123456789abcdef0123456789abcdef > \"\$1/etc/machine-id\"
        chroot \"\$1\" systemctl mask systemd-firstboot.service apt-daily.timer apt-daily-upgrade.timer \
            e2scrub_all.timer fstrim.timer e2scrub_reap.service
        mkdir -p \"\$1/var/log/journal\"
        cp \"\$1\"/boot/vmlinuz-* '$dir.tmp/vmlinuz'
        cp \"\$1\"/boot/initrd.img-* '$dir.tmp/initrd.img'" \
    bookworm "$dir.tmp/rootfs.tar" </dev/null
mv "$dir.tmp" "$dir"
touch "$dir/ok"
echo "build-image: done in $(( $(date +%s) - start )) s: $dir" >&2
echo "$dir"
