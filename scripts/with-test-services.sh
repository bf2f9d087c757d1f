#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
# Runs a command with the services AlertDesk's tests need: an X server (Xvfb), a private
# D-Bus session, and in it an unlocked gnome-keyring as the Secret Service. Every run gets
# fresh XDG folders, so a keyring left by an earlier run (with another password) never
# stands in the way.
# Usage: scripts/with-test-services.sh COMMAND [ARGS...]
set -euo pipefail

if [ -z "${ALERTDESK_TEST_SERVICES:-}" ]; then
  export ALERTDESK_TEST_SERVICES=1
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/alertdesk-test.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
  export XDG_RUNTIME_DIR="$tmp/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  set +e
  xvfb-run --auto-servernum --server-args="-screen 0 1920x1080x24 -nolisten tcp" \
    dbus-run-session -- "$0" "$@"
  status=$?
  set -e
  exit $status
fi

# Inside the D-Bus session: start the keyring daemon, unlocked with a throw-away password.
eval "$(printf 'alertdesk-test' | gnome-keyring-daemon --unlock --components=secrets | sed 's/^/export /')"
# Wait until the Secret Service answers on the bus (poll with a deadline, no fixed sleep).
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
       org.freedesktop.DBus.Peer.Ping >/dev/null 2>&1; then
    break
  fi
  read -r -t 0.05 < /dev/zero || true
done
"$@"
