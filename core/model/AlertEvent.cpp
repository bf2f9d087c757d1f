// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertEvent.h"

#include <array>

namespace alertdesk {

namespace {
constexpr std::array<const char*, 6> kSourceNames { "ui", "cli", "api", "rule", "system", "cluster" };
constexpr std::array<const char*, 3> kKindNames { "state", "cluster_silenced", "cluster_silence_ended" };
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

QString eventKindName(AlertEvent::Kind k)
{
    return QString::fromLatin1(kKindNames.at(static_cast<size_t>(k)));
}

std::optional<AlertEvent::Kind> eventKindFromString(const QString& s)
{
    for (size_t i = 0; i < kKindNames.size(); ++i) {
        if (s == QLatin1String(kKindNames[i]))
            return static_cast<AlertEvent::Kind>(i);
    }
    return std::nullopt;
}

QJsonObject ClusterSilence::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id }, { QStringLiteral("created_by"), createdBy },
        { QStringLiteral("comment"), comment } };
    if (endsAt.isValid())
        o.insert(QStringLiteral("ends_at"), endsAt.toUTC().toString(Qt::ISODateWithMs));
    return o;
}

ClusterSilence ClusterSilence::fromJson(const QJsonObject& o)
{
    ClusterSilence s;
    s.id = o.value(QStringLiteral("id")).toString();
    s.createdBy = o.value(QStringLiteral("created_by")).toString();
    s.comment = o.value(QStringLiteral("comment")).toString();
    const QString ends = o.value(QStringLiteral("ends_at")).toString();
    if (!ends.isEmpty())
        s.endsAt = QDateTime::fromString(ends, Qt::ISODateWithMs).toUTC();
    return s;
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
    if (kind != Kind::State) {
        o.insert(QStringLiteral("kind"), eventKindName(kind));
        o.insert(QStringLiteral("silence"), silence.toJson());
    }
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
