# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT

# The Debian package: `cpack` in a build tree (scripts/package.sh) writes
# alertdesk_<version>_amd64.deb. dpkg-shlibdeps finds the shared libraries the binaries link;
# the pieces Qt and QtKeychain load at run time, which it cannot see, are declared here.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME alertdesk)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The AlertDesk developers")
set(CPACK_PACKAGE_CONTACT "The AlertDesk developers <developers@alertdesk.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "route trading alerts to chat, SMS, email and the desktop")
set(CPACK_PACKAGE_DESCRIPTION
  "AlertDesk takes the alerts of trading bots, price feeds and the trader's own\n\
threshold rules and delivers each one to Slack, Discord, Telegram, email, SMS,\n\
Microsoft Teams, PagerDuty, webhooks and the desktop. It retries what fails,\n\
respects each platform's rate limits and keeps every alert and delivery\n\
attempt in a local history. Secrets are kept in the system keychain.\n\
.\n\
This package contains the desktop application (alertdesk) and the command\n\
line (alertdesk-cli).")
set(CPACK_PACKAGE_FILE_NAME ignored) # DEB-DEFAULT below names the file
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://alertdesk.example/")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded by Qt and QtKeychain at run time (plugins, dlopen): invisible to dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "libqt6sql6-sqlite, qt6-qpa-plugins, libqt6svg6, libsecret-1-0, fonts-noto-color-emoji")
# A Secret Service keeps the secrets; without one AlertDesk refuses to store them and says so.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | keepassxc | kwalletmanager, qt6-translations-l10n")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_THREADS 0)
include(CPack)
