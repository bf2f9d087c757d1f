// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "PolicyConfig.h"

#include "PolicyJson.h"

#include <QJsonArray>

namespace alertdesk {

using namespace policyjson;

std::optional<PolicyConfig> PolicyConfig::fromJson(const QJsonObject& o, FieldError* error)
{
    const QString path = QStringLiteral("policies");
    if (!knownKeys(o,
            { QStringLiteral("quiet_hours"), QStringLiteral("escalation"), QStringLiteral("aggregation"),
                QStringLiteral("templates"), QStringLiteral("routing") },
            path, error))
        return std::nullopt;
    PolicyConfig c;
    c.json = o;
    const QJsonValue quiet = o.value(QStringLiteral("quiet_hours"));
    if (!quiet.isUndefined() && !quiet.isNull()) {
        const QString qp = field(path, QStringLiteral("quiet_hours"));
        if (!quiet.isArray()) {
            *error = { qp, QStringLiteral("must be an array of mute timings") };
            return std::nullopt;
        }
        const QJsonArray arr = quiet.toArray();
        for (qsizetype i = 0; i < arr.size(); ++i) {
            auto m = MuteTiming::fromJson(arr[i], item(qp, i), error);
            if (!m)
                return std::nullopt;
            for (const MuteTiming& other : std::as_const(c.quietHours)) {
                if (other.name == m->name) {
                    *error = { field(item(qp, i), QStringLiteral("name")),
                        QStringLiteral("'%1' is used twice").arg(m->name) };
                    return std::nullopt;
                }
            }
            c.quietHours << *m;
        }
    }
    const QJsonValue esc = o.value(QStringLiteral("escalation"));
    if (!esc.isUndefined() && !esc.isNull()) {
        const QString ep = field(path, QStringLiteral("escalation"));
        if (!esc.isArray()) {
            *error = { ep, QStringLiteral("must be an array of escalation policies") };
            return std::nullopt;
        }
        const QJsonArray arr = esc.toArray();
        for (qsizetype i = 0; i < arr.size(); ++i) {
            auto e = EscalationPolicy::fromJson(arr[i], item(ep, i), error);
            if (!e)
                return std::nullopt;
            if (findEscalationPolicy(c.escalation, e->name)) {
                *error
                    = { field(item(ep, i), QStringLiteral("name")), QStringLiteral("'%1' is used twice").arg(e->name) };
                return std::nullopt;
            }
            c.escalation << *e;
        }
    }
    const QJsonValue agg = o.value(QStringLiteral("aggregation"));
    if (!agg.isUndefined() && !agg.isNull()) {
        auto a = AggregationConfig::fromJson(agg, field(path, QStringLiteral("aggregation")), error);
        if (!a)
            return std::nullopt;
        c.aggregation = *a;
    }
    const QJsonValue templates = o.value(QStringLiteral("templates"));
    if (!templates.isUndefined() && !templates.isNull()) {
        const QString tp = field(path, QStringLiteral("templates"));
        if (!templates.isArray()) {
            *error = { tp, QStringLiteral("must be an array of templates") };
            return std::nullopt;
        }
        const QJsonArray arr = templates.toArray();
        for (qsizetype i = 0; i < arr.size(); ++i) {
            auto t = MessageTemplate::fromJson(arr[i], item(tp, i), error);
            if (!t)
                return std::nullopt;
            for (const MessageTemplate& other : std::as_const(c.templates)) {
                if (other.channelKind == t->channelKind && other.type == t->type) {
                    *error
                        = { item(tp, i), QStringLiteral("a template for this channel_kind and type exists already") };
                    return std::nullopt;
                }
            }
            c.templates << *t;
        }
    }
    const QJsonValue routing = o.value(QStringLiteral("routing"));
    if (!routing.isUndefined() && !routing.isNull()) {
        const QString rp = field(path, QStringLiteral("routing"));
        if (!routing.isArray()) {
            *error = { rp, QStringLiteral("must be an array of routing rules") };
            return std::nullopt;
        }
        const QJsonArray arr = routing.toArray();
        for (qsizetype i = 0; i < arr.size(); ++i) {
            auto r = RoutingRule::fromJson(arr[i], item(rp, i), error);
            if (!r)
                return std::nullopt;
            c.routing << *r;
        }
    }
    return c;
}

} // namespace alertdesk
