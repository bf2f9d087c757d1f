// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Aggregation.h"

#include "PolicyJson.h"

namespace alertdesk {

using namespace policyjson;

QStringList AggregationConfig::knownFields()
{
    return { QStringLiteral("type"), QStringLiteral("priority"), QStringLiteral("symbol"), QStringLiteral("strategy"),
        QStringLiteral("position") };
}

QString AggregationConfig::groupKey(const Alert& a) const
{
    QStringList parts;
    for (const QString& f : groupBy) {
        if (f == QLatin1String("type"))
            parts << alertTypeName(a.type);
        else if (f == QLatin1String("priority"))
            parts << priorityName(a.priority);
        else if (f == QLatin1String("symbol"))
            parts << a.symbol.trimmed().toUpper();
        else if (f == QLatin1String("strategy"))
            parts << a.strategy.trimmed();
        else if (f == QLatin1String("position"))
            parts << a.position.trimmed();
    }
    return parts.join(QChar(0x1f));
}

std::optional<AggregationConfig> AggregationConfig::fromJson(
    const QJsonValue& v, const QString& path, FieldError* error)
{
    QJsonObject o;
    if (!object(v, path, &o, error)
        || !knownKeys(o,
            { QStringLiteral("enabled"), QStringLiteral("group_by"), QStringLiteral("group_wait_seconds"),
                QStringLiteral("group_interval_seconds"), QStringLiteral("match"), QStringLiteral("channels") },
            path, error))
        return std::nullopt;
    AggregationConfig c;
    const auto enabled = boolean(o, QStringLiteral("enabled"), true, path, error);
    if (!enabled)
        return std::nullopt;
    c.enabled = *enabled;
    if (o.contains(QStringLiteral("group_by"))) {
        const auto by = strings(o, QStringLiteral("group_by"), path, error);
        if (!by)
            return std::nullopt;
        c.groupBy.clear();
        for (qsizetype i = 0; i < by->size(); ++i) {
            const QString f = by->at(i).toLower();
            if (!knownFields().contains(f)) {
                *error = { item(field(path, QStringLiteral("group_by")), i),
                    QStringLiteral("'%1' is not one of %2").arg(by->at(i), knownFields().join(QStringLiteral(", "))) };
                return std::nullopt;
            }
            if (!c.groupBy.contains(f))
                c.groupBy << f;
        }
    }
    const auto wait = number(o, QStringLiteral("group_wait_seconds"), 30, 0, 3600, false, path, error);
    const auto interval
        = wait ? number(o, QStringLiteral("group_interval_seconds"), 300, 1, 86400, false, path, error) : std::nullopt;
    if (!interval)
        return std::nullopt;
    c.groupWaitMs = static_cast<qint64>(*wait * 1000);
    c.groupIntervalMs = static_cast<qint64>(*interval * 1000);
    const auto match
        = AlertMatch::fromJson(o.value(QStringLiteral("match")), field(path, QStringLiteral("match")), error);
    if (!match)
        return std::nullopt;
    c.match = *match;
    const auto channels = strings(o, QStringLiteral("channels"), path, error);
    if (!channels)
        return std::nullopt;
    c.channels = *channels;
    return c;
}

} // namespace alertdesk
