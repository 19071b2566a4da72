#!/bin/sh
# usb_mount.sh HELPER: runs the udev rule's helper with a stand-in for systemd-mount and checks the
# command it would run: safe mount options always, --owner for FAT-like file systems, the mount point
# under the mounts folder, odd device names and unknown file systems refused.
set -eu
helper=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "usb_mount: $*" >&2; exit 1; }
cat >"$tmp/sm" <<'STUB'
#!/bin/sh
echo "$*" >>"$SM_LOG"
STUB
chmod +x "$tmp/sm"
export LOBBYSIGN_SYSTEMD_MOUNT="$tmp/sm" LOBBYSIGN_MOUNTS="$tmp/media" SM_LOG="$tmp/log"

for fs in vfat exfat ext4; do
    : >"$tmp/log"
    ID_FS_TYPE=$fs "$helper" add /dev/sdb1 || fail "$fs: helper failed"
    cmd=$(cat "$tmp/log")
    case $cmd in *--no-block*) ;; *) fail "$fs: not --no-block: $cmd" ;; esac
    for o in nosuid nodev noexec nosymfollow; do
        case ",${cmd#*--options=}" in *,$o,* | *,$o\ *) ;; *) fail "$fs: option $o missing: $cmd" ;; esac
    done
    case $cmd in *" /dev/sdb1 $tmp/media/sdb1") ;; *) fail "$fs: wrong device or mount point: $cmd" ;; esac
done
: >"$tmp/log"
ID_FS_TYPE=iso9660 "$helper" add /dev/sdb1
[ ! -s "$tmp/log" ] || fail "an unknown file system was mounted: $(cat "$tmp/log")"
if ID_FS_TYPE=vfat "$helper" add '/dev/sd b;1' 2>/dev/null; then fail "an odd device name was accepted"; fi
[ ! -s "$tmp/log" ] || fail "an odd device name reached systemd-mount"
: >"$tmp/log"
"$helper" remove /dev/sdb1
grep -q -- "--umount $tmp/media/sdb1" "$tmp/log" || fail "remove did not unmount: $(cat "$tmp/log")"
echo "usb_mount: the helper mounts with nosuid,nodev,noexec,nosymfollow and refuses odd input"
