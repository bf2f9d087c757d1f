#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
# Formats every C++ file git tracks with the repository's .clang-format (Debian 12's
# clang-format 14: another version may lay out some constructs differently).
# Usage: scripts/format.sh          rewrite the files in place
#        scripts/format.sh --check  list the files that differ and fail if any does
set -euo pipefail
cd "$(dirname "$0")/.."
clang_format=${CLANG_FORMAT:-clang-format}
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [ "${1:-}" = "--check" ]; then
  bad=()
  for f in "${files[@]}"; do
    "$clang_format" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  if [ ${#bad[@]} -gt 0 ]; then
    printf '%s differs from .clang-format\n' "${bad[@]}" >&2
    echo "format check: ${#bad[@]} of ${#files[@]} files differ; run scripts/format.sh (or: cmake --build --preset dev --target format)" >&2
    exit 1
  fi
  echo "format check: ${#files[@]} files match .clang-format"
else
  printf '%s\0' "${files[@]}" | xargs -0 -P "$(nproc)" -n 20 "$clang_format" -i
fi
