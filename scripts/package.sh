#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
# Builds the release configuration and writes the Debian package to build/package/
# (alertdesk_<version>_amd64.deb). Install it with: sudo apt-get install ./build/package/alertdesk_*.deb
# Usage: scripts/package.sh [PRESET]   (default: release; CI passes its own build: ci)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target alertdesk alertdesk-cli alertdesk_icons alertdesk_man alertdesk_doc
build=$(cmake --preset "$preset" 2>/dev/null | sed -n 's/^-- Build files have been written to: //p')
mkdir -p build/package
cpack --config "$build/CPackConfig.cmake" -B build/package
rm -rf build/package/_CPack_Packages
ls -l build/package/*.deb
