#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
# Builds AlertDesk (optimised) and launches the desktop app; arguments go to the app
# (e.g. --profile DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release
cmake --build --preset release --target alertdesk alertdesk-cli
exec build/release/app/alertdesk "$@"
