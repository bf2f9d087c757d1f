#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
# Builds the asan preset (clang: AddressSanitizer and UndefinedBehaviorSanitizer over the whole
# build, and the libFuzzer targets of tests/fuzz), then, inside the test services:
#   1. the unit and integration suites and every fuzz target's corpus under the sanitizers;
#   2. each fuzz target for a fixed time, starting from its corpus.
# Any sanitizer report, fuzz crash or broken fuzz property fails the script.
# Only what this needs is built: the library, alertdesk-cli (the integration tests run it),
# the unit and integration tests and the fuzz targets; not the window or its tests.
# Usage: scripts/sanitize.sh [--fuzz-only] [SECONDS_PER_FUZZ_TARGET]
#   --fuzz-only  the fuzz targets alone (corpora, then fuzzing): no test suite is built or run
#   SECONDS      default 20; 0 replays the corpora only
set -euo pipefail
cd "$(dirname "$0")/.."
suites=1
if [ "${1:-}" = "--fuzz-only" ]; then
  suites=0
  shift
fi
seconds=${1:-20}
build=build/asan

cmake --preset asan >/dev/null
mapfile -t fuzzers < "$build/tests/fuzz/targets.txt"
tests=()
if [ "$suites" = 1 ]; then
  mapfile -t tests < <(ctest --preset asan -N -L '^(unit|integration)$' | sed -n 's/^ *Test *#[0-9]*: \(test_[a-z0-9_]*\)$/\1/p')
  tests+=(alertdesk-cli)
fi
cmake --build --preset asan --target "${tests[@]}" "${fuzzers[@]}"

export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Leaks of the libraries below us (Qt, fontconfig, D-Bus), never ours: see the file.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"

# Our executables only: the packaging and translation checks run no code of ours.
labels='^fuzz$'
[ "$suites" = 1 ] && labels='^(unit|integration|fuzz)$'
scripts/with-test-services.sh ctest --preset asan -L "$labels" -R '^(test|fuzz)_' --parallel 2

[ "$seconds" -gt 0 ] || exit 0
# New inputs go to a scratch corpus (the committed one is only read); a failing input is kept
# in build/asan/fuzz-findings/ for its regression test.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/alertdesk-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
findings=$build/fuzz-findings
mkdir -p "$findings"
for f in "${fuzzers[@]}"; do
  mkdir -p "$scratch/$f"
  "$build/tests/fuzz/$f" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$findings/$f-" "$scratch/$f" "tests/fuzz/corpus/$f" >"$scratch/$f.log" 2>&1 || {
    tail -60 "$scratch/$f.log"
    echo "sanitize.sh: $f found a failure; the input is in $findings/" >&2
    exit 1
  }
  echo "$f: $(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/$f.log") runs in ${seconds} s, no failure"
done
