// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>

// Start at login (ui.autostart): an XDG autostart entry, $XDG_CONFIG_HOME/autostart/*.desktop,
// that opens the window on this profile; the window then starts hidden in the tray when
// ui.start_minimized is on. One entry per profile, named after it, so two profiles never
// overwrite each other's.
namespace alertdesk::Autostart {

// Where the entry of the profile in profileDir lives.
QString entryPath(const QString& profileDir);
// The entry's text: the window program beside the running one (alertdesk next to alertdesk-cli,
// as installed and as built), else alertdesk from PATH.
QString entryText(const QString& profileDir);
// Writes the entry (on) or removes it (off). False and *error naming the file when it fails.
bool apply(bool on, const QString& profileDir, QString* error);

} // namespace alertdesk::Autostart
