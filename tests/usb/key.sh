#!/bin/sh
# lobbysign key new makes minisign's key pair: minisign signs with the (password-protected) secret
# key and verifies with the public key; `bundle --sign` with it verifies with minisign -V; a wrong
# password is refused; existing key files are not replaced without -f; --no-password works.
# minisign missing: SKIP (77), a failure under CI=true.
set -u
BIN=$1
SRC=$2
if ! command -v minisign >/dev/null 2>&1; then
    [ "${CI:-}" = true ] && { echo "key: FAIL: minisign missing under CI=true" >&2; exit 1; }
    echo "key: SKIP: minisign not installed"; exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fails=0
fail() { echo "key: FAIL: $*" >&2; fails=$((fails + 1)); }
echo 'pass 密码' | "$BIN" key new -s a.key -p a.pub >out.txt 2>err.txt || { fail "key new"; cat err.txt >&2; }
grep -q '^untrusted comment: minisign encrypted secret key' a.key || fail "secret key not encrypted"
grep -q 'a.pub' out.txt || fail "key new does not name the .pub to give the installer"
echo data >f.txt
echo 'pass 密码' | minisign -S -s a.key -m f.txt >/dev/null 2>&1 || fail "minisign cannot sign with the new key"
minisign -V -p a.pub -m f.txt >/dev/null 2>&1 || fail "minisign -V rejects a signature by the new key"
cp -r "$SRC/playlists" c
echo 'pass 密码' | "$BIN" bundle c -o b.zip --sign a.key >/dev/null 2>err.txt || { fail "bundle --sign with the new key"; cat err.txt >&2; }
minisign -Vm b.zip -p a.pub >/dev/null 2>&1 || fail "minisign -V rejects the bundle signed with the new key"
echo 'wrong' | "$BIN" bundle c -o w.zip --sign a.key >/dev/null 2>&1 && fail "a wrong password was accepted"
[ -e w.zip ] && fail "a wrong password left a zip"
echo 'x' | "$BIN" key new -s a.key -p a.pub >/dev/null 2>&1 && fail "key new replaced an existing key without -f"
"$BIN" key new --no-password -s n.key -p n.pub >/dev/null 2>&1 || fail "key new --no-password"
"$BIN" bundle c -o n.zip --sign n.key </dev/null >/dev/null 2>&1 && minisign -Vm n.zip -p n.pub >/dev/null 2>&1 ||
    fail "an unencrypted key does not sign"
[ "$fails" = 0 ] && echo "key: ok" && exit 0
exit 1
