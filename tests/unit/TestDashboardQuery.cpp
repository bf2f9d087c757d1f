// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "OlderHistory.h"
#include "storage/DashboardQuery.h"
#include "storage/Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The Dashboard's hourly counts: filled once from a history written before schema 10, then
// kept by the triggers as alerts change state, are deleted, and attempts and acknowledgements
// are written; read back for a range by DashboardQuery.
class TestDashboardQuery final : public QObject {
    Q_OBJECT

    static constexpr qint64 kHour = DashboardQuery::kHourMs;
    static constexpr qint64 kBase = 1765000800000; // a whole hour

    static bool exec(Database& db, const QString& sql)
    {
        QSqlQuery q(db.db());
        if (!q.exec(sql)) {
            qWarning() << sql << q.lastError().text();
            return false;
        }
        return true;
    }

private Q_SLOTS:
    void olderHistoryIsCountedThenKeptByTriggers()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.db"));
        // Schema 9: two alerts in the first hour (one from a rule, acknowledged after 60 s), one
        // in the third hour; a delivered attempt of 7 ms, a retry and a failure.
        const QByteArray rows = QStringLiteral(
            "INSERT INTO alerts (id, type, priority, title, symbol, dedup_key, state, created_at, updated_at) VALUES "
            "('a', 0, 0, 't', 'BTCUSDT', 'rule:btc', 1, %1, %1), ('b', 0, 3, 't', 'BTCUSDT', '', 0, %2, %2), "
            "('c', 0, 0, 't', 'ETHUSDT', 'rule:btc', 0, %3, %3);"
            "INSERT INTO alert_events (alert_id, at, from_state, to_state, source) VALUES "
            "('a', %4, 'open', 'acknowledged', 'ui');"
            "INSERT INTO deliveries (id, alert_id, channel, idempotency_key, status, next_attempt_at, created_at) "
            "VALUES (1, 'a', 'desk', 'k1', 'delivered', %1, %1), (2, 'a', 'pager', 'k2', 'failed', %1, %1);"
            "INSERT INTO attempts (delivery_id, channel, started_at, finished_at, outcome, latency_ms) VALUES "
            "(1, 'desk', %1, %1, 'delivered', 7), (2, 'pager', %1, %1, 'retry', 30), "
            "(2, 'pager', %1, %1, 'failed', 30);")
                                    .arg(kBase + 60000)
                                    .arg(kBase + 120000)
                                    .arg(kBase + 2 * kHour + 1)
                                    .arg(kBase + 120000)
                                    .toUtf8();
        QCOMPARE(writeOlderHistory(path, 9, rows.constData()), QString());
        QString error;
        auto db = Database::open(path, &error);
        QVERIFY2(db, qPrintable(error));
        QCOMPARE(db->schemaVersion(), Database::kSchemaVersion);

        const QList<qint64> hours { kBase, kBase + kHour, kBase + 2 * kHour };
        DashboardData d = DashboardQuery::read(*db, hours, kBase + 3 * kHour, 5, &error);
        QCOMPARE(error, QString());
        QCOMPARE(d.total, 3);
        QCOMPARE(d.raised.at(0), 2);
        QCOMPARE(d.raised.at(3), 1);
        QCOMPARE(d.open.at(0), 1); // c; a is acknowledged
        QCOMPARE(d.open.at(3), 1);
        QCOMPARE(d.perBucket.at(0).at(0), 1);
        QCOMPARE(d.perBucket.at(0).at(3), 1);
        QCOMPARE(d.perBucket.at(1).at(0), 0);
        QCOMPARE(d.perBucket.at(2).at(0), 1);
        QCOMPARE(d.symbols.size(), 2);
        QCOMPARE(d.symbols.at(0).key, QStringLiteral("BTCUSDT"));
        QCOMPARE(d.symbols.at(0).alerts, 2);
        QCOMPARE(d.rules.size(), 1);
        QCOMPARE(d.rules.at(0).key, QStringLiteral("btc"));
        QCOMPARE(d.rules.at(0).alerts, 2);
        QCOMPARE(d.acknowledged, 1);
        QCOMPARE(d.meanTimeToAckMs, 60000.0);
        QCOMPARE(d.channels.size(), 2);
        QCOMPARE(d.channels.at(0).channel, QStringLiteral("desk"));
        QCOMPARE(d.channels.at(0).delivered, 1);
        QCOMPARE(d.channels.at(0).latencyP50Ms, 8.0); // the 6-8 ms bin
        QCOMPARE(d.channels.at(0).successRate(), 100.0);
        QCOMPARE(d.channels.at(1).failed, 1);
        QCOMPARE(d.channels.at(1).retried, 1);
        QCOMPARE(d.channels.at(1).successRate(), 0.0);
        QCOMPARE(d.channels.at(1).latencyP50Ms, -1.0);

        // The triggers from now on: a state change moves the count, a deletion removes it, a new
        // alert and attempt add theirs.
        QVERIFY(exec(*db, QStringLiteral("UPDATE alerts SET state = 3 WHERE id = 'c'")));
        QVERIFY(exec(*db, QStringLiteral("DELETE FROM alerts WHERE id = 'b'")));
        QVERIFY(exec(*db,
            QStringLiteral("INSERT INTO alerts (id, type, priority, title, symbol, state, created_at, updated_at) "
                           "VALUES ('d', 0, 1, 't', 'ETHUSDT', 0, %1, %1)")
                .arg(kBase + kHour + 5)));
        QVERIFY(exec(*db,
            QStringLiteral("INSERT INTO alert_events (alert_id, at, from_state, to_state, source) VALUES "
                           "('d', %1, 'open', 'acknowledged', 'cli')")
                .arg(kBase + kHour + 5 + 180000)));
        QVERIFY(exec(*db,
            QStringLiteral("INSERT INTO attempts (delivery_id, channel, started_at, finished_at, outcome, latency_ms) "
                           "VALUES (1, 'desk', %1, %1, 'delivered', 450), (2, 'pager', %1, %1, 'retry', 20), "
                           "(2, 'pager', %1, %1, 'failed', 20)")
                .arg(kBase + kHour)));
        d = DashboardQuery::read(*db, hours, kBase + 3 * kHour, 5, &error);
        QCOMPARE(d.total, 3);
        QCOMPARE(d.open.at(0), 0);
        QCOMPARE(d.raised.at(3), 0);
        QCOMPARE(d.open.at(1), 1);
        QCOMPARE(d.perBucket.at(1).at(1), 1);
        QCOMPARE(d.symbols.at(0).key, QStringLiteral("ETHUSDT")); // 2 against BTCUSDT's 1 now
        QCOMPARE(d.acknowledged, 2);
        QCOMPARE(d.meanTimeToAckMs, 120000.0);
        QCOMPARE(d.channels.at(0).delivered, 2);
        QCOMPARE(d.channels.at(0).latencyP50Ms, 8.0);
        QCOMPARE(d.channels.at(0).latencyP95Ms, 500.0);
        QCOMPARE(d.channels.at(1).failed, 2);
        QCOMPARE(d.channels.at(1).retried, 2);

        // A range of the second hour alone.
        d = DashboardQuery::read(*db, { kBase + kHour }, kBase + 2 * kHour, 5, &error);
        QCOMPARE(d.total, 1);
        QCOMPARE(d.channels.size(), 2);
        QCOMPARE(d.channels.at(0).delivered, 1);
        QCOMPARE(d.channels.at(1).failed, 1);
        QCOMPARE(d.acknowledged, 1);
    }
};

QTEST_GUILESS_MAIN(TestDashboardQuery)
#include "TestDashboardQuery.moc"
