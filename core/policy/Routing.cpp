// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Routing.h"

#include "PolicyJson.h"

#include <QRegularExpression>

namespace alertdesk {

using namespace policyjson;

std::optional<RoutingRule> RoutingRule::fromJson(const QJsonValue& v, const QString& path, FieldError* error)
{
    static const QRegularExpression channelName(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    QJsonObject o;
    if (!object(v, path, &o, error)
        || !knownKeys(o,
            { QStringLiteral("name"), QStringLiteral("match"), QStringLiteral("channels"), QStringLiteral("continue") },
            path, error))
        return std::nullopt;
    RoutingRule r;
    const auto name = string(o, QStringLiteral("name"), {}, path, error);
    if (!name)
        return std::nullopt;
    r.name = name->trimmed();
    const auto match
        = AlertMatch::fromJson(o.value(QStringLiteral("match")), field(path, QStringLiteral("match")), error);
    if (!match)
        return std::nullopt;
    r.match = *match;
    const auto channels = strings(o, QStringLiteral("channels"), path, error);
    if (!channels)
        return std::nullopt;
    if (channels->isEmpty()) {
        *error = { field(path, QStringLiteral("channels")), QStringLiteral("must name at least one channel") };
        return std::nullopt;
    }
    for (qsizetype i = 0; i < channels->size(); ++i) {
        if (!channelName.match(channels->at(i)).hasMatch()) {
            *error = { item(field(path, QStringLiteral("channels")), i),
                QStringLiteral("'%1' is not a channel name").arg(channels->at(i)) };
            return std::nullopt;
        }
    }
    r.channels = *channels;
    const auto cont = boolean(o, QStringLiteral("continue"), false, path, error);
    if (!cont)
        return std::nullopt;
    r.continueAfter = *cont;
    return r;
}

QStringList routeByRules(const QList<RoutingRule>& rules, const Alert& a, bool* matched)
{
    QStringList out;
    *matched = false;
    for (const RoutingRule& r : rules) {
        if (!r.match.matches(a))
            continue;
        *matched = true;
        for (const QString& c : r.channels) {
            if (!out.contains(c))
                out << c;
        }
        if (!r.continueAfter)
            break;
    }
    return out;
}

} // namespace alertdesk
