#!/bin/sh
# From a fresh Debian 12 machine to a passing test suite: installs packages, builds, runs ctest.
# Usage: scripts/test.sh [--sanitize]   (the sanitizer build lives in build-asan/)
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh --dev
scripts/build.sh "$@"
dir=build
[ "${1:-}" = "--sanitize" ] && dir=build-asan
ctest --test-dir "$dir" --output-on-failure -j "$(nproc)"
