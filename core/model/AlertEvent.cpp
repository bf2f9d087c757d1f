// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertEvent.h"

#include <array>

namespace alertdesk {

namespace {
constexpr std::array<const char*, 5> kSourceNames { "ui", "cli", "api", "rule", "system" };
} // namespace

QString eventSourceName(EventSource s)
{
    return QString::fromLatin1(kSourceNames.at(static_cast<size_t>(s)));
}

std::optional<EventSource> eventSourceFromString(const QString& s)
{
    const QString lower = s.trimmed().toLower();
    for (size_t i = 0; i < kSourceNames.size(); ++i) {
        if (lower == QLatin1String(kSourceNames[i]))
            return static_cast<EventSource>(i);
    }
    return std::nullopt;
}

QJsonObject AlertEvent::toJson() const
{
    QJsonObject o {
        { QStringLiteral("at"), at.toUTC().toString(Qt::ISODateWithMs) },
        { QStringLiteral("from"), alertStateName(from) },
        { QStringLiteral("to"), alertStateName(to) },
        { QStringLiteral("source"), eventSourceName(source) },
    };
    if (!note.isEmpty())
        o.insert(QStringLiteral("note"), note);
    return o;
}

QString checkEventNote(const QString& note)
{
    if (note.size() > AlertEvent::kNoteLimit)
        return QStringLiteral("is %1 characters long; the limit is %2").arg(note.size()).arg(AlertEvent::kNoteLimit);
    for (QChar c : note) {
        if (c.unicode() < 0x20 && c != QLatin1Char('\t') && c != QLatin1Char('\n'))
            return QStringLiteral("must not contain control characters");
    }
    return {};
}

} // namespace alertdesk
