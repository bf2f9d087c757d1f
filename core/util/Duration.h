// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace alertdesk {

// Durations as people type them: "500ms", "30s", "5m", "1h", "1d", "2w", and sums such as
// "1h30m". Returns milliseconds, or nullopt with *error saying what is wrong (without naming
// the option: the caller knows which one it parsed).
std::optional<qint64> parseDuration(const QString& text, QString* error);
// The shortest form that parseDuration reads back: 90000 -> "1m30s", 0 -> "0s".
QString formatDuration(qint64 ms);

// ISO 8601 date-times ("2026-11-26T14:00:00Z", "...+01:00", "...14:00:00.250Z"). A time
// without an offset is taken as UTC, never as the machine's local time. Returns ms since
// the epoch, or nullopt with *error.
std::optional<qint64> parseIsoTime(const QString& text, QString* error);
// As parseIsoTime, for `snooze --until`, where a time without an offset is what the user's
// clock says: local time. Returns nullopt and *error when it is not a date and time.
std::optional<QDateTime> parseIsoDateTime(const QString& text, QString* error);
// UTC, seconds precision unless ms are non-zero: "2026-11-26T14:00:00Z".
QString formatIsoTime(qint64 ms);

} // namespace alertdesk
