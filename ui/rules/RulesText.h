// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "rules/Rule.h"

#include <QCoreApplication>
#include <QString>

namespace alertdesk {

// How the Thresholds page words rules, through tr().
class RulesText final {
    Q_DECLARE_TR_FUNCTIONS(RulesText)
public:
    static QString conditionLabel(RuleCondition c); // "crossing up"
    static QString condition(const Rule& r); // "above 100000", "moved up 5% within 1h"
    static QString frequency(const Rule& r); // "once", "every time · cooldown 5m"
    static QString expires(const Rule& r, qint64 nowMs); // "never", "2026-12-01 10:00", "expired …"
    static QString lastTriggered(const Rule& r); // "never", "15:13:30 (3 times)", "spent"
};

} // namespace alertdesk
