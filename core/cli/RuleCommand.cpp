// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "config/CommandArgs.h"
#include "config/RuleArgs.h"
#include "engine/Engine.h"
#include "engine/RuleService.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QTextStream>

namespace alertdesk {

// alertdesk-cli rule

void RuleCommand::execute(const QStringList& rest)
{
    const QString sub = rest.value(0);
    if (sub == QLatin1String("add")) {
        CommandArgs args;
        QString error;
        if (!args.parse(rest.mid(1), ruleAddOptions(), {}, &error))
            return fail(BadInput, error + QStringLiteral("\nusage: ") + ruleAddUsage());
        if (args.positional().size() != 1)
            return fail(BadInput, QStringLiteral("give exactly one rule NAME\nusage: ") + ruleAddUsage());
        // Validate before touching the profile, so bad input never creates anything.
        FieldError invalid;
        const auto rule = ruleFromArgs(args.positional().first(), args, QDateTime::currentMSecsSinceEpoch(), &invalid);
        if (!rule)
            return fail(BadInput, invalid.text());
        if (!openEngine())
            return;
        if (const auto e = m_engine->rules().addRule(*rule)) {
            if (e->field == QLatin1String("storage"))
                return fail(Failed, e->message);
            return fail(BadInput,
                e->field == QLatin1String("name") ? e->text() : QStringLiteral("--%1 %2").arg(e->field, e->text()));
        }
        printJson(m_engine->rules().rule(rule->name)->toJson(m_engine->clock().nowMs()));
        return done(Ok);
    }
    if (sub == QLatin1String("list")) {
        if (rest.size() > 1)
            return fail(BadInput, QStringLiteral("rule list takes no arguments"));
        if (!openEngine())
            return;
        QJsonArray arr;
        for (const Rule& r : m_engine->rules().rules())
            arr.append(r.toJson(m_engine->clock().nowMs()));
        printJson(arr);
        return done(Ok);
    }
    if (sub == QLatin1String("remove") || sub == QLatin1String("enable") || sub == QLatin1String("disable")) {
        if (rest.size() != 2)
            return fail(BadInput, QStringLiteral("usage: rule %1 NAME").arg(sub));
        if (!openEngine())
            return;
        QString error;
        const bool ok = sub == QLatin1String("remove")
            ? m_engine->rules().removeRule(rest[1], &error)
            : m_engine->rules().setEnabled(rest[1], sub == QLatin1String("enable"), &error);
        if (!ok)
            return fail(error.startsWith(QLatin1String("no rule")) ? BadInput : Failed, error);
        m_out << (sub == QLatin1String("remove") ? QStringLiteral("removed") : sub + QLatin1Char('d')) << " rule "
              << rest[1] << '\n';
        return done(Ok);
    }
    fail(BadInput,
        QStringLiteral("usage: %1 | rule list | rule remove NAME | rule enable|disable NAME").arg(ruleAddUsage()));
}

} // namespace alertdesk
