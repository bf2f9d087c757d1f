// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "HealthHistory.h"

#include "Database.h"
#include "SqlStatement.h"

#include <algorithm>
#include <vector>

namespace alertdesk {

namespace {
// The channel's attempts in [since, until): from the newest one older than the window (a
// backward walk of attempts_channel that stops there) instead of a scan of the whole history.
// Parameters: 0 channel, 1 since, 2 until.
const char* const kRecent = "WITH recent AS ("
                            " SELECT (finished_at - ?2) / 3600000 AS bucket, outcome, latency_ms FROM attempts"
                            " WHERE channel = ?1 AND finished_at >= ?2 AND finished_at < ?3"
                            " AND id > COALESCE((SELECT id FROM attempts WHERE channel = ?1 AND finished_at < ?2"
                            " ORDER BY id DESC LIMIT 1), 0)) ";
} // namespace

QString HealthHistory::sql()
{
    return QString::fromLatin1(kRecent) + QStringLiteral("SELECT bucket, outcome, latency_ms FROM recent");
}

QList<HourBucket> HealthHistory::hourly(Database& db, const QString& channel, qint64 sinceMs, int hours, QString* error)
{
    QList<HourBucket> out;
    out.reserve(hours);
    for (int i = 0; i < hours; ++i) {
        HourBucket b;
        b.startMs = sinceMs + i * kHourMs;
        out << b;
    }
    SqlStatement* st = db.statement(sql(), error);
    if (!st)
        return {};
    st->bind(0, channel);
    st->bind(1, sinceMs);
    st->bind(2, sinceMs + hours * kHourMs);
    if (!st->exec()) {
        if (error)
            *error = st->errorText();
        return {};
    }
    // Counted and sorted here: SQLite's window functions cost several times the plain read.
    std::vector<std::vector<qint64>> latencies(static_cast<size_t>(hours));
    while (st->next()) {
        const qint64 bucket = st->int64(0);
        if (bucket < 0 || bucket >= hours)
            continue;
        HourBucket& b = out[static_cast<qsizetype>(bucket)];
        const QString outcome = st->text(1);
        if (outcome == QLatin1String("delivered")) {
            ++b.delivered;
            latencies[static_cast<size_t>(bucket)].push_back(st->int64(2));
        } else if (outcome == QLatin1String("failed")) {
            ++b.failed;
        } else if (outcome == QLatin1String("retry")) {
            ++b.retried;
        }
    }
    st->finish(); // no read snapshot kept on the window's connection
    // p-th percentile = the ceil(p/100 * n)-th smallest value, as the engine's own health.
    auto percentile = [](std::vector<qint64>& v, int p) {
        const auto n = static_cast<qint64>(v.size());
        const auto k = static_cast<size_t>(std::clamp<qint64>((n * p + 99) / 100, 1, n) - 1);
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
        return static_cast<double>(v[k]);
    };
    for (int i = 0; i < hours; ++i) {
        auto& v = latencies[static_cast<size_t>(i)];
        if (v.empty())
            continue;
        out[i].latencyP50Ms = percentile(v, 50);
        out[i].latencyP95Ms = percentile(v, 95);
    }
    return out;
}

} // namespace alertdesk
