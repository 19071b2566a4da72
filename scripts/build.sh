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
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DLOBBYSIGN_WERROR="${LOBBYSIGN_WERROR:-OFF}" >/dev/null
cmake --build "$dir" -j "$(nproc)"
