// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "config/CommandArgs.h"
#include "engine/AlertLifecycle.h"
#include "engine/Engine.h"
#include "util/Duration.h"

namespace alertdesk {

// alertdesk-cli ack, snooze, resolve

LifecycleCommand::LifecycleCommand(QString verb, Cli& cli, const Context& context)
    : Command(cli, context)
    , m_verb(std::move(verb))
{
}

void LifecycleCommand::execute(const QStringList& rest)
{
    const QString& verb = m_verb;
    const bool snooze = verb == QLatin1String("snooze");
    const QString usageLine = snooze ? QStringLiteral("usage: snooze ID DURATION|--until TIME [--note TEXT]")
                                     : QStringLiteral("usage: %1 ID [--note TEXT]").arg(verb);
    CommandArgs args;
    QString error;
    QStringList options { QStringLiteral("note") };
    if (snooze)
        options << QStringLiteral("until");
    if (!args.parse(rest, options, {}, &error))
        return fail(BadInput, error + QLatin1Char('\n') + usageLine);
    const QStringList pos = args.positional();
    const int wanted = snooze && !args.has(QStringLiteral("until")) ? 2 : 1;
    if (pos.size() != wanted) {
        if (snooze && pos.size() == 2 && args.has(QStringLiteral("until")))
            return fail(BadInput, QStringLiteral("give a DURATION or --until TIME, not both\n") + usageLine);
        return fail(BadInput, usageLine);
    }
    const QString note = args.value(QStringLiteral("note"));
    qint64 durationMs = 0;
    std::optional<QDateTime> until;
    if (snooze) {
        if (args.has(QStringLiteral("until"))) {
            until = parseIsoDateTime(args.value(QStringLiteral("until")), &error);
            if (!until)
                return fail(BadInput, QStringLiteral("--until: ") + error);
        } else {
            const auto d = parseDuration(pos[1], &error);
            if (!d)
                return fail(BadInput, error);
            durationMs = *d;
        }
    }
    if (!openEngine())
        return;
    AlertLifecycle& lifecycle = m_engine->lifecycle();
    LifecycleResult r;
    if (verb == QLatin1String("ack"))
        r = lifecycle.acknowledge(pos[0], note, EventSource::CLI);
    else if (verb == QLatin1String("resolve"))
        r = lifecycle.resolve(pos[0], note, EventSource::CLI);
    else if (until)
        r = lifecycle.snoozeUntil(pos[0], until->toMSecsSinceEpoch(), note, EventSource::CLI);
    else
        r = lifecycle.snoozeFor(pos[0], durationMs, note, EventSource::CLI);
    if (!r.ok())
        return fail(r.status == LifecycleResult::Status::StorageError ? Failed : BadInput, r.message);
    printJson(r.toJson(), true);
    // Follow-ups (PagerDuty acknowledge/resolve) are in the outbox: the running instance
    // sends them, or the next flush/run.
    done(Ok);
}

} // namespace alertdesk
