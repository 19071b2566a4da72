#!/bin/sh
# verify_unit.sh UNIT BINARY: `systemd-analyze verify` on the configured lobbysign.service, with its
# ExecStart pointed at BINARY (the unit names the installed path, which need not exist here).
# Fails on any complaint about the unit: unknown keys, bad values, a missing command.
set -eu
unit=$1
bin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -q '^ExecStart=[^ ]*/lobbysign play --retry' "$unit" || {
    echo "verify_unit: $unit: ExecStart is not 'lobbysign play --retry'" >&2
    exit 1
}
# The documented textfile folder (docs/service.md) is writable under ProtectSystem=strict.
grep -q '^ReadWritePaths=-/var/lib/prometheus/node-exporter$' "$unit" || {
    echo "verify_unit: $unit: ReadWritePaths does not let the player write /var/lib/prometheus/node-exporter" >&2
    exit 1
}
tmpfiles=$(dirname "$unit")/lobbysign.tmpfiles
for want in "d /var/lib/lobbysign/state 2750 lobbysign lobbysign" "d /var/lib/lobbysign/inbox 2770 lobbysign lobbysign"; do
    grep -q "^$want " "$tmpfiles" || { echo "verify_unit: $tmpfiles: no '$want'" >&2; exit 1; }
done
sed "s#^ExecStart=[^ ]*/lobbysign #ExecStart=$bin #" "$unit" >"$tmp/lobbysign.service"
rc=0
out=$(cd "$tmp" && SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no "$tmp/lobbysign.service" 2>&1) || rc=$?
mine=$(printf '%s\n' "$out" | grep 'lobbysign' || true)
if [ "$rc" != 0 ] || [ -n "$mine" ]; then
    printf '%s\n' "$out" >&2
    echo "verify_unit: systemd-analyze verify failed (exit $rc)" >&2
    exit 1
fi
echo "verify_unit: $unit passes systemd-analyze verify"
