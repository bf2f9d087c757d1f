#!/usr/bin/env bash
# Builds the release preset and runs every benchmark in tests/bench (ctest label `bench`).
# Each prints one JSON object on stdout, with its own figure and the reference measured in
# the same run. Usage: scripts/bench.sh [PRESET]   (default: release)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
cmake --preset "$preset" >&2
cmake --build --preset "$preset" -j2 >&2
ctest --preset "$preset" --label-regex '^bench$' --output-on-failure --verbose 2>&1 | grep -E '^[0-9]+: \{' | sed -E 's/^[0-9]+: //'
