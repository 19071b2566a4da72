#!/bin/sh
# Configures and builds lobbysign. Usage: scripts/build.sh [--sanitize]
#   default:     build/        (RelWithDebInfo)  -> build/lobbysign
#   --sanitize:  build-asan/   (ASan + UBSan)    -> build-asan/lobbysign
# LOBBYSIGN_WERROR=ON (set by CI) turns warnings into errors.
set -eu
cd "$(dirname "$0")/.."
dir=build
type=RelWithDebInfo
if [ "${1:-}" = "--sanitize" ]; then
    dir=build-asan
    type=Sanitize
fi
launcher=""
command -v ccache >/dev/null 2>&1 && launcher="-DCMAKE_C_COMPILER_LAUNCHER=ccache"
# shellcheck disable=SC2086
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DLOBBYSIGN_WERROR="${LOBBYSIGN_WERROR:-OFF}" $launcher >/dev/null
cmake --build "$dir" -j "$(nproc)"
