// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "AlertMatch.h"

#include <QStringList>
#include <optional>

namespace alertdesk {

// Grouping in the manner of Alertmanager: the first alert of a group waits groupWait for
// company, then the group goes out as one digest per channel; later alerts of the group are
// gathered and go out every groupInterval. A storm becomes a handful of messages that count
// and summarise every alert, and the history keeps each one.
//   "aggregation": {"group_by": ["type", "symbol"], "group_wait_seconds": 30,
//                   "group_interval_seconds": 300, "match": {...}, "channels": ["slack"]}
struct AggregationConfig {
    bool enabled = false;
    QStringList groupBy { QStringLiteral("type"),
        QStringLiteral("symbol") }; // of type, priority, symbol, strategy, position
    qint64 groupWaitMs = 30000;
    qint64 groupIntervalMs = 300000;
    AlertMatch match; // which alerts are grouped (default all)
    QStringList channels; // which channels group (default all)

    bool appliesTo(const Alert& a, const QString& channel) const
    {
        return enabled && (channels.isEmpty() || channels.contains(channel)) && match.matches(a);
    }
    // The values of groupBy, joined by U+001F; "" when groupBy is empty (one group).
    QString groupKey(const Alert& a) const;

    static QStringList knownFields();
    static std::optional<AggregationConfig> fromJson(const QJsonValue& v, const QString& path, FieldError* error);
};

} // namespace alertdesk
