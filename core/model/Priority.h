// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace alertdesk {

// Ordered from most to least urgent; the numeric value is stored in SQLite.
enum class Priority { Critical = 0, High = 1, Medium = 2, Low = 3, Info = 4 };

QString priorityName(Priority p); // "CRITICAL"
std::optional<Priority> priorityFromString(const QString& s); // case-insensitive
QString priorityEmoji(Priority p); // 🔴 🟠 🟡 🟢 ℹ️
QString priorityColorHex(Priority p); // "#D32F2F"
int priorityColorInt(Priority p); // 0xD32F2F, for Discord embeds
QStringList priorityNames();

} // namespace alertdesk
