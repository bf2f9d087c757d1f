// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <limits>
#include <optional>

namespace alertdesk {

// What a rule watches for. "Level" conditions hold for as long as the value stays on one side
// (above, below, moved-up, moved-down): they trigger on every sample where they hold, and the
// frequency and cooldown decide how many of those become alerts. "Edge" conditions trigger
// once per transition and need a previous value (the first sample of a rule never triggers
// them):
//   crossing-up    previous < value  and current >= value (reaching the threshold counts)
//   crossing-down  previous > value  and current <= value
//   crossing       either of the two
//   enter-range    previous outside [value, value2] and current inside (bounds are inside)
//   leave-range    previous inside and current outside
//   above / below  current > value / current < value (strictly)
//   moved-up       current is at least value % above the lowest sample of the last window
//   moved-down     current is at least value % below the highest sample of the last window
enum class RuleCondition : quint8 {
    Above,
    Below,
    Crossing,
    CrossingUp,
    CrossingDown,
    MovedUp,
    MovedDown,
    EnterRange,
    LeaveRange
};

// once: the first trigger fires and the rule is spent (enabling it again re-arms it);
// every: each trigger fires (cooldown permitting);
// once-per:D: at most one alert per interval D, intervals aligned on the Unix epoch (UTC), so
// once-per:1d means once per UTC day and once-per:1h once per clock hour.
enum class RuleFrequency : quint8 { Once, Every, OncePer };

QString ruleConditionName(RuleCondition c); // "crossing-up"
std::optional<RuleCondition> ruleConditionFromString(const QString& s);
QStringList ruleConditionNames();
bool isEdgeCondition(RuleCondition c);
bool isRangeCondition(RuleCondition c);
bool isMoveCondition(RuleCondition c);

// What a rule remembers between samples; persisted with the rule so that a restart neither
// re-fires a crossing already reported nor forgets which side of the threshold it was on.
struct RuleState {
    double lastValue = std::numeric_limits<double>::quiet_NaN(); // NaN: no sample seen yet
    qint64 lastSampleMs = 0; // 0: none
    qint64 lastFiredMs = 0; // 0: never fired
    qint64 firedCount = 0;
    bool exhausted = false; // a `once` rule that has fired

    bool hasLastValue() const { return lastValue == lastValue; }
    bool operator==(const RuleState& o) const;
    QJsonObject toJson() const;
};

struct Rule {
    QString name;
    QString metric; // "BTCUSDT.price", "pnl.daily", "risk.BTCUSDT", "bot.latency_ms"
    RuleCondition condition = RuleCondition::Above;
    double value = 0; // threshold, lower bound of a range, or percent of a move
    double value2 = std::numeric_limits<double>::quiet_NaN(); // upper bound of a range
    qint64 windowMs = 0; // moved-up/moved-down only
    RuleFrequency frequency = RuleFrequency::Every;
    qint64 intervalMs = 0; // once-per only
    qint64 cooldownMs = 0; // minimum time between two alerts (sample time)
    qint64 expiresAtMs = 0; // 0: never; an expired rule stays listed but never fires
    bool enabled = true;
    AlertType type = AlertType::Price;
    Priority priority = Priority::Medium;
    QString titleTemplate; // empty: defaultTitleTemplate()
    QString messageTemplate; // empty: defaultMessageTemplate()
    QStringList channels; // empty: every enabled channel
    qint64 createdAtMs = 0;
    qint64 revision = 0; // changes with every change of the definition (RuleStore assigns it)
    RuleState state;

    bool hasValue2() const { return value2 == value2; }
    // The wire form of `rule list`: definition fields (CLI option names) plus "state".
    QJsonObject toJson(qint64 nowMs) const;
};

// The default frequency of a condition: `every` for edges (each crossing is news), `once` for
// levels (a level holds on every tick; `every` there would send an alert per sample).
RuleFrequency defaultFrequency(RuleCondition c);

// Checks a rule as the CLI and the ingest API build it; the error names the field with the
// CLI's option name ("value2", "window", "frequency", "title", ...). Its message names other
// fields as {--value} (FieldError::text() writes them, a form as its labels).
std::optional<FieldError> validateRule(const Rule& r);
bool isValidRuleName(const QString& name);
// Metric keys: 1-128 characters, letters, digits and . _ - : / @ (no spaces).
bool isValidMetricKey(const QString& key);

// Templates: {symbol} {value} {threshold} {condition} {time} {metric} {rule} {priority} {type}.
QStringList templatePlaceholders();
QString defaultTitleTemplate();
QString defaultMessageTemplate();
// The first unknown placeholder in a template, or an empty string.
QString unknownPlaceholder(const QString& tmpl);

// The ticker a metric key is about: the first dotted segment made of capitals and digits
// ("BTCUSDT.price" -> "BTCUSDT", "risk.BTCUSDT" -> "BTCUSDT"), else "" ("pnl.daily").
QString symbolOfMetric(const QString& metric);
// Numbers as a trader reads them: 100500.5, 0.00012345, 1e+21 only when unavoidable.
QString formatMetricValue(double v);
// "crossed up", "moved up", "entered range"...
QString conditionText(const Rule& r);
// "100000", "95000..105000", "5% within 1h".
QString thresholdText(const Rule& r);

// Pure: the alert a rule raises for a sample (no id, no timestamps: AlertManager sets them).
Alert buildRuleAlert(const Rule& r, double value, qint64 sampleMs);

} // namespace alertdesk
