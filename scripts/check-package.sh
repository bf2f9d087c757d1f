#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
# Checks a built package as a user's system would meet it: lintian (errors fail), then the
# package unpacked into a temporary root (dpkg-deb -x), and its alertdesk-cli run from there:
# --version, and a send to a receiver on 127.0.0.1 (secrets in the test keyring, so run it
# inside scripts/with-test-services.sh).
# Usage: scripts/with-test-services.sh scripts/check-package.sh build/package/alertdesk_*.deb
set -euo pipefail
deb=$(realpath "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/alertdesk-package.XXXXXX")
receiver=
trap '[ -n "$receiver" ] && kill "$receiver" 2>/dev/null; rm -rf "$tmp"' EXIT

echo "== $(basename "$deb"): $(du -k "$deb" | cut -f1) KiB"
dpkg-deb --field "$deb" Package Version Section Depends Recommends
# Lintian's tags: errors fail the check; the rest are printed (overrides carry their reasons
# in packaging/). Running as root needs --allow-root.
lintian --allow-root --display-info --fail-on error "$deb"
echo "lintian: no errors"

dpkg-deb -x "$deb" "$tmp/root"
cli="$tmp/root/usr/bin/alertdesk-cli"
want=$(dpkg-deb --field "$deb" Version)
got=$("$cli" --version)
[ "$got" = "$want" ] || { echo "alertdesk-cli --version says $got, the package $want" >&2; exit 1; }
echo "alertdesk-cli --version: $got"
for f in usr/bin/alertdesk usr/share/man/man1/alertdesk-cli.1.gz usr/share/man/man1/alertdesk.1.gz \
         usr/share/applications/example.alertdesk.AlertDesk.desktop \
         usr/share/metainfo/example.alertdesk.AlertDesk.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/example.alertdesk.AlertDesk.svg \
         usr/share/doc/alertdesk/copyright; do
  [ -e "$tmp/root/$f" ] || { echo "the package lacks /$f" >&2; exit 1; }
done

# A receiver on loopback that records each request's body, and a send to it.
python3 "$here/scripts/loopback_receiver.py" "$tmp/received" > "$tmp/port" &
receiver=$!
for _ in $(seq 1 100); do [ -s "$tmp/port" ] && break; read -r -t 0.05 < /dev/zero || true; done
port=$(cat "$tmp/port")
profile="$tmp/profile"
"$cli" --profile "$profile" channel add webhook desk --url "http://127.0.0.1:$port/hook" >/dev/null
"$cli" --profile "$profile" send --type CUSTOM --priority INFO --title "package check" \
  --message "sent by the unpacked package" > "$tmp/report"
grep -q '"package check"' "$tmp/received" || { echo "the receiver got no alert" >&2; cat "$tmp/report" >&2; exit 1; }
echo "send from the unpacked package: delivered to 127.0.0.1:$port"
