#!/usr/bin/env bash
# Builds AlertDesk optimised and runs the core engine benchmark (tests/bench/EngineBench.cpp)
# inside the test services (the one-shot case reads its secrets from the real keychain).
# Prints the JSON and keeps a copy in build/release/bench/. The machine is shared: look at
# `uptime` first and repeat when the load is low; the ratios against wrk and apprise, measured
# in the same run, are the figures to compare.
# Usage: scripts/bench.sh [benchmark options...]   (e.g. --alerts 10000 --runs 20; --help)
# Exit: 0 every target met, 1 a target missed, 2 the benchmark could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}
cmake --preset release >/dev/null
cmake --build --preset release --target alertdesk_bench bench_sink alertdesk-cli >/dev/null
mkdir -p build/release/bench
out="build/release/bench/bench-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "bench: load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
set +e
scripts/with-test-services.sh build/release/tests/bench/alertdesk_bench --out "$out" "$@"
status=$?
set -e
[ -f "$out" ] && echo "bench: saved $out" >&2
exit $status
