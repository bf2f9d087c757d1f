// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>

namespace alertdesk::test {

// Writes the history database an older AlertDesk of schema `version` left at path, with plain
// SQLite: its migration steps (Database::migrationStep), then `rows` (SQL statements).
// Returns the error, or an empty string.
QString writeOlderHistory(const QString& path, int version, const char* rows = "");

} // namespace alertdesk::test
