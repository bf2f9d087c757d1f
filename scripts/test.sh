#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
# Builds AlertDesk and runs every test, inside the services the tests need (Xvfb, a private
# D-Bus session with an unlocked gnome-keyring).
# Usage: scripts/test.sh [PRESET] [extra ctest arguments...]   (PRESET: dev (default), release, ci)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-dev}
shift || true
cmake --preset "$preset"
cmake --build --preset "$preset"
# Benchmarks are not tests: scripts/bench.sh runs them.
exec scripts/with-test-services.sh ctest --preset "$preset" --label-exclude bench --parallel 2 "$@"
