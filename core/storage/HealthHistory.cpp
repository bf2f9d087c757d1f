#include "HealthHistory.h"

#include "Database.h"
#include "SqlStatement.h"

#include <functional>

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

QString HealthHistory::countsSql()
{
    return QString::fromLatin1(kRecent)
         + QStringLiteral("SELECT bucket, SUM(outcome = 'delivered'), SUM(outcome = 'failed'), SUM(outcome = 'retry') "
                          "FROM recent GROUP BY bucket");
}

QString HealthHistory::percentilesSql()
{
    // p-th percentile = the ceil(p/100 * n)-th smallest value, as the engine's own health.
    return QString::fromLatin1(kRecent)
         + QStringLiteral("SELECT bucket, rn, n, latency_ms FROM ("
                          " SELECT bucket, latency_ms, ROW_NUMBER() OVER (PARTITION BY bucket ORDER BY latency_ms) AS rn,"
                          " COUNT(*) OVER (PARTITION BY bucket) AS n FROM recent WHERE outcome = 'delivered')"
                          " WHERE rn = (n * 50 + 99) / 100 OR rn = (n * 95 + 99) / 100");
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
    const qint64 untilMs = sinceMs + hours * kHourMs;
    auto run = [&](const QString& sql, const std::function<void(SqlStatement&, HourBucket&)>& row) {
        SqlStatement* st = db.statement(sql, error);
        if (!st)
            return false;
        st->bind(0, channel);
        st->bind(1, sinceMs);
        st->bind(2, untilMs);
        if (!st->exec()) {
            if (error)
                *error = st->errorText();
            return false;
        }
        while (st->next()) {
            const qint64 bucket = st->int64(0);
            if (bucket >= 0 && bucket < hours)
                row(*st, out[static_cast<qsizetype>(bucket)]);
        }
        return true;
    };
    const bool ok = run(countsSql(), [](SqlStatement& st, HourBucket& b) {
        b.delivered = static_cast<int>(st.int64(1));
        b.failed = static_cast<int>(st.int64(2));
        b.retried = static_cast<int>(st.int64(3));
    }) && run(percentilesSql(), [](SqlStatement& st, HourBucket& b) {
        const qint64 rn = st.int64(1);
        const qint64 n = st.int64(2);
        const auto v = static_cast<double>(st.int64(3));
        if (rn == (n * 50 + 99) / 100)
            b.latencyP50Ms = v;
        if (rn == (n * 95 + 99) / 100)
            b.latencyP95Ms = v;
    });
    if (!ok)
        return {};
    return out;
}

} // namespace alertdesk
