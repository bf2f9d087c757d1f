// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "config/CommandArgs.h"
#include "engine/Engine.h"
#include "storage/AlertStore.h"
#include "storage/HistoryExport.h"
#include "storage/LifecycleStore.h"
#include "storage/OutboxStore.h"
#include "storage/PolicyStore.h"
#include "util/Clock.h"
#include "util/Duration.h"

#include <QJsonArray>
#include <QJsonObject>

namespace alertdesk {

// alertdesk-cli history

void HistoryCommand::execute(const QStringList& rest)
{
    CommandArgs args;
    QString error;
    if (!args.parse(rest,
            { QStringLiteral("limit"), QStringLiteral("alert"), QStringLiteral("format"), QStringLiteral("since"),
                QStringLiteral("until"), QStringLiteral("state"), QStringLiteral("priority") },
            {}, &error))
        return fail(BadInput, error);
    if (args.has(QStringLiteral("format")))
        return exportHistory(args);
    for (const char* option : { "since", "until", "state", "priority" }) {
        if (args.has(QLatin1String(option)))
            return fail(BadInput, QStringLiteral("--%1 needs --format csv|json|jsonl").arg(QLatin1String(option)));
    }
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

namespace {

// --since/--until: an ISO 8601 time, or a duration before now ("24h" is a day ago).
std::optional<qint64> parseBound(const QString& option, const QString& text, QString* error)
{
    QString durationError;
    if (const auto ago = parseDuration(text, &durationError))
        return QDateTime::currentMSecsSinceEpoch() - *ago;
    QString timeError;
    if (const auto at = parseIsoTime(text, &timeError))
        return at;
    *error = QStringLiteral("--%1: '%2' is neither an ISO 8601 time (2026-11-26T14:00:00Z) nor a duration before "
                            "now (24h, 7d)")
                 .arg(option, text);
    return std::nullopt;
}

} // namespace

// history --format F: the whole filtered history, streamed in slices (a long history never sits
// in memory), newest first.
void HistoryCommand::exportHistory(const CommandArgs& args)
{
    const auto format = exportFormatFromString(args.value(QStringLiteral("format")));
    if (!format)
        return fail(BadInput,
            QStringLiteral("--format must be csv, json or jsonl, not '%1'").arg(args.value(QStringLiteral("format"))));
    if (args.has(QStringLiteral("limit")) || args.has(QStringLiteral("alert")))
        return fail(
            BadInput, QStringLiteral("--format exports the whole filtered history: leave out --limit and --alert"));
    AlertFilter filter;
    QString error;
    for (const auto& [option, bound] : { std::pair { QStringLiteral("since"), &filter.fromMs },
             std::pair { QStringLiteral("until"), &filter.toMs } }) {
        if (!args.has(option))
            continue;
        const auto ms = parseBound(option, args.value(option), &error);
        if (!ms)
            return fail(BadInput, error);
        *bound = std::max<qint64>(*ms, 1); // 0 means no bound
    }
    if (filter.fromMs && filter.toMs && filter.fromMs > filter.toMs)
        return fail(BadInput, QStringLiteral("--since is after --until"));
    if (args.has(QStringLiteral("state"))) {
        filter.state = alertStateFromString(args.value(QStringLiteral("state")));
        if (!filter.state)
            return fail(BadInput,
                QStringLiteral("--state must be open, acknowledged, snoozed or resolved, not '%1'")
                    .arg(args.value(QStringLiteral("state"))));
    }
    QSet<Priority> priorities;
    for (const QString& p : args.values(QStringLiteral("priority"))) {
        const auto priority = priorityFromString(p);
        if (!priority)
            return fail(BadInput,
                QStringLiteral("--priority must be one of %1, not '%2'")
                    .arg(priorityNames().join(QStringLiteral(", ")), p));
        priorities.insert(*priority);
    }
    if (!openEngine())
        return;
    HistoryExport exporter(m_engine->database(), filter, priorities, *format, m_out);
    while (exporter.writeMore()) { }
    if (!exporter.error().isEmpty())
        return fail(Failed, QStringLiteral("cannot write the export: %1").arg(exporter.error()));
    done(Ok);
}

} // namespace alertdesk
