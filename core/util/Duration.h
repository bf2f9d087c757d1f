#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace alertdesk {

// "15m", "1h", "4h", "1d", "90s", "1w", "1h30m": whole numbers with units s, m, h, d, w,
// largest first. Returns milliseconds, or nullopt and *error saying what is wrong.
std::optional<qint64> parseDuration(const QString& text, QString* error);

// An ISO 8601 date-time: "2026-03-29T07:00:00Z", "2026-03-29T09:00+02:00"; without an offset
// it is local time. Returns nullopt and *error when it is not one.
std::optional<QDateTime> parseIsoDateTime(const QString& text, QString* error);

} // namespace alertdesk
