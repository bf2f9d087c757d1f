// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"
#include "rules/Rule.h"

#include <QCoreApplication>
#include <QList>
#include <optional>

namespace alertdesk {

// What a rule would do with a value typed into the Thresholds page's test panel.
struct RuleTrialResult {
    QString error; // the input does not allow a verdict (a crossing without a previous value)
    bool fires = false;
    Alert alert; // the alert it would raise (title and message rendered), when it fires
    QString explanation; // the numbers behind the verdict
};

// Evaluates a copy of a rule on its own RuleEngine and clock: the stored rule, its state and the
// running engine are never touched and nothing is sent. The copy is enabled, fresh (no
// previous value, never fired), without cooldown, expiry or frequency limit, so the verdict
// is about the condition alone; the page says separately what the stored state would change.
class RuleTrial final {
    Q_DECLARE_TR_FUNCTIONS(RuleTrial)
public:
    // earlier: the values before the current one, oldest first. Crossing and range conditions
    // need at least one (the previous value); moved-up/moved-down take them as the samples of
    // the window, spread evenly over it, the current value at its end.
    static RuleTrialResult evaluate(const Rule& rule, const QList<double>& earlier, double value, qint64 nowMs);
    // "70100, 69950 70010": numbers separated by commas, semicolons or spaces.
    static std::optional<QList<double>> parseSeries(const QString& text, QString* error);
    static std::optional<double> parseValue(const QString& text);
};

} // namespace alertdesk
