#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
# Builds AlertDesk optimised and runs the benchmarks of tests/bench inside the test services
# (the one-shot case reads its secrets from the real keychain): the core engine benchmark
# (EngineBench.cpp, against wrk and apprise), rule evaluation, metric ingest and the window
# during an alert storm (BenchGuiStorm.cpp). Each prints
# one JSON object with its own figures and the reference measured in the same run; the engine
# benchmark's JSON is also kept in build/release/bench/. The machine is shared: look at
# `uptime` first and repeat when the load is low; the ratios are the figures to compare.
# Usage: scripts/bench.sh [engine benchmark options...]   (e.g. --alerts 10000 --runs 20; --help)
# Exit: 0 every target met, 1 a target missed, 2 a benchmark could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}
cmake --preset release >/dev/null
cmake --build --preset release --target alertdesk_bench bench_sink alertdesk-cli bench_rule_engine bench_ingest bench_gui_storm >/dev/null
mkdir -p build/release/bench
out="build/release/bench/bench-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "bench: load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
status=0
scripts/with-test-services.sh build/release/tests/bench/alertdesk_bench --out "$out" "$@" || status=$?
[ -f "$out" ] && echo "bench: saved $out" >&2
build/release/tests/bench/bench_rule_engine || status=$?
scripts/with-test-services.sh build/release/tests/bench/bench_ingest || status=$?
# The window during a storm (1,000 alerts/s for 10 s): the GUI event loop's longest stall.
storm="build/release/bench/gui-storm-$(date -u +%Y%m%dT%H%M%SZ).json"
scripts/with-test-services.sh build/release/tests/bench/bench_gui_storm --out "$storm" || status=$?
[ -f "$storm" ] && echo "bench: saved $storm" >&2
exit $status
