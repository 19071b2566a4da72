#!/bin/sh
# install_tree.sh BUILD PREFIX BINDIR DATADIR UNITDIR UDEVDIR [EMULATOR]: `cmake --install BUILD` into a DESTDIR,
# checks that every piece lands where GNUInstallDirs says, and that the installed binary finds its
# own data (not the source tree it was built from) and renders the built-in sample; then moves the
# whole installed prefix elsewhere and checks it still finds its data. EMULATOR (word-split) runs
# a cross-built binary.
set -eu
build=$1 prefix=$2 bindir=$3 datadir=$4 unitdir=$5 udevdir=$6 emu=${7:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install_tree: $*" >&2; exit 1; }
case $unitdir in /*) ;; *) unitdir=$prefix/$unitdir ;; esac
case $udevdir in /*) ;; *) udevdir=$prefix/$udevdir ;; esac

DESTDIR=$tmp/root cmake --install "$build" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
root=$tmp/root
for f in "$bindir/lobbysign" "$datadir/lobbysign/fonts/fonts.json" "$datadir/lobbysign/playlists/lobby.json" "$datadir/lobbysign/templates/content.xlsx" \
         "$unitdir/lobbysign.service" "$udevdir/90-lobbysign-usb.rules" \
         "$prefix/libexec/lobbysign-usb-mount" "$prefix/lib/sysusers.d/lobbysign.conf" \
         "$prefix/lib/tmpfiles.d/lobbysign.conf" "$datadir/doc/lobbysign/examples/config.json" \
         "$datadir/doc/lobbysign/README.md" "$datadir/doc/lobbysign/install.md"; do
    [ -e "$root$f" ] || fail "missing $f"
done
[ -x "$root$prefix/libexec/lobbysign-usb-mount" ] || fail "lobbysign-usb-mount is not executable"
grep -q "^ExecStart=$bindir/lobbysign play --retry" "$root$unitdir/lobbysign.service" || fail "unit ExecStart does not name $bindir/lobbysign"
grep -q "$prefix/libexec/lobbysign-usb-mount" "$root$udevdir/90-lobbysign-usb.rules" || fail "udev rule does not name the helper"

# The installed binary reports and uses its own data folder.
unset LOBBYSIGN_DATA
got=$(cd / && $emu "$root$bindir/lobbysign" --version | sed -n 's/^data: //p')
[ "$got" = "$root$datadir/lobbysign" ] || fail "installed binary uses data '$got', expected '$root$datadir/lobbysign'"
(cd / && LOBBYSIGN_LOG=warn $emu "$root$bindir/lobbysign" render --size 320x180 --out "$tmp/out") >"$tmp/render.log" 2>&1 ||
    { cat "$tmp/render.log" >&2; fail "render from the installed tree failed"; }
ls "$tmp"/out/*/contact-sheet.png >/dev/null 2>&1 || fail "render wrote no contact sheet"

# Relocated: the same tree under another prefix still finds its data.
mkdir -p "$tmp/moved"
mv "$root$prefix" "$tmp/moved/p"
got=$(cd / && $emu "$tmp/moved/p${bindir#"$prefix"}/lobbysign" --version | sed -n 's/^data: //p')
[ "$got" = "$tmp/moved/p${datadir#"$prefix"}/lobbysign" ] || fail "relocated binary uses data '$got'"
echo "install_tree: installed tree under DESTDIR is complete and finds its data"
