#!/bin/sh
# hostile play (issue 20): a playing `lobbysign play` on SDL's dummy driver
#  1. a stick with lobbysign.zip and no .minisig: 未更新：缺少签名文件 on screen (log) and in a
#     receipt saying how to sign;
#  2. `play --allow-unsigned` with no keys takes an unsigned stick (the booth demo);
#  3. play --store follows `current`: a command-line import, then SIGHUP, plays the new version,
#     and later imports never prune the version the player holds;
#  4. 300 SIGHUPs then SIGTERM: the reloads coalesce and it stops.
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
mkdir -p "$t/keys" "$t/nokeys" "$t/media" "$t/media2" "$t/media3"
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

# 3. play --store follows `current`, and no import prunes what it plays
mkdir -p "$t/c2" "$t/s3"
cp -r "$src/playlists/." "$t/c2/"
sed -i 's/156.02/157.5/' "$t/c2/lobby.json"
imp() { # CONTENT-DIR: bundle it and import it from the command line (unsigned, no keys)
    rm -f "$t/s3/lobbysign.zip"
    "$bin" bundle "$1" -o "$t/s3/lobbysign.zip" >/dev/null &&
        "$bin" import "$t/s3" --store "$t/store3" --keys "$t/nokeys" --allow-unsigned -q >/dev/null 2>&1
}
imp "$src/playlists" || bad "import v1"
start "$t/p3.log" --store "$t/store3" --keys "$t/nokeys" --allow-unsigned --mounts "$t/media3" --inbox "$t/inbox3" \
    --status-file "$t/status3.json"
wait_for "$t/p3.log" "looking for bundles" 20 || { bad "play did not start"; cat "$t/p3.log"; exit 1; }
imp "$t/c2" || bad "import v2"
kill -HUP "$ppid_"
wait_for "$t/p3.log" "current version, .*store3/v2" 20 && ok "SIGHUP after an import plays current (v2)" ||
    { bad "SIGHUP did not follow current"; cat "$t/p3.log"; }
i=0
until grep -q '"content_version": *"v2"' "$t/status3.json" 2>/dev/null || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q '"content_version": *"v2"' "$t/status3.json" && ok "status: v2 plays" || bad "status does not say v2"
imp "$src/playlists" || bad "import v3"
imp "$t/c2" || bad "import v4"
[ -d "$t/store3/v2" ] && ok "v2 kept while the player plays it (keep 2 would have pruned it)" ||
    bad "an import pruned the version the player plays"
kill -HUP "$ppid_"
wait_for "$t/p3.log" "current version, .*store3/v4" 20 && ok "SIGHUP: v4" || bad "SIGHUP did not move to v4"
grep -q "cannot show\|无法显示" "$t/p3.log" && bad "the player could not show a picture"

# 4. 300 SIGHUPs, then SIGTERM: reloads coalesce and it stops (it took >30 s, one reload each)
for i in $(seq 300); do # spread out, as a script or a flapping unit sends them: none merge in the kernel
    kill -HUP "$ppid_" 2>/dev/null
    sleep 0.01
done
kill -TERM "$ppid_"
i=0
while kill -0 "$ppid_" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$ppid_" 2>/dev/null; then
    bad "still running 10 s after SIGTERM behind 300 SIGHUPs"
else
    ok "stopped after 300 SIGHUPs and SIGTERM (polled $i x 0.1 s)"
fi
wait "$ppid_" 2>/dev/null
ppid_=""
# (how many reloads they made is counted in test_service_signals: the log folds repeated lines)
ls "$t/store3"/.pin-* >/dev/null 2>&1 && bad "the player's pin outlived it"

[ $fail -eq 0 ] && echo "all passed"
exit $fail
