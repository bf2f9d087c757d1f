// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Aggregation.h"
#include "Escalation.h"
#include "QuietHours.h"
#include "Routing.h"
#include "Template.h"

#include <QJsonObject>
#include <QList>
#include <optional>

namespace alertdesk {

// The "policies" section of a profile's config.json, validated: every error names the field
// ("policies.quiet_hours[0].time_intervals[0].times[0].start_time: ...").
//
//   "policies": {
//     "quiet_hours": [ MuteTiming, ... ],
//     "escalation":  [ EscalationPolicy, ... ],
//     "aggregation": AggregationConfig,
//     "templates":   [ MessageTemplate, ... ],
//     "routing":     [ RoutingRule, ... ]
//   }
struct PolicyConfig {
    QList<MuteTiming> quietHours;
    QList<EscalationPolicy> escalation;
    AggregationConfig aggregation; // disabled unless the section is there
    QList<MessageTemplate> templates;
    QList<RoutingRule> routing;
    QJsonObject json; // as written, saved back unchanged

    static std::optional<PolicyConfig> fromJson(const QJsonObject& policies, FieldError* error);
};

} // namespace alertdesk
