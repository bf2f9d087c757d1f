// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "rules/RulesText.h"

#include "UiText.h"
#include "util/Duration.h"

namespace alertdesk {

QString RulesText::conditionLabel(RuleCondition c)
{
    switch (c) {
    case RuleCondition::Above:
        return tr("above");
    case RuleCondition::Below:
        return tr("below");
    case RuleCondition::Crossing:
        return tr("crossing (either way)");
    case RuleCondition::CrossingUp:
        return tr("crossing up");
    case RuleCondition::CrossingDown:
        return tr("crossing down");
    case RuleCondition::MovedUp:
        return tr("moved up (% within a window)");
    case RuleCondition::MovedDown:
        return tr("moved down (% within a window)");
    case RuleCondition::EnterRange:
        return tr("entering a range");
    case RuleCondition::LeaveRange:
        return tr("leaving a range");
    }
    return {};
}

QString RulesText::condition(const Rule& r)
{
    switch (r.condition) {
    case RuleCondition::Above:
        return tr("above %1").arg(formatMetricValue(r.value));
    case RuleCondition::Below:
        return tr("below %1").arg(formatMetricValue(r.value));
    case RuleCondition::Crossing:
        return tr("crossing %1").arg(formatMetricValue(r.value));
    case RuleCondition::CrossingUp:
        return tr("crossing up %1").arg(formatMetricValue(r.value));
    case RuleCondition::CrossingDown:
        return tr("crossing down %1").arg(formatMetricValue(r.value));
    case RuleCondition::MovedUp:
        return tr("up %1% within %2").arg(formatMetricValue(r.value), formatDuration(r.windowMs));
    case RuleCondition::MovedDown:
        return tr("down %1% within %2").arg(formatMetricValue(r.value), formatDuration(r.windowMs));
    case RuleCondition::EnterRange:
        return tr("entering %1 … %2").arg(formatMetricValue(r.value), formatMetricValue(r.value2));
    case RuleCondition::LeaveRange:
        return tr("leaving %1 … %2").arg(formatMetricValue(r.value), formatMetricValue(r.value2));
    }
    return {};
}

QString RulesText::frequency(const Rule& r)
{
    QString s;
    switch (r.frequency) {
    case RuleFrequency::Once:
        s = tr("once");
        break;
    case RuleFrequency::Every:
        s = tr("every time");
        break;
    case RuleFrequency::OncePer:
        s = tr("once per %1").arg(formatDuration(r.intervalMs));
        break;
    }
    if (r.cooldownMs > 0)
        s = tr("%1 · cooldown %2").arg(s, formatDuration(r.cooldownMs));
    return s;
}

QString RulesText::expires(const Rule& r, qint64 nowMs)
{
    if (r.expiresAtMs <= 0)
        return tr("never");
    if (nowMs >= r.expiresAtMs)
        return tr("expired %1").arg(UiText::shortTime(r.expiresAtMs));
    return UiText::shortTime(r.expiresAtMs);
}

QString RulesText::lastTriggered(const Rule& r)
{
    if (r.state.lastFiredMs <= 0)
        return tr("never");
    const QString when = UiText::shortTime(r.state.lastFiredMs);
    QString s
        = r.state.firedCount == 1 ? tr("%1 (1 time)").arg(when) : tr("%1 (%2 times)").arg(when).arg(r.state.firedCount);
    if (r.state.exhausted)
        s = tr("%1 · spent").arg(s);
    return s;
}

} // namespace alertdesk
