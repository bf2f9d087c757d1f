// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Priority.h"

#include <array>

namespace alertdesk {

namespace {
struct PriorityInfo {
    const char* name;
    const char* emoji;
    int color;
};
// Red, orange, yellow, green, blue: the same everywhere (DESIGN.md).
constexpr std::array<PriorityInfo, 5> kInfo { {
    { "CRITICAL", "\xF0\x9F\x94\xB4", 0xD32F2F },
    { "HIGH", "\xF0\x9F\x9F\xA0", 0xF57C00 },
    { "MEDIUM", "\xF0\x9F\x9F\xA1", 0xFBC02D },
    { "LOW", "\xF0\x9F\x9F\xA2", 0x388E3C },
    { "INFO", "\xE2\x84\xB9\xEF\xB8\x8F", 0x1976D2 },
} };

const PriorityInfo& info(Priority p)
{
    return kInfo.at(static_cast<size_t>(p));
}
} // namespace

QString priorityName(Priority p)
{
    return QString::fromLatin1(info(p).name);
}

std::optional<Priority> priorityFromString(const QString& s)
{
    const QString upper = s.trimmed().toUpper();
    for (size_t i = 0; i < kInfo.size(); ++i) {
        if (upper == QLatin1String(kInfo[i].name))
            return static_cast<Priority>(i);
    }
    return std::nullopt;
}

QString priorityEmoji(Priority p)
{
    return QString::fromUtf8(info(p).emoji);
}

QString priorityColorHex(Priority p)
{
    return QStringLiteral("#%1").arg(info(p).color, 6, 16, QLatin1Char('0')).toUpper();
}

int priorityColorInt(Priority p)
{
    return info(p).color;
}

QStringList priorityNames()
{
    QStringList names;
    for (const auto& i : kInfo)
        names << QString::fromLatin1(i.name);
    return names;
}

} // namespace alertdesk
