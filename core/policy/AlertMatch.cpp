// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertMatch.h"

#include "PolicyJson.h"

#include <QJsonArray>

namespace alertdesk {

using namespace policyjson;

QStringList AlertMatch::tagsOf(const Alert& a)
{
    const QJsonValue v = a.data.value(QStringLiteral("tags"));
    QStringList out;
    if (v.isArray()) {
        for (const QJsonValue& t : v.toArray()) {
            if (t.isString() && !t.toString().trimmed().isEmpty())
                out << t.toString().trimmed();
        }
    } else if (v.isString()) {
        for (const QString& t : v.toString().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!t.trimmed().isEmpty())
                out << t.trimmed();
        }
    }
    return out;
}

bool AlertMatch::matches(const Alert& a) const
{
    if (!types.isEmpty() && !types.contains(a.type))
        return false;
    if (!priorities.isEmpty() && !priorities.contains(a.priority))
        return false;
    if (!symbols.isEmpty() && !symbols.contains(a.symbol.trimmed().toUpper()))
        return false;
    if (!tags.isEmpty()) {
        const QStringList mine = tagsOf(a);
        bool any = false;
        for (const QString& t : mine)
            any = any || tags.contains(t, Qt::CaseInsensitive);
        if (!any)
            return false;
    }
    return true;
}

std::optional<AlertMatch> AlertMatch::fromJson(const QJsonValue& v, const QString& path, FieldError* error)
{
    AlertMatch m;
    if (v.isUndefined() || v.isNull())
        return m;
    QJsonObject o;
    if (!object(v, path, &o, error)
        || !knownKeys(o,
            { QStringLiteral("types"), QStringLiteral("priorities"), QStringLiteral("symbols"),
                QStringLiteral("tags") },
            path, error))
        return std::nullopt;
    const auto types = strings(o, QStringLiteral("types"), path, error);
    const auto prios = types ? strings(o, QStringLiteral("priorities"), path, error) : std::nullopt;
    const auto symbols = prios ? strings(o, QStringLiteral("symbols"), path, error) : std::nullopt;
    const auto tags = symbols ? strings(o, QStringLiteral("tags"), path, error) : std::nullopt;
    if (!tags)
        return std::nullopt;
    for (qsizetype i = 0; i < types->size(); ++i) {
        const auto t = alertTypeFromString(types->at(i));
        if (!t) {
            *error = {
                item(field(path, QStringLiteral("types")), i),
                QStringLiteral("'%1' is not one of %2").arg(types->at(i), alertTypeNames().join(QStringLiteral(", ")))
            };
            return std::nullopt;
        }
        m.types.insert(*t);
    }
    for (qsizetype i = 0; i < prios->size(); ++i) {
        const auto p = priorityFromString(prios->at(i));
        if (!p) {
            *error = { item(field(path, QStringLiteral("priorities")), i),
                QStringLiteral("'%1' is not one of %2").arg(prios->at(i), priorityNames().join(QStringLiteral(", "))) };
            return std::nullopt;
        }
        m.priorities.insert(*p);
    }
    for (const QString& s : *symbols)
        m.symbols << s.toUpper();
    m.tags = *tags;
    return m;
}

} // namespace alertdesk
