// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertType.h"

#include <array>

namespace alertdesk {

namespace {
constexpr std::array<const char*, 6> kNames { "PRICE", "PERFORMANCE", "RISK", "HEALTH", "MILESTONE", "CUSTOM" };
}

QString alertTypeName(AlertType t)
{
    return QString::fromLatin1(kNames.at(static_cast<size_t>(t)));
}

std::optional<AlertType> alertTypeFromString(const QString& s)
{
    const QString upper = s.trimmed().toUpper();
    for (size_t i = 0; i < kNames.size(); ++i) {
        if (upper == QLatin1String(kNames[i]))
            return static_cast<AlertType>(i);
    }
    return std::nullopt;
}

QStringList alertTypeNames()
{
    QStringList names;
    for (const char* n : kNames)
        names << QString::fromLatin1(n);
    return names;
}

} // namespace alertdesk
