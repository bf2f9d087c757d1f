#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
# Builds the asan preset (clang: AddressSanitizer and UndefinedBehaviorSanitizer over the whole
# build, and the libFuzzer targets of tests/fuzz), then, inside the test services:
#   1. the unit, integration and window (ui, under Xvfb) suites and every fuzz target's corpus
#      under the sanitizers;
#   2. each fuzz target for a fixed time, starting from its corpus.
# With --tsan instead: the tsan preset (ThreadSanitizer) and the tests that run code on more
# than one thread (label "threads": the engine thread, the WAL checkpointer, the dispatcher).
# Any sanitizer report, fuzz crash or broken fuzz property fails the script.
# Only what a stage needs is built: for asan the library, alertdesk-cli (the integration tests
# run it), the window (test_single_instance starts it), the suites and the fuzz targets.
# Usage: scripts/sanitize.sh [--fuzz-only | --no-ui] [SECONDS_PER_FUZZ_TARGET]
#        scripts/sanitize.sh --tsan
#   --fuzz-only  the fuzz targets alone (corpora, then fuzzing): no test suite is built or run
#   --no-ui      without the window's suite (no Qt Widgets code is built)
#   --tsan       the ThreadSanitizer stage alone (no fuzzing: libFuzzer needs ASan's build)
#   SECONDS      default 20; 0 replays the corpora only
set -euo pipefail
cd "$(dirname "$0")/.."
mode=all
case "${1:-}" in
  --fuzz-only) mode=fuzz; shift ;;
  --no-ui) mode=noui; shift ;;
  --tsan) mode=tsan; shift ;;
esac

# The build targets behind the tests of a preset with these labels: a test that runs another
# test's program again under its own name (test_window_geometry_2x) has no target of its own.
test_targets() {
  local preset=$1 labels=$2 known
  known=$(ninja -C "build/$preset" -t targets all | sed 's/:.*//')
  ctest --preset "$preset" -N -L "$labels" | sed -n 's/^ *Test *#[0-9]*: \(test_[a-z0-9_]*\)$/\1/p' \
    | grep -Fx -f <(printf '%s\n' "$known") || true
}

if [ "$mode" = tsan ]; then
  cmake --preset tsan >/dev/null
  mapfile -t tests < <(test_targets tsan '^threads$')
  cmake --build --preset tsan --target "${tests[@]}" alertdesk-cli alertdesk
  # Debian's Qt is not built with ThreadSanitizer. ignore_noninstrumented_modules: what Qt's
  # own code does (its HTTP thread, thread pool, event queue) is not checked, only ours, and
  # Qt's inline code compiled into ours. What Qt synchronises inside libQt6Core (a queued call
  # handed to another thread) TSan cannot see: tests/tsan.supp names those library frames,
  # each with its reason; never a frame of ours.
  export TSAN_OPTIONS="halt_on_error=1:ignore_noninstrumented_modules=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp:print_suppressions=0"
  exec scripts/with-test-services.sh ctest --preset tsan -L '^threads$' --parallel 2
fi

seconds=${1:-20}
build=build/asan

cmake --preset asan >/dev/null
mapfile -t fuzzers < "$build/tests/fuzz/targets.txt"
suites=
case "$mode" in
  all) suites='unit|integration|ui' ;;
  noui) suites='unit|integration' ;;
esac
labels="^(${suites:+$suites|}fuzz)\$"
tests=()
if [ -n "$suites" ]; then
  mapfile -t tests < <(test_targets asan "^($suites)\$")
  tests+=(alertdesk-cli)
  [ "$mode" = all ] && tests+=(alertdesk)
fi
cmake --build --preset asan --target "${tests[@]}" "${fuzzers[@]}"

export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Leaks of the libraries below us (Qt, fontconfig, Mesa, D-Bus), never ours: see the file.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"

# Our executables only: the packaging and translation checks run no code of ours. The window's
# tests take the X server one at a time (RESOURCE_LOCK), the others run beside them.
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
