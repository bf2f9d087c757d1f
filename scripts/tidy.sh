#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
# Runs clang-tidy (Debian 12's clang-tidy 14) with the repository's .clang-tidy over every
# source file of core/, ui/ and app/ in a configured build's compile_commands.json. Every
# warning is an error (.clang-tidy's WarningsAsErrors), so a finding fails the run.
# Usage: scripts/tidy.sh [PRESET] [FILE-REGEX]   (PRESET: the build to read, default ci;
#        FILE-REGEX narrows the files, e.g. 'core/net/')
# The build must have run: moc's generated headers are part of the sources clang-tidy parses.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-ci}
only=${2:-}
build=build/$preset
if [ ! -f "$build/compile_commands.json" ]; then
  echo "tidy: $build/compile_commands.json is missing; run cmake --preset $preset and build first" >&2
  exit 1
fi
# The project's own translation units, not moc's or rcc's generated ones and not the tests'.
files="^$PWD/(core|ui|app)/.*\\.cpp\$"
[ -z "$only" ] || files="^$PWD/.*${only}.*\\.cpp\$"
total=$(grep -o -E '"file": "[^"]*"' "$build/compile_commands.json" | sed -E 's/^"file": "(.*)"$/\1/' \
  | { grep -E "$files" || true; } | sort -u | wc -l)
if [ "$total" -eq 0 ]; then
  echo "tidy: no source file in $build/compile_commands.json matches $files" >&2
  exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# run-clang-tidy-14 always passes --use-color: strip the colours, or no finding would match.
run-clang-tidy-14 -p "$build" -quiet -j "$(nproc)" "$files" 2>&1 | sed 's/\x1b\[[0-9;]*[mK]//g' >"$log" \
  || status=$?
# Each finding once, with its context: one in a header repeats for every translation unit that
# includes it. Left out: clang-tidy's command lines and its per-file "N warnings generated"
# (mostly Qt's headers, filtered out by HeaderFilterRegex).
awk '
  /^clang-tidy-14 |^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^[0-9]+ warnings? treated as errors?$|^Suppressed [0-9]+ warnings|^Use -header-filter/ { keep = 1; next }
  /^[^ ]+:[0-9]+:[0-9]+: (warning|error): / { keep = !($0 in seen); seen[$0] = 1 }
  keep { print }
  BEGIN { keep = 1 }
' "$log"
findings=$(grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' "$log" | sort -u || true)
count=$(printf '%s' "$findings" | grep -c . || true)
if [ "$count" -gt 0 ]; then
  echo "tidy: $count finding(s); each is an error (see .clang-tidy). By check:" >&2
  printf '%s\n' "$findings" | sed -n -E 's/.*\[([^],]+)(,-warnings-as-errors)?\]$/\1/p' | sort | uniq -c | sort -rn >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "tidy: run-clang-tidy-14 failed (exit $status) without a finding; see its output above" >&2
  exit 1
fi
echo "tidy: no findings in $total files"
