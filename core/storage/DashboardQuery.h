// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Priority.h"

#include <QList>
#include <QString>
#include <array>

namespace alertdesk {

class Database;

inline constexpr int kPriorityCount = 5; // CRITICAL (0) to INFO (4), Priority's values

// One channel's attempts in the range.
struct DashboardChannel {
    QString channel;
    qint64 delivered = 0; // attempts that delivered
    qint64 failed = 0; // attempts that failed for good
    qint64 retried = 0; // attempts that failed and were retried
    double latencyP50Ms = -1; // of the delivered attempts, the upper edge of the bin holding the
    double latencyP95Ms = -1; // percentile (at most about 25 % above it); -1 when none delivered
    // Delivered of the attempts that ended a delivery (delivered or failed), 0..100; -1 when none.
    double successRate() const;
};

// A symbol's or a rule's alerts in the range.
struct DashboardCount {
    QString key;
    qint64 alerts = 0;
};

// What the Dashboard page shows for a range of time.
struct DashboardData {
    QList<qint64> bucketStarts; // as asked for; the last bucket ends at toMs
    qint64 toMs = 0;
    qint64 total = 0; // alerts raised in the range
    std::array<qint64, kPriorityCount> raised {}; // alerts raised in the range, by priority
    std::array<qint64, kPriorityCount> open {}; // of those, still open (not acknowledged, snoozed or resolved)
    QList<std::array<qint64, kPriorityCount>> perBucket; // alerts raised, by bucket and priority
    QList<DashboardChannel> channels; // by name
    qint64 acknowledged = 0; // acknowledgements made in the range
    double meanTimeToAckMs = -1; // from the alert's creation to its acknowledgement; -1 when none
    QList<DashboardCount> symbols; // the noisiest first
    QList<DashboardCount> rules;
};

// The Dashboard page's figures, read from the hourly counts the history's triggers keep
// (schema 10), never from the alerts and attempts themselves: the cost depends on the hours in
// the range, not on the alerts in it. Works on any connection (the window's read-only one);
// used on that connection's thread. The range is taken in whole hours: an hour counts when it
// starts inside [bucketStarts.first(), toMs) (time zones with half-hour offsets see their
// first half hour of a day counted with the day before).
class DashboardQuery final {
public:
    static constexpr qint64 kHourMs = 3600LL * 1000;

    // bucketStarts: increasing, at least one; top: how many symbols and rules to list.
    static DashboardData read(
        Database& db, const QList<qint64>& bucketStarts, qint64 toMs, int top = 5, QString* error = nullptr);
};

} // namespace alertdesk
