// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "config/CommandArgs.h"
#include "engine/Engine.h"
#include "storage/AlertStore.h"
#include "storage/LifecycleStore.h"
#include "storage/OutboxStore.h"
#include "storage/PolicyStore.h"

#include <QJsonArray>
#include <QJsonObject>

namespace alertdesk {

// alertdesk-cli history

void HistoryCommand::execute(const QStringList& rest)
{
    CommandArgs args;
    QString error;
    if (!args.parse(rest, { QStringLiteral("limit"), QStringLiteral("alert") }, {}, &error))
        return fail(BadInput, error);
    bool ok = true;
    const int limit = args.value(QStringLiteral("limit"), QStringLiteral("20")).toInt(&ok);
    if (!ok || limit < 1)
        return fail(BadInput, QStringLiteral("--limit must be a whole number of at least 1"));
    if (!openEngine())
        return;
    QList<Alert> alerts;
    if (args.has(QStringLiteral("alert"))) {
        const QString id = args.value(QStringLiteral("alert"));
        auto a = m_engine->alerts().get(id);
        if (!a && id.size() >= 8) {
            const QStringList ids = m_engine->lifecycleStore().idsWithPrefix(id, 2);
            if (ids.size() == 1)
                a = m_engine->alerts().get(ids.first());
        }
        if (!a)
            return fail(BadInput, QStringLiteral("--alert: no alert with id '%1'").arg(id));
        alerts << *a;
    } else {
        alerts = m_engine->alerts().recent(limit);
    }
    for (const Alert& a : std::as_const(alerts)) {
        QJsonObject line = a.toJson();
        QJsonArray deliveries;
        for (const DeliveryRow& d : m_engine->outbox().forAlert(a.id)) {
            QJsonObject o = d.toResult().toJson();
            o.insert(QStringLiteral("purpose"), d.purpose);
            if (!d.digestId.isEmpty())
                o.insert(QStringLiteral("digest_id"), d.digestId);
            deliveries.append(o);
        }
        line.insert(QStringLiteral("deliveries"), deliveries);
        QJsonArray events;
        for (const AlertEvent& e : m_engine->lifecycleStore().events(a.id))
            events.append(e.toJson());
        line.insert(QStringLiteral("events"), events);
        QJsonArray held;
        for (const HeldNotification& h : m_engine->policyStore().heldFor(a.id))
            held.append(h.toJson());
        if (!held.isEmpty())
            line.insert(QStringLiteral("held"), held);
        if (const auto esc = m_engine->policyStore().escalation(a.id)) {
            QJsonObject e { { QStringLiteral("policy"), esc->policy }, { QStringLiteral("status"), esc->status },
                { QStringLiteral("tiers_sent"), esc->tier }, { QStringLiteral("reminders_sent"), esc->reminders } };
            if (esc->status == QLatin1String("active"))
                e.insert(QStringLiteral("next_at"),
                    QDateTime::fromMSecsSinceEpoch(esc->nextAt, Qt::UTC).toString(Qt::ISODateWithMs));
            line.insert(QStringLiteral("escalation"), e);
        }
        printJson(line, true);
    }
    done(Ok);
}

} // namespace alertdesk
