// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Escalation.h"

#include "PolicyJson.h"

#include <QJsonArray>
#include <cmath>

namespace alertdesk {

using namespace policyjson;

namespace {
qint64 minutesMs(double m)
{
    return static_cast<qint64>(std::llround(m * 60000.0));
}
} // namespace

EscalationPolicy::Step EscalationPolicy::next(const Progress& p) const
{
    Step s;
    if (p.tier < tiers.size()) {
        s.kind = Step::Kind::Tier;
        s.at = p.startedAt + minutesMs(tiers.at(p.tier).afterMinutes);
    }
    if (repeatMinutes > 0 && p.reminders < maxReminders) {
        const qint64 at = p.lastNotifiedAt + minutesMs(repeatMinutes);
        if (s.at < 0 || at < s.at) {
            s.kind = Step::Kind::Reminder;
            s.at = at;
        }
    }
    return s;
}

std::optional<EscalationPolicy> EscalationPolicy::fromJson(const QJsonValue& v, const QString& path, FieldError* error)
{
    QJsonObject o;
    if (!object(v, path, &o, error)
        || !knownKeys(o,
            { QStringLiteral("name"), QStringLiteral("match"), QStringLiteral("tiers"),
                QStringLiteral("repeat_minutes"), QStringLiteral("max_reminders") },
            path, error))
        return std::nullopt;
    EscalationPolicy e;
    const auto name = string(o, QStringLiteral("name"), {}, path, error);
    if (!name)
        return std::nullopt;
    if (name->trimmed().isEmpty()) {
        *error = { field(path, QStringLiteral("name")), QStringLiteral("is required") };
        return std::nullopt;
    }
    e.name = name->trimmed();
    const auto match
        = AlertMatch::fromJson(o.value(QStringLiteral("match")), field(path, QStringLiteral("match")), error);
    if (!match)
        return std::nullopt;
    e.match = *match;
    const QJsonValue tiers = o.value(QStringLiteral("tiers"));
    const QString tp = field(path, QStringLiteral("tiers"));
    if (!tiers.isUndefined() && !tiers.isNull() && !tiers.isArray()) {
        *error = { tp, QStringLiteral("must be an array of {\"after_minutes\", \"channels\"}") };
        return std::nullopt;
    }
    const QJsonArray arr = tiers.toArray();
    for (qsizetype i = 0; i < arr.size(); ++i) {
        QJsonObject t;
        const QString ip = item(tp, i);
        if (!object(arr[i], ip, &t, error)
            || !knownKeys(t, { QStringLiteral("after_minutes"), QStringLiteral("channels") }, ip, error))
            return std::nullopt;
        if (!t.contains(QStringLiteral("after_minutes"))) {
            *error = { field(ip, QStringLiteral("after_minutes")), QStringLiteral("is required") };
            return std::nullopt;
        }
        const auto after = number(t, QStringLiteral("after_minutes"), 0, 0.01, 7 * 24 * 60, false, ip, error);
        const auto channels = after ? strings(t, QStringLiteral("channels"), ip, error) : std::nullopt;
        if (!channels)
            return std::nullopt;
        if (channels->isEmpty()) {
            *error = { field(ip, QStringLiteral("channels")), QStringLiteral("must name at least one channel") };
            return std::nullopt;
        }
        if (!e.tiers.isEmpty() && *after <= e.tiers.last().afterMinutes) {
            *error = { field(ip, QStringLiteral("after_minutes")),
                QStringLiteral("must be later than the tier before (%1)").arg(e.tiers.last().afterMinutes) };
            return std::nullopt;
        }
        e.tiers.append({ *after, *channels });
    }
    const auto repeat = number(o, QStringLiteral("repeat_minutes"), 0, 0, 7 * 24 * 60, false, path, error);
    if (!repeat)
        return std::nullopt;
    if (*repeat > 0 && *repeat < 0.01) {
        *error = { field(path, QStringLiteral("repeat_minutes")),
            QStringLiteral("must be 0 (no reminders) or at least 0.01") };
        return std::nullopt;
    }
    e.repeatMinutes = *repeat;
    const auto cap = number(o, QStringLiteral("max_reminders"), e.repeatMinutes > 0 ? 3 : 0, 0, 100, true, path, error);
    if (!cap)
        return std::nullopt;
    e.maxReminders = static_cast<int>(*cap);
    if (e.maxReminders > 0 && e.repeatMinutes <= 0) {
        *error
            = { field(path, QStringLiteral("max_reminders")), QStringLiteral("needs repeat_minutes greater than 0") };
        return std::nullopt;
    }
    if (e.tiers.isEmpty() && e.maxReminders == 0) {
        *error = { path, QStringLiteral("has no tiers and no reminders: it would do nothing") };
        return std::nullopt;
    }
    return e;
}

const EscalationPolicy* findEscalationPolicy(const QList<EscalationPolicy>& policies, const Alert& a)
{
    for (const EscalationPolicy& p : policies) {
        if (p.match.matches(a))
            return &p;
    }
    return nullptr;
}

const EscalationPolicy* findEscalationPolicy(const QList<EscalationPolicy>& policies, const QString& name)
{
    for (const EscalationPolicy& p : policies) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

} // namespace alertdesk
