#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
# Installs every Debian 12 package AlertDesk needs to build, test and run.
# Usage: sudo scripts/install-deps.sh   (root needed; idempotent)
set -euo pipefail

build=(
  cmake ninja-build g++ ccache pkg-config git
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite
  qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev
  qt6-multimedia-dev libqt6multimedia6  # QSoundEffect: the alarm sounds (libpulse0 reaches the sound server)
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6
  qtkeychain-qt6-dev libcurl4-openssl-dev libsqlite3-dev libgl-dev
  qt6-qpa-plugins libqt6svg6 qt6-gtk-platformtheme
  libsecret-1-0  # QtKeychain loads it at run time to reach the Secret Service
  fonts-noto-color-emoji
  librsvg2-bin   # rsvg-convert: the PNG renditions of the application icon
  help2man dpkg-dev  # manual pages from --help; dpkg-shlibdeps for the package's dependencies
  tzdata         # IANA time zones for quiet hours (QTimeZone reads /usr/share/zoneinfo)
  qt6-translations-l10n  # Qt's own German and Spanish strings (OK, Cancel, Save in dialogs)
  clang-14 libclang-rt-14-dev  # the asan preset: AddressSanitizer, UBSan and libFuzzer (scripts/sanitize.sh)
)
test=(
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools
  python3 python3-aiosmtpd openssl
  nghttp2-server  # nghttpd: an HTTP/2 server (TLS, ALPN h2) for the channels' HTTP/2 test
  imagemagick xdotool x11-utils
  trayer  # a system tray on the test X server: the tray icon and its balloons under test
  appstream desktop-file-utils  # appstreamcli and desktop-file-validate check packaging/
  lintian  # checks the .deb (scripts/check-package.sh)
  clang-format  # Debian 12 ships 14: the format_check test and scripts/format.sh
  clang-tidy    # Debian 12 ships 14: scripts/tidy.sh in CI
)
bench=(wrk apprise prometheus-alertmanager)

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps.sh: run as root (sudo $0)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${build[@]}" "${test[@]}" "${bench[@]}"
