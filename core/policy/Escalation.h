// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "AlertMatch.h"

#include <QList>
#include <QStringList>
#include <optional>

namespace alertdesk {

// An escalation policy: while an alert stays open (nobody acknowledges, snoozes or resolves
// it), each tier's channels are notified once its time has come, and reminders repeat the
// latest notification every repeatMinutes, up to maxReminders. The first policy whose match
// fits an alert is its policy.
//   {"name": "risk-desk", "match": {"types": ["RISK"], "priorities": ["CRITICAL", "HIGH"]},
//    "tiers": [{"after_minutes": 15, "channels": ["sms"]}, {"after_minutes": 30, "channels": ["pager"]}],
//    "repeat_minutes": 10, "max_reminders": 3}
struct EscalationPolicy {
    struct Tier {
        double afterMinutes = 0; // since the alert was (re)opened
        QStringList channels;
    };
    QString name;
    AlertMatch match;
    QList<Tier> tiers; // after_minutes strictly increasing
    double repeatMinutes = 0; // 0: no reminders
    int maxReminders = 0;

    // State of one alert's escalation, as stored (escalations table).
    struct Progress {
        qint64 startedAt = 0;
        int tier = 0; // tiers fired so far
        int reminders = 0; // reminders sent so far
        qint64 lastNotifiedAt = 0;
    };
    // What is due next and when; nextAt -1 when nothing more will happen.
    struct Step {
        enum class Kind { None, Tier, Reminder } kind = Kind::None;
        qint64 at = -1;
    };
    // The next step after p. A tier due at the same time as a reminder wins: it notifies
    // anyway and restarts the reminder interval. Pure.
    Step next(const Progress& p) const;

    static std::optional<EscalationPolicy> fromJson(const QJsonValue& v, const QString& path, FieldError* error);
};

const EscalationPolicy* findEscalationPolicy(const QList<EscalationPolicy>& policies, const Alert& a);
const EscalationPolicy* findEscalationPolicy(const QList<EscalationPolicy>& policies, const QString& name);

} // namespace alertdesk
