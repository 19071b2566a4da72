#!/bin/sh
# check-inside.sh DEB: run by check.sh as root inside a fresh Debian 12 root (mmdebstrap). Installs
# DEB with apt, checks files, user, groups, the enabled unit, `lobbysign render` as the service user
# and that `play --retry` without a display waits instead of exiting; then purges (once keeping the
# store, once not) and checks that nothing else is left behind.
set -eu
deb=$1
export DEBIAN_FRONTEND=noninteractive
fail() { echo "check: FAIL: $*" >&2; exit 1; }
ok() { echo "check: ok: $*"; }
snapshot() {
    find /etc /usr /var /media /srv /opt -xdev \( -path /var/lib/apt -o -path /var/lib/dpkg -o -path /var/cache \
        -o -path /var/log -o -path /etc/ld.so.cache -o -path /var/lib/systemd/deb-systemd-helper-enabled \
        -o -path /var/lib/systemd/deb-systemd-helper-masked \) -prune -o -print 2>/dev/null | sort
}

# The package's dependencies first, so the before/after comparison sees only what lobbysign adds.
apt-get satisfy -y -q --no-install-recommends "$(dpkg-deb -f "$deb" Depends)" >/tmp/deps.log 2>&1 ||
    { tail -30 /tmp/deps.log; fail "dependencies of $deb do not install on Debian 12"; }
snapshot >/tmp/before

install_deb() {
    apt-get install -y -q --no-install-recommends "$deb" >/tmp/install.log 2>&1 || { cat /tmp/install.log; fail "apt install $deb"; }
}
install_deb
ok "apt install $(basename "$deb")"
for f in /usr/bin/lobbysign /usr/share/lobbysign/playlists/lobby.json /usr/share/lobbysign/fonts/fonts.json \
         /lib/systemd/system/lobbysign.service /lib/udev/rules.d/90-lobbysign-usb.rules \
         /usr/libexec/lobbysign-usb-mount /usr/lib/sysusers.d/lobbysign.conf /usr/lib/tmpfiles.d/lobbysign.conf \
         /usr/share/doc/lobbysign/examples/config.json /usr/share/doc/lobbysign/install.md; do
    [ -e "$f" ] || fail "missing $f"
done
[ -d /etc/lobbysign/keys ] || fail "no /etc/lobbysign/keys"
[ -d /media/lobbysign ] || fail "no /media/lobbysign (tmpfiles.d)"
[ "$(stat -c %a:%U:%G /var/lib/lobbysign/state)" = 2750:lobbysign:lobbysign ] || fail "state folder: $(stat -c %a:%U:%G /var/lib/lobbysign/state)"
[ "$(stat -c %a:%U:%G /var/lib/lobbysign/inbox)" = 2770:lobbysign:lobbysign ] || fail "inbox: $(stat -c %a:%U:%G /var/lib/lobbysign/inbox)"
grep -q '^ReadWritePaths=-/var/lib/prometheus/node-exporter$' /lib/systemd/system/lobbysign.service ||
    fail "the unit cannot write the textfile folder"
ok "files in place"

pw=$(getent passwd lobbysign) || fail "no user lobbysign"
case $pw in *:/usr/sbin/nologin | *:/sbin/nologin) ;; *) fail "lobbysign has a login shell: $pw" ;; esac
[ "$(id -u lobbysign)" -lt 1000 ] || fail "lobbysign is not a system user: $(id lobbysign)"
groups=$(id -nG lobbysign | tr ' ' '\n' | sort | tr '\n' ' ')
[ "$groups" = "input lobbysign render video " ] || fail "lobbysign's groups are '$groups'"
ok "system user lobbysign, groups: $groups"

[ "$(systemctl is-enabled lobbysign.service 2>/dev/null)" = enabled ] || fail "lobbysign.service is not enabled"
[ -L /etc/systemd/system/multi-user.target.wants/lobbysign.service ] || fail "no multi-user.target.wants link"
ok "lobbysign.service enabled"

[ "$(cd / && lobbysign --version | sed -n 's/^data: //p')" = /usr/share/lobbysign ] || fail "data folder: $(lobbysign --version)"
mkdir -p /tmp/render && chown lobbysign /tmp/render
runuser -u lobbysign -- lobbysign validate /usr/share/lobbysign/playlists >/tmp/validate.log 2>&1 ||
    { cat /tmp/validate.log; fail "lobbysign validate of the sample"; }
runuser -u lobbysign -- lobbysign render --size 960x540 --out /tmp/render >/tmp/render.log 2>&1 ||
    { cat /tmp/render.log; fail "lobbysign render"; }
n=$(find /tmp/render -name '*.png' | wc -l)
[ "$n" -ge 10 ] || fail "render wrote $n PNGs"
ok "lobbysign render as lobbysign: $n PNGs"
cp -r /tmp/render /tmp/render-keep 2>/dev/null || true

rc=0
SDL_VIDEODRIVER=KMSDRM timeout 8 runuser -u lobbysign -- lobbysign play --retry >/tmp/play.log 2>&1 || rc=$?
[ "$rc" = 124 ] || { cat /tmp/play.log; fail "play --retry without a display exited ($rc) instead of waiting"; }
grep -q "no display" /tmp/play.log || { cat /tmp/play.log; fail "play --retry did not say it waits for a display"; }
ok "play --retry without a display waits (log: $(grep -m1 'no display' /tmp/play.log | cut -c1-80))"

# Another user than lobbysign: `lobbysign status` says what is wrong and how to fix it.
echo '{"name":"x"}' >/var/lib/lobbysign/state/status.json && chown lobbysign:lobbysign /var/lib/lobbysign/state/status.json
chmod 0640 /var/lib/lobbysign/state/status.json
useradd -M -s /usr/sbin/nologin installer 2>/dev/null || true
runuser -u installer -- lobbysign status >/tmp/denied.log 2>&1 || true
grep -qi "add yourself to the group lobbysign" /tmp/denied.log || { cat /tmp/denied.log; fail "status as another user"; }
usermod -aG lobbysign installer
runuser -u installer -- lobbysign status --json >/tmp/allowed.log 2>&1 || { cat /tmp/allowed.log; fail "status in the group"; }
userdel installer
# useradd/userdel of this test's own user leave shadow's backups of the subordinate-id files.
rm -f /etc/subuid- /etc/subgid-
ok "status as another user: permission denied with the fix; in the group lobbysign it reads"

# Purge keeping the store.
mkdir -p /var/lib/lobbysign/store && echo v1 >/var/lib/lobbysign/store/current && touch /var/lib/lobbysign/KEEP
echo '{}' >/etc/lobbysign/config.json
apt-get purge -y -q lobbysign >/tmp/purge.log 2>&1 || { cat /tmp/purge.log; fail "apt purge"; }
[ -f /var/lib/lobbysign/store/current ] || fail "purge with KEEP removed the store"
rm -rf /var/lib/lobbysign
snapshot >/tmp/after
diff /tmp/before /tmp/after >/tmp/left || { cat /tmp/left; fail "purge left files behind (above)"; }
! getent passwd lobbysign >/dev/null || fail "purge left the user"
! getent group lobbysign >/dev/null || fail "purge left the group"
ok "purge (KEEP): only the store stayed"

# Purge without KEEP: the store goes too.
install_deb
mkdir -p /var/lib/lobbysign/store && echo v1 >/var/lib/lobbysign/store/current
apt-get purge -y -q lobbysign >/tmp/purge.log 2>&1 || { cat /tmp/purge.log; fail "apt purge"; }
snapshot >/tmp/after
diff /tmp/before /tmp/after >/tmp/left || { cat /tmp/left; fail "purge left files behind (above)"; }
ok "purge: nothing left behind"
