// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "storage/Database.h"
#include "storage/HealthHistory.h"
#include "storage/SqlStatement.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace alertdesk;

// A channel's last hours, bucket by bucket, from the attempts table: counts per outcome,
// latency percentiles of the delivered attempts, only that channel and that window, through
// the window's read-only connection and an index (never a scan of the whole history).
class TestHealthHistory final : public QObject {
    Q_OBJECT

    static constexpr qint64 kHour = HealthHistory::kHourMs;
    static constexpr qint64 kSince = 1795000000000 / kHour * kHour;

    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<Database> m_db;

    void attempt(const QString& channel, qint64 finishedAt, const QString& outcome, qint64 latencyMs)
    {
        QSqlQuery q(m_db->db());
        q.prepare(
            QStringLiteral("INSERT INTO attempts (delivery_id, channel, started_at, finished_at, outcome, latency_ms) "
                           "VALUES (1, ?, ?, ?, ?, ?)"));
        q.addBindValue(channel);
        q.addBindValue(finishedAt - latencyMs);
        q.addBindValue(finishedAt);
        q.addBindValue(outcome);
        q.addBindValue(latencyMs);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }

    QStringList plan(const QString& sql)
    {
        QString error;
        SqlStatement* st = m_db->statement(QStringLiteral("EXPLAIN QUERY PLAN ") + sql, &error);
        if (!st)
            return { error };
        st->bind(0, QStringLiteral("desk"));
        st->bind(1, kSince);
        st->bind(2, kSince + 24 * kHour);
        if (!st->exec())
            return { st->errorText() };
        QStringList out;
        while (st->next())
            out << st->text(3);
        return out;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QString error;
        m_db = Database::open(m_tmp->filePath(QStringLiteral("history.db")), &error);
        QVERIFY2(m_db, qPrintable(error));
        QSqlQuery q(m_db->db());
        QVERIFY2(q.exec(QStringLiteral("INSERT INTO alerts (id, type, priority, title, created_at, updated_at) "
                                       "VALUES ('a1', 0, 0, 't', 0, 0)")),
            qPrintable(q.lastError().text()));
        QVERIFY2(q.exec(QStringLiteral(
                     "INSERT INTO deliveries (alert_id, channel, idempotency_key, status, next_attempt_at, "
                     "created_at) VALUES ('a1', 'desk', 'k1', 'delivered', 0, 0)")),
            qPrintable(q.lastError().text()));
    }
    void cleanup()
    {
        m_db.reset();
        m_tmp.reset();
    }

    void bucketsPerHour_data()
    {
        QTest::addColumn<int>("delivered"); // in the first hour, latencies 10, 20, ... ms
        QTest::addColumn<double>("p50");
        QTest::addColumn<double>("p95");
        QTest::newRow("one") << 1 << 10.0 << 10.0;
        QTest::newRow("two") << 2 << 10.0 << 20.0;
        QTest::newRow("ten") << 10 << 50.0 << 100.0;
        QTest::newRow("twenty") << 20 << 100.0 << 190.0;
    }

    void bucketsPerHour()
    {
        QFETCH(int, delivered);
        QFETCH(double, p50);
        QFETCH(double, p95);
        // Before the window, another channel, after the window: none of them counts.
        attempt(QStringLiteral("desk"), kSince - 1, QStringLiteral("delivered"), 5000);
        attempt(QStringLiteral("other"), kSince + 10, QStringLiteral("delivered"), 7000);
        for (int i = delivered; i >= 1; --i) // out of order: the percentiles sort them
            attempt(QStringLiteral("desk"), kSince + i * 1000, QStringLiteral("delivered"), i * 10);
        attempt(QStringLiteral("desk"), kSince + 2 * kHour - 1, QStringLiteral("retry"), 900);
        attempt(QStringLiteral("desk"), kSince + 2 * kHour, QStringLiteral("failed"), 800);
        attempt(QStringLiteral("desk"), kSince + 23 * kHour + 5, QStringLiteral("delivered"), 42);
        attempt(QStringLiteral("desk"), kSince + 24 * kHour, QStringLiteral("delivered"), 9000);

        QString error;
        const QList<HourBucket> b = HealthHistory::hourly(*m_db, QStringLiteral("desk"), kSince, 24, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(b.size(), 24);
        QCOMPARE(b.first().startMs, kSince);
        QCOMPARE(b.last().startMs, kSince + 23 * kHour);
        QCOMPARE(b.at(0).delivered, delivered);
        QCOMPARE(b.at(0).failed, 0);
        QCOMPARE(b.at(0).latencyP50Ms, p50);
        QCOMPARE(b.at(0).latencyP95Ms, p95);
        QCOMPARE(b.at(1).retried, 1);
        QCOMPARE(b.at(1).delivered, 0);
        QCOMPARE(b.at(1).latencyP50Ms, -1.0); // nothing delivered: no latency
        QCOMPARE(b.at(2).failed, 1);
        QCOMPARE(b.at(23).delivered, 1);
        QCOMPARE(b.at(23).latencyP95Ms, 42.0);
        int total = 0;
        for (const HourBucket& h : b)
            total += h.delivered + h.failed + h.retried;
        QCOMPARE(total, delivered + 3);
    }

    // The same figures through a read-only connection, as the window reads them.
    void readOnlyConnection()
    {
        attempt(QStringLiteral("desk"), kSince + 3 * kHour, QStringLiteral("delivered"), 12);
        QString error;
        auto ro = Database::open(m_db->path(), &error, Database::Mode::ReadOnly);
        QVERIFY2(ro, qPrintable(error));
        const QList<HourBucket> b = HealthHistory::hourly(*ro, QStringLiteral("desk"), kSince, 24, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(b.at(3).delivered, 1);
        QCOMPARE(b.at(3).latencyP50Ms, 12.0);
    }

    // The statement walks attempts_channel from the channel's newest rows back to the window's
    // start: its cost follows the last 24 hours, not the history's size (no index of its own).
    void usesTheChannelIndex()
    {
        const QStringList steps = plan(HealthHistory::sql());
        QVERIFY2(!steps.isEmpty(), "no plan");
        int searches = 0;
        for (const QString& s : steps) {
            QVERIFY2(!s.startsWith(QLatin1String("SCAN attempts")), qPrintable(steps.join(QLatin1String(" | "))));
            if (s.startsWith(QLatin1String("SEARCH attempts USING INDEX attempts_channel")))
                ++searches;
        }
        QVERIFY2(searches >= 2, qPrintable(steps.join(QLatin1String(" | "))));
        QVERIFY2(steps.contains(QStringLiteral("SEARCH attempts USING INDEX attempts_channel (channel=? AND id>?)")),
            qPrintable(steps.join(QLatin1String(" | "))));
    }
};

QTEST_GUILESS_MAIN(TestHealthHistory)
#include "TestHealthHistory.moc"
