// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QList>
#include <QString>

namespace alertdesk {

class Database;

// One hour of a channel's deliveries, from its attempt rows.
struct HourBucket {
    qint64 startMs = 0; // the bucket covers [startMs, startMs + 1 h)
    int delivered = 0; // attempts that delivered
    int failed = 0; // attempts that failed for good
    int retried = 0; // attempts that failed and were retried
    double latencyP50Ms = -1; // of the delivered attempts; -1 when none
    double latencyP95Ms = -1;
};

// A channel's volume and latency per hour, read from the attempts table. Works on any
// connection (the window's read-only one included); used on that connection's thread.
class HealthHistory final {
public:
    static constexpr qint64 kHourMs = 3600LL * 1000;

    // `hours` buckets starting at sinceMs, oldest first, every one present (zeros when idle).
    // Cost: the channel's attempts inside the window, found through attempts_channel(channel, id)
    // (attempt rows are written as they finish, so their ids follow finished_at).
    static QList<HourBucket> hourly(
        Database& db, const QString& channel, qint64 sinceMs, int hours, QString* error = nullptr);

    // The statement hourly() runs (parameters: channel, since, until), for EXPLAIN QUERY PLAN.
    static QString sql();
};

} // namespace alertdesk
