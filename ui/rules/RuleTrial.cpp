// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "rules/RuleTrial.h"

#include "rules/RuleEngine.h"
#include "util/Clock.h"

#include <QLocale>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace alertdesk {

namespace {
// A clock standing still at the trial's time; nothing is ever scheduled on it.
class StillClock final : public Clock {
public:
    explicit StillClock(qint64 nowMs)
        : m_now(nowMs)
    {
    }
    qint64 nowMs() const override { return m_now; }
    void schedule(qint64, QObject*, std::function<void()>) override { }

private:
    qint64 m_now;
};

QString num(double v)
{
    return formatMetricValue(v);
}
} // namespace

std::optional<double> RuleTrial::parseValue(const QString& text)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::optional<QList<double>> RuleTrial::parseSeries(const QString& text, QString* error)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    QList<double> out;
    for (const QString& word : text.split(separators, Qt::SkipEmptyParts)) {
        const auto v = parseValue(word);
        if (!v) {
            *error = tr("'%1' is not a number").arg(word);
            return std::nullopt;
        }
        out << *v;
    }
    return out;
}

RuleTrialResult RuleTrial::evaluate(const Rule& rule, const QList<double>& earlier, double value, qint64 nowMs)
{
    RuleTrialResult result;
    const QString cond = ruleConditionName(rule.condition);
    if (isEdgeCondition(rule.condition) && earlier.isEmpty()) {
        result.error = tr("%1 compares with the previous value: type one.").arg(cond);
        return result;
    }
    if (isMoveCondition(rule.condition) && earlier.isEmpty()) {
        result.error = tr("%1 measures the move within the window: type the earlier values of the window.").arg(cond);
        return result;
    }

    Rule r = rule;
    r.enabled = true;
    r.expiresAtMs = 0;
    r.frequency = RuleFrequency::Every;
    r.intervalMs = 0;
    r.cooldownMs = 0;
    r.state = RuleState {};
    StillClock clock(nowMs);
    RuleEngine engine(clock);
    engine.setRules({ r });

    // Earlier samples end one step before now; within the window for a move.
    const qsizetype n = earlier.size();
    const qint64 step = isMoveCondition(r.condition) ? std::max<qint64>(1, r.windowMs / (n + 1)) : 1000;
    QList<RuleFiring> fired;
    for (qsizetype i = 0; i < n; ++i)
        engine.evaluate(r.metric, earlier.at(i), nowMs - (n - i) * step, &fired);
    fired.clear();
    engine.evaluate(r.metric, value, nowMs, &fired);
    result.fires = !fired.isEmpty();
    if (result.fires)
        result.alert = fired.first().alert;

    const double previous = n > 0 ? earlier.last() : 0;
    switch (r.condition) {
    case RuleCondition::Above:
    case RuleCondition::Below:
        result.explanation = tr("%1 against the threshold %2.").arg(num(value), num(r.value));
        break;
    case RuleCondition::Crossing:
    case RuleCondition::CrossingUp:
    case RuleCondition::CrossingDown:
        result.explanation = tr("From %1 to %2 against the threshold %3.").arg(num(previous), num(value), num(r.value));
        break;
    case RuleCondition::EnterRange:
    case RuleCondition::LeaveRange:
        result.explanation = tr("From %1 to %2 against the range %3.").arg(num(previous), num(value), thresholdText(r));
        break;
    case RuleCondition::MovedUp: {
        const double low = *std::min_element(earlier.begin(), earlier.end());
        const double pct = low != 0 ? (value - low) / std::fabs(low) * 100 : 0;
        result.explanation = tr("%1 is %2% above the window's lowest value %3; the rule wants %4%.")
                                 .arg(num(value), QLocale().toString(pct, 'f', 2), num(low), num(r.value));
        break;
    }
    case RuleCondition::MovedDown: {
        const double high = *std::max_element(earlier.begin(), earlier.end());
        const double pct = high != 0 ? (high - value) / std::fabs(high) * 100 : 0;
        result.explanation = tr("%1 is %2% below the window's highest value %3; the rule wants %4%.")
                                 .arg(num(value), QLocale().toString(pct, 'f', 2), num(high), num(r.value));
        break;
    }
    }
    return result;
}

} // namespace alertdesk
