// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "RuleArgs.h"

#include "CommandArgs.h"
#include "util/Duration.h"

#include <QCoreApplication>

#include <cmath>

namespace alertdesk {

QStringList ruleAddOptions()
{
    return { QStringLiteral("metric"), QStringLiteral("when"), QStringLiteral("value"), QStringLiteral("value2"),
        QStringLiteral("window"), QStringLiteral("frequency"), QStringLiteral("cooldown"), QStringLiteral("expires"),
        QStringLiteral("type"), QStringLiteral("priority"), QStringLiteral("title"), QStringLiteral("message"),
        QStringLiteral("channel") };
}

QString ruleAddUsage()
{
    return QStringLiteral("rule add NAME --metric KEY --when %1 --value X [--value2 Y] [--window DURATION] "
                          "[--frequency once|every|once-per:DURATION] [--cooldown DURATION] [--expires TIME] --type T "
                          "--priority P [--title TEMPLATE] [--message TEMPLATE] [--channel NAME]...")
        .arg(ruleConditionNames().join(QLatin1Char('|')));
}

namespace {
// The messages name options as {--option} and the rule's name as {rule name} (FieldError).
class RuleArgs final {
    Q_DECLARE_TR_FUNCTIONS(RuleArgs)
};
} // namespace

bool parseFrequency(const QString& text, RuleFrequency* frequency, qint64* intervalMs, QString* error)
{
    const QString t = text.trimmed().toLower();
    *intervalMs = 0;
    if (t == QLatin1String("once")) {
        *frequency = RuleFrequency::Once;
        return true;
    }
    if (t == QLatin1String("every")) {
        *frequency = RuleFrequency::Every;
        return true;
    }
    if (t.startsWith(QLatin1String("once-per:"))) {
        QString e;
        const auto d = parseDuration(t.mid(9), &e);
        if (d && *d <= 0) {
            *error = RuleArgs::tr("once-per needs an interval longer than 0");
            return false;
        }
        if (!d) {
            //: %1 says what is wrong with the interval after "once-per:" (a message of the Duration context).
            *error = RuleArgs::tr("once-per: %1").arg(e);
            return false;
        }
        *frequency = RuleFrequency::OncePer;
        *intervalMs = *d;
        return true;
    }
    *error = RuleArgs::tr("'%1' is not once, every or once-per:DURATION (e.g. once-per:1h)").arg(text);
    return false;
}

std::optional<Rule> ruleFromArgs(const QString& name, const CommandArgs& args, qint64 nowMs, FieldError* error)
{
    auto fail = [error](const QString& option, const QString& message) {
        *error = FieldError { option, message };
        return std::nullopt;
    };
    auto literal = [](const QString& text) { return FieldError::literal(text); };
    auto required = [&](const char* option) -> std::optional<QString> {
        const QString o = QString::fromLatin1(option);
        if (!args.has(o) || args.value(o).trimmed().isEmpty()) {
            fail(o, RuleArgs::tr("{--%1} is required").arg(o));
            return std::nullopt;
        }
        return args.value(o);
    };
    auto number = [&](const char* option, const QString& text, double* out) {
        bool ok = false;
        *out = text.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(*out)) {
            const QString o = QString::fromLatin1(option);
            fail(o, RuleArgs::tr("{--%1} must be a number, not '%2'").arg(o, literal(text)));
            return false;
        }
        return true;
    };
    auto duration = [&](const char* option, qint64* out) {
        const QString o = QString::fromLatin1(option);
        if (!args.has(o))
            return true;
        QString e;
        const auto d = parseDuration(args.value(o), &e);
        if (!d) {
            //: %1 is the option (the form shows its label), %2 what is wrong with its duration (a message
            //: of the Duration context, such as "'5x' is not a duration; ...").
            fail(o, RuleArgs::tr("{--%1} %2").arg(o, literal(e)));
            return false;
        }
        *out = *d;
        return true;
    };

    Rule r;
    r.name = name;
    const auto metric = required("metric");
    if (!metric)
        return std::nullopt;
    r.metric = metric->trimmed();
    const auto when = required("when");
    if (!when)
        return std::nullopt;
    const auto condition = ruleConditionFromString(*when);
    if (!condition)
        return fail(QStringLiteral("when"),
            RuleArgs::tr("{--when} '%1' is not one of %2")
                .arg(literal(*when), ruleConditionNames().join(QStringLiteral(", "))));
    r.condition = *condition;
    const auto value = required("value");
    if (!value || !number("value", *value, &r.value))
        return std::nullopt;
    if (args.has(QStringLiteral("value2")) && !number("value2", args.value(QStringLiteral("value2")), &r.value2))
        return std::nullopt;
    if (!duration("window", &r.windowMs) || !duration("cooldown", &r.cooldownMs))
        return std::nullopt;
    r.frequency = defaultFrequency(r.condition);
    if (args.has(QStringLiteral("frequency"))) {
        QString e;
        if (!parseFrequency(args.value(QStringLiteral("frequency")), &r.frequency, &r.intervalMs, &e))
            //: %1 is what is wrong with the frequency, such as "once-per: '5x' is not a duration; ...".
            return fail(QStringLiteral("frequency"), RuleArgs::tr("{--frequency} %1").arg(literal(e)));
    }
    if (args.has(QStringLiteral("expires"))) {
        QString e;
        const auto t = parseIsoTime(args.value(QStringLiteral("expires")), &e);
        if (!t)
            return fail(QStringLiteral("expires"), QStringLiteral("{--expires} ") + literal(e));
        if (*t <= nowMs)
            return fail(QStringLiteral("expires"),
                RuleArgs::tr("{--expires} %1 is in the past").arg(literal(args.value(QStringLiteral("expires")))));
        r.expiresAtMs = *t;
    }
    const auto type = required("type");
    if (!type)
        return std::nullopt;
    const auto t = alertTypeFromString(*type);
    if (!t)
        return fail(QStringLiteral("type"),
            RuleArgs::tr("{--type} '%1' is not one of %2")
                .arg(literal(*type), alertTypeNames().join(QStringLiteral(", "))));
    r.type = *t;
    const auto priority = required("priority");
    if (!priority)
        return std::nullopt;
    const auto p = priorityFromString(*priority);
    if (!p)
        return fail(QStringLiteral("priority"),
            RuleArgs::tr("{--priority} '%1' is not one of %2")
                .arg(literal(*priority), priorityNames().join(QStringLiteral(", "))));
    r.priority = *p;
    r.titleTemplate = args.value(QStringLiteral("title"));
    r.messageTemplate = args.value(QStringLiteral("message"));
    for (const QString& c : args.values(QStringLiteral("channel"))) {
        if (!r.channels.contains(c))
            r.channels << c;
    }
    if (const auto e = validateRule(r))
        return fail(e->field, ruleErrorMessage(*e));
    return r;
}

QString ruleErrorMessage(const FieldError& e)
{
    return e.field == QLatin1String("name") ? QStringLiteral("{rule name}: ") + e.message
                                            : QStringLiteral("{--%1} %2").arg(e.field, e.message);
}

} // namespace alertdesk
