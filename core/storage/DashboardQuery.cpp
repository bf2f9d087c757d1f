// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "DashboardQuery.h"

#include "Database.h"
#include "SqlStatement.h"

#include <QHash>
#include <QMap>
#include <algorithm>

namespace alertdesk {

namespace {
// Each statement walks the primary key's hour range: [?1, ?2] in hours.
const char* const kAlerts = "SELECT hour, priority, state, n FROM alert_hours WHERE hour BETWEEN ?1 AND ?2";
const char* const kKeys
    = "SELECT kind, key, SUM(n) FROM alert_key_hours WHERE hour BETWEEN ?1 AND ?2 GROUP BY kind, key";
const char* const kAttempts
    = "SELECT channel, bin, SUM(n) FROM attempt_hours WHERE hour BETWEEN ?1 AND ?2 GROUP BY channel, bin";
const char* const kAcks = "SELECT SUM(n), SUM(total_ms) FROM ack_hours WHERE hour BETWEEN ?1 AND ?2";

constexpr qint64 kFailedBin = -1;
constexpr qint64 kRetryBin = -2;

// The upper edge of the bin holding the p-th percentile (the ceil(p/100 * n)-th smallest, as
// the engine's own health counts it). bins: edge -> attempts, in increasing order.
double percentile(const QMap<qint64, qint64>& bins, qint64 n, int p)
{
    const qint64 rank = std::max<qint64>(1, (n * p + 99) / 100);
    qint64 seen = 0;
    for (auto it = bins.cbegin(); it != bins.cend(); ++it) {
        seen += it.value();
        if (seen >= rank)
            return static_cast<double>(it.key());
    }
    return bins.isEmpty() ? -1 : static_cast<double>(bins.lastKey());
}

QList<DashboardCount> topOf(const QHash<QString, qint64>& counts, int top)
{
    QList<DashboardCount> out;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() > 0)
            out << DashboardCount { it.key(), it.value() };
    }
    std::sort(out.begin(), out.end(), [](const DashboardCount& a, const DashboardCount& b) {
        return a.alerts != b.alerts ? a.alerts > b.alerts : a.key < b.key;
    });
    if (out.size() > top)
        out.resize(top);
    return out;
}
} // namespace

double DashboardChannel::successRate() const
{
    const qint64 ended = delivered + failed;
    return ended > 0 ? 100.0 * static_cast<double>(delivered) / static_cast<double>(ended) : -1;
}

DashboardData DashboardQuery::read(
    Database& db, const QList<qint64>& bucketStarts, qint64 toMs, int top, QString* error)
{
    DashboardData d;
    d.bucketStarts = bucketStarts;
    d.toMs = toMs;
    if (bucketStarts.isEmpty() || toMs <= bucketStarts.first())
        return d;
    d.perBucket.resize(bucketStarts.size());
    const qint64 firstHour = bucketStarts.first() / kHourMs;
    const qint64 lastHour = (toMs - 1) / kHourMs;
    auto run = [&](const char* sql) -> SqlStatement* {
        SqlStatement* st = db.statement(QString::fromLatin1(sql), error);
        if (!st)
            return nullptr;
        st->bind(0, firstHour);
        st->bind(1, lastHour);
        if (!st->exec()) {
            if (error)
                *error = st->errorText();
            return nullptr;
        }
        return st;
    };

    if (SqlStatement* st = run(kAlerts)) {
        while (st->next()) {
            const qint64 startMs = st->int64(0) * kHourMs;
            const int p = static_cast<int>(std::clamp<qint64>(st->int64(1), 0, kPriorityCount - 1));
            const qint64 n = st->int64(3);
            d.total += n;
            d.raised.at(p) += n;
            if (st->int64(2) == 0) // AlertState::Open
                d.open.at(p) += n;
            // The bucket the hour starts in (the hour before the first bucket counts in it).
            const auto it = std::upper_bound(bucketStarts.cbegin(), bucketStarts.cend(), startMs);
            const auto b = std::max<qsizetype>(0, (it - bucketStarts.cbegin()) - 1);
            d.perBucket[b].at(p) += n;
        }
        st->finish();
    } else {
        return d;
    }

    if (SqlStatement* st = run(kKeys)) {
        QHash<QString, qint64> symbols, rules;
        while (st->next())
            (st->int64(0) == 0 ? symbols : rules)[st->text(1)] += st->int64(2);
        st->finish();
        d.symbols = topOf(symbols, top);
        d.rules = topOf(rules, top);
    }

    if (SqlStatement* st = run(kAttempts)) {
        QMap<QString, QMap<qint64, qint64>> latency; // channel -> bin -> delivered attempts
        QMap<QString, DashboardChannel> channels;
        while (st->next()) {
            const QString name = st->text(0);
            const qint64 bin = st->int64(1);
            const qint64 n = st->int64(2);
            DashboardChannel& c = channels[name];
            c.channel = name;
            if (bin == kFailedBin) {
                c.failed += n;
            } else if (bin == kRetryBin) {
                c.retried += n;
            } else {
                c.delivered += n;
                latency[name][bin] += n;
            }
        }
        st->finish();
        for (DashboardChannel& c : channels) {
            if (c.delivered > 0) {
                c.latencyP50Ms = percentile(latency.value(c.channel), c.delivered, 50);
                c.latencyP95Ms = percentile(latency.value(c.channel), c.delivered, 95);
            }
            d.channels << c;
        }
    }

    if (SqlStatement* st = run(kAcks)) {
        if (st->next() && !st->isNull(0)) {
            d.acknowledged = st->int64(0);
            if (d.acknowledged > 0)
                d.meanTimeToAckMs = static_cast<double>(st->int64(1)) / static_cast<double>(d.acknowledged);
        }
        st->finish();
    }
    return d;
}

} // namespace alertdesk
