// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "storage/AlertSearchIndex.h"
#include "storage/Database.h"

#include "OlderHistory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The history database: migrations, WAL, and a newer database refused without a byte changed.
class TestDatabase final : public QObject {
    Q_OBJECT

    static QByteArray readAll(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    static QString pragma(Database& db, const QString& name)
    {
        QSqlQuery q(db.db());
        return q.exec(QStringLiteral("PRAGMA ") + name) && q.next() ? q.value(0).toString() : QString();
    }
    static QStringList tables(Database& db)
    {
        QStringList out;
        QSqlQuery q(db.db());
        if (q.exec(QStringLiteral(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))) {
            while (q.next())
                out << q.value(0).toString();
        }
        return out;
    }
    // Writes a database of schema version `version` with plain SQLite, as another program would.
    static bool writeForeignDatabase(const QString& path, int version)
    {
        bool ok = false;
        {
            QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
            d.setDatabaseName(path);
            if (d.open()) {
                QSqlQuery q(d);
                ok = q.exec(QStringLiteral("CREATE TABLE future (x INTEGER)"))
                    && q.exec(QStringLiteral("INSERT INTO future VALUES (42)"))
                    && q.exec(QStringLiteral("PRAGMA user_version=%1").arg(version));
                d.close();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
        return ok;
    }

private Q_SLOTS:
    void freshDatabaseIsMigrated()
    {
        QTemporaryDir tmp;
        QString error;
        auto db = Database::open(tmp.filePath(QStringLiteral("history.db")), &error);
        QVERIFY2(db, qPrintable(error));
        QCOMPARE(db->schemaVersion(), Database::kSchemaVersion);
        QCOMPARE(pragma(*db, QStringLiteral("user_version")).toInt(), Database::kSchemaVersion);
        QCOMPARE(tables(*db),
            (QStringList { QStringLiteral("ack_hours"), QStringLiteral("alert_counts"), QStringLiteral("alert_events"),
                QStringLiteral("alert_hours"), QStringLiteral("alert_key_hours"), QStringLiteral("alerts"),
                QStringLiteral("alerts_fts"), QStringLiteral("alerts_fts_config"), QStringLiteral("alerts_fts_data"),
                QStringLiteral("alerts_fts_docsize"), QStringLiteral("alerts_fts_idx"),
                QStringLiteral("alerts_fts_indexed"), QStringLiteral("attempt_hours"), QStringLiteral("attempts"),
                QStringLiteral("channel_tests"), QStringLiteral("deliveries"), QStringLiteral("digests"),
                QStringLiteral("escalations"), QStringLiteral("held_notifications"), QStringLiteral("latency_bins"),
                QStringLiteral("resends"), QStringLiteral("rules"), QStringLiteral("source_positions") }));
        QCOMPARE(pragma(*db, QStringLiteral("journal_mode")), QStringLiteral("wal"));
        QCOMPARE(pragma(*db, QStringLiteral("foreign_keys")).toInt(), 1);
        QCOMPARE(pragma(*db, QStringLiteral("synchronous")).toInt(), 2); // FULL: a commit is on the disk
    }

    // Migration 4 over a history of version 3: the full-text index and the counts per state
    // take in the alerts already there, and the triggers keep both as alerts come and change.
    void searchAndCountsCoverAnOlderHistory()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("history.db"));
        QString error;
        // Version 3 as it was: no index, no counts, two alerts.
        error = writeOlderHistory(path, 3,
            "INSERT INTO alerts (id, type, priority, title, message, state, created_at, updated_at) VALUES "
            "('a1', 2, 0, 'Drawdown limit breached', 'on the ETH book', 0, 1, 1), "
            "('a2', 0, 1, 'BTC above 70,000', 'crossed up', 3, 2, 2)");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto db = Database::open(path, &error);
        QVERIFY2(db, qPrintable(error));
        QCOMPARE(db->schemaVersion(), Database::kSchemaVersion);
        QSqlQuery q(db->db());
        QVERIFY(q.exec(QStringLiteral("SELECT sqlite_compileoption_used('ENABLE_FTS5')")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1); // Debian's SQLite, as QSQLITE loads it
        auto match = [&](const QString& words) {
            QStringList ids;
            q.prepare(QStringLiteral("SELECT a.id FROM alerts_fts f JOIN alerts a ON a.seq = f.rowid WHERE alerts_fts "
                                     "MATCH ? ORDER BY f.rowid"));
            q.addBindValue(words);
            if (q.exec()) {
                while (q.next())
                    ids << q.value(0).toString();
            }
            return ids;
        };
        auto counts = [&] {
            QList<qint64> n;
            if (q.exec(QStringLiteral("SELECT n FROM alert_counts ORDER BY state"))) {
                while (q.next())
                    n << q.value(0).toLongLong();
            }
            return n;
        };
        QCOMPARE(match(QStringLiteral("drawdown")), QStringList { QStringLiteral("a1") });
        QCOMPARE(match(QStringLiteral("eth")), QStringList { QStringLiteral("a1") }); // the message
        QCOMPARE(match(QStringLiteral("cross*")), QStringList { QStringLiteral("a2") });
        QCOMPARE(counts(), (QList<qint64> { 1, 0, 0, 1 }));
        QCOMPARE(AlertSearchIndex(*db).indexedUpTo(), 2);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO alerts (id, type, priority, title, message, state, created_at, "
                                      "updated_at) VALUES ('a3', 3, 3, 'ETH websocket reconnected', '', 0, 3, 3)")));
        // New alerts wait for the indexer (searches match them directly meanwhile).
        QCOMPARE(match(QStringLiteral("eth")), QStringList { QStringLiteral("a1") });
        QCOMPARE(AlertSearchIndex(*db).indexPending(1000, &error), 1);
        QCOMPARE(match(QStringLiteral("eth")), (QStringList { QStringLiteral("a1"), QStringLiteral("a3") }));
        QVERIFY(q.exec(QStringLiteral("UPDATE alerts SET state = 1 WHERE id = 'a1'")));
        QVERIFY(q.exec(QStringLiteral("UPDATE alerts SET title = 'Drawdown back under the limit' WHERE id = 'a1'")));
        QCOMPARE(match(QStringLiteral("breached")), QStringList {});
        QCOMPARE(match(QStringLiteral("limit")), QStringList { QStringLiteral("a1") });
        QCOMPARE(counts(), (QList<qint64> { 1, 1, 0, 1 }));
    }

    static QString integrity(Database& db)
    {
        QSqlQuery q(db.db());
        return q.exec(QStringLiteral("INSERT INTO alerts_fts(alerts_fts, rank) VALUES ('integrity-check', 1)"))
            ? QString()
            : q.lastError().text();
    }
    static QStringList matchIds(Database& db, const QString& words)
    {
        QStringList ids;
        QSqlQuery q(db.db());
        q.prepare(QStringLiteral("SELECT a.id FROM alerts_fts f JOIN alerts a ON a.seq = f.rowid WHERE alerts_fts "
                                 "MATCH ? ORDER BY f.rowid"));
        q.addBindValue(words);
        if (q.exec()) {
            while (q.next())
                ids << q.value(0).toString();
        }
        return ids;
    }

    // Migration 5 over a history of version 4 (indexed by its insert trigger): the high-water
    // mark starts at the newest alert, so nothing is indexed twice and nothing is left out.
    void searchIndexInBatchesFromVersion4()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("history.db"));
        QString error;
        // Version 4 as it was: the index kept by triggers on every alert.
        error = writeOlderHistory(path, 4,
            "INSERT INTO alerts (id, type, priority, title, message, state, created_at, updated_at) VALUES "
            "('a1', 2, 0, 'Drawdown limit breached', 'on the ETH book', 0, 1, 1), "
            "('a2', 0, 1, 'BTC above 70,000', 'crossed up', 3, 2, 2), "
            "('a3', 0, 1, 'SOL gap', 'ETH too', 0, 3, 3); "
            "DELETE FROM alerts WHERE id = 'a3'"); // seq 3 is never reused
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto db = Database::open(path, &error);
        QVERIFY2(db, qPrintable(error));
        QCOMPARE(db->schemaVersion(), Database::kSchemaVersion);
        AlertSearchIndex index(*db);
        QCOMPARE(index.indexedUpTo(), 2);
        QCOMPARE(index.indexPending(1000, &error), 0);
        QCOMPARE(matchIds(*db, QStringLiteral("eth")), QStringList { QStringLiteral("a1") });
        QSqlQuery q(db->db());
        QVERIFY(
            q.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'alerts_fts_insert'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        // Alerts past the mark: changed and deleted before the indexer came, they leave the
        // index sound (a 'delete' of a row never indexed would corrupt it).
        for (int i = 4; i <= 8; ++i) {
            QVERIFY(q.exec(QStringLiteral("INSERT INTO alerts (id, type, priority, title, message, state, created_at, "
                                          "updated_at) VALUES ('a%1', 0, 1, 'ETH tick %1', 'feed', 0, %1, %1)")
                               .arg(i)));
        }
        QVERIFY(q.exec(QStringLiteral("UPDATE alerts SET title = 'BTC tick' WHERE id = 'a4'")));
        QVERIFY(q.exec(QStringLiteral("DELETE FROM alerts WHERE id = 'a5'")));
        QCOMPARE(matchIds(*db, QStringLiteral("eth")), QStringList { QStringLiteral("a1") });
        // In batches: two, then the rest, then nothing (the integrity check compares the index
        // with alerts, so it holds only once everything is in).
        QCOMPARE(index.indexPending(2, &error), 2);
        QCOMPARE(index.indexedUpTo(), 6);
        QCOMPARE(index.indexPending(2, &error), 2);
        QCOMPARE(index.indexedUpTo(), 8);
        QCOMPARE(index.indexPending(2, &error), 0);
        QCOMPARE(matchIds(*db, QStringLiteral("eth")),
            (QStringList { QStringLiteral("a1"), QStringLiteral("a6"), QStringLiteral("a7"), QStringLiteral("a8") }));
        QCOMPARE(matchIds(*db, QStringLiteral("btc")), (QStringList { QStringLiteral("a2"), QStringLiteral("a4") }));
        // Indexed now, they follow the triggers again.
        QVERIFY(q.exec(QStringLiteral("UPDATE alerts SET title = 'SOL tick' WHERE id = 'a6'")));
        QVERIFY(q.exec(QStringLiteral("DELETE FROM alerts WHERE id = 'a7'")));
        QCOMPARE(matchIds(*db, QStringLiteral("eth")), (QStringList { QStringLiteral("a1"), QStringLiteral("a8") }));
        QCOMPARE(matchIds(*db, QStringLiteral("sol")), QStringList { QStringLiteral("a6") });
        QCOMPARE(integrity(*db), QString());
    }

    // Migration 6 over a history of version 5: the outbox rows keep everything, their notes
    // (delivery_meta) become columns, the attempts still point at their rows, and no id is
    // handed out twice.
    void outboxRowsCarryTheirPurposeFromVersion5()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("history.db"));
        QString error = writeOlderHistory(path, 5,
            "INSERT INTO alerts (id, type, priority, title, state, created_at, updated_at) VALUES "
            "('a1', 2, 0, 'Drawdown', 0, 1, 1), ('a2', 0, 1, 'BTC', 0, 2, 2);"
            "INSERT INTO deliveries (id, alert_id, channel, ordinal, idempotency_key, status, attempts, "
            "next_attempt_at, "
            "last_error, latency_ms, created_at, finished_at) VALUES "
            "(1, 'a1', 'ops', 0, 'k1', 'delivered', 1, 10, '', 12, 1, 11),"
            "(2, 'a1', 'ops', 1, 'k2', 'pending', 0, 20, '', -1, 5, NULL),"
            "(3, 'a2', 'desk', 0, 'k3', 'failed', 2, 30, 'HTTP 500', -1, 2, 31),"
            "(4, 'a2', 'desk', 1, 'k4', 'pending', 0, 40, '', -1, 6, NULL);"
            "INSERT INTO delivery_meta (delivery_id, purpose, round) VALUES (1, 'alert', 1);"
            "INSERT INTO delivery_meta (delivery_id, purpose, round, digest_id) VALUES (2, 'reminder', 2, 'dg1');"
            "INSERT INTO attempts (delivery_id, channel, started_at, finished_at, outcome, http_status) VALUES "
            "(1, 'ops', 10, 11, 'delivered', 200), (3, 'desk', 30, 31, 'failed', 500);"
            "DELETE FROM deliveries WHERE id = 4"); // the sequence stays at 4
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QList<QPair<int, int>> notices;
        auto onUpgrade = [&](int from, int to) { notices.append({ from, to }); };
        auto db = Database::open(path, &error, Database::Mode::ReadWrite, onUpgrade);
        QVERIFY2(db, qPrintable(error));
        QCOMPARE(notices, (QList<QPair<int, int>> { { 5, Database::kSchemaVersion } })); // told before the long part
        QCOMPARE(QFileInfo(path + QStringLiteral("-wal")).size(), qint64(0)); // the rewrite copied, the log emptied
        QCOMPARE(pragma(*db, QStringLiteral("journal_size_limit")).toLongLong(), qint64(64) << 20);
        QCOMPARE(db->schemaVersion(), Database::kSchemaVersion);
        QCOMPARE(pragma(*db, QStringLiteral("foreign_keys")).toInt(), 1);
        QVERIFY(!tables(*db).contains(QStringLiteral("delivery_meta")));
        QSqlQuery q(db->db());
        QVERIFY(
            q.exec(QStringLiteral("SELECT id, alert_id, channel, ordinal, idempotency_key, status, attempts, "
                                  "next_attempt_at, last_error, latency_ms, created_at, finished_at, purpose, round, "
                                  "digest_id FROM deliveries ORDER BY id")));
        QStringList rows;
        while (q.next()) {
            QStringList cells;
            for (int i = 0; i < 15; ++i)
                cells << (q.isNull(i) ? QStringLiteral("null") : q.value(i).toString());
            rows << cells.join(QLatin1Char('|'));
        }
        QCOMPARE(rows,
            (QStringList { QStringLiteral("1|a1|ops|0|k1|delivered|1|10||12|1|11|alert|1|null"),
                QStringLiteral("2|a1|ops|1|k2|pending|0|20||-1|5|null|reminder|2|dg1"),
                QStringLiteral("3|a2|desk|0|k3|failed|2|30|HTTP 500|-1|2|31|alert|1|null") }));
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_key_check")));
        QVERIFY(!q.next());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM attempts a JOIN deliveries d ON d.id = a.delivery_id"))
            && q.next());
        QCOMPARE(q.value(0).toInt(), 2);
        QVERIFY(q.exec(
            QStringLiteral("INSERT INTO deliveries (alert_id, channel, idempotency_key, status, next_attempt_at, "
                           "created_at) VALUES ('a2', 'desk', 'k5', 'pending', 50, 7)")));
        QCOMPARE(q.lastInsertId().toLongLong(), 5);
        // Attempts still refer to deliveries, and the keys enforce it.
        QVERIFY(!q.exec(QStringLiteral("INSERT INTO attempts (delivery_id, channel, started_at, finished_at, outcome) "
                                       "VALUES (99, 'desk', 1, 1, 'failed')")));
        // Up to date, and a new history: nothing to tell.
        db.reset();
        db = Database::open(path, &error, Database::Mode::ReadWrite, onUpgrade);
        QVERIFY2(db, qPrintable(error));
        auto fresh
            = Database::open(tmp.filePath(QStringLiteral("new.db")), &error, Database::Mode::ReadWrite, onUpgrade);
        QVERIFY2(fresh, qPrintable(error));
        QCOMPARE(notices.size(), 1);
    }

    // Migration 7 over a history of version 6: every outbox row takes its alert's priority, a
    // digest the most urgent of its alerts, and the due index is ordered by it.
    void outboxRowsTakeTheirPriorityFromVersion6()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("history.db"));
        QString error = writeOlderHistory(path, 6,
            "INSERT INTO alerts (id, type, priority, title, state, created_at, updated_at) VALUES "
            "('crit', 2, 0, 'Margin call', 0, 1, 1), ('low', 0, 3, 'BTC tick', 0, 2, 2), ('info', 0, 4, 'Feed up', 0, "
            "3, 3), "
            "('high', 0, 1, 'ETH gap', 0, 4, 4);"
            "INSERT INTO deliveries (id, alert_id, channel, ordinal, idempotency_key, status, attempts, "
            "next_attempt_at, "
            "created_at, finished_at, purpose, round, digest_id) VALUES "
            "(1, 'crit', 'ops', 0, 'k1', 'delivered', 1, 10, 1, 11, 'alert', 1, NULL),"
            "(2, 'low', 'ops', 0, 'k2', 'pending', 0, 20, 2, NULL, 'alert', 1, NULL),"
            "(3, 'info', 'ops', 0, 'k3', 'pending', 2, 30, 3, NULL, 'alert', 1, NULL),"
            "(4, 'info', 'desk', 0, 'k4', 'pending', 0, 40, 5, NULL, 'digest', 1, 'dg1'),"
            "(5, 'low', 'desk', 1, 'k5', 'waiting', 0, 50, 5, NULL, 'alert', 1, NULL);"
            "INSERT INTO held_notifications (alert_id, channel, round, purpose, reason, group_key, status, release_at, "
            "created_at, digest_id, delivery_id) VALUES "
            "('info', 'desk', 1, 'alert', 'grouping', '', 'released', 5, 3, 'dg1', 4),"
            "('high', 'desk', 1, 'alert', 'grouping', '', 'released', 5, 4, 'dg1', 4)");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto db = Database::open(path, &error);
        QVERIFY2(db, qPrintable(error));
        QCOMPARE(db->schemaVersion(), Database::kSchemaVersion);
        QSqlQuery q(db->db());
        QVERIFY(q.exec(QStringLiteral("SELECT id, priority FROM deliveries ORDER BY id")));
        QStringList rows;
        while (q.next())
            rows << QStringLiteral("%1:%2").arg(q.value(0).toInt()).arg(q.value(1).toInt());
        QCOMPARE(rows,
            (QStringList { QStringLiteral("1:0"), QStringLiteral("2:3"), QStringLiteral("3:4"),
                QStringLiteral("4:1"), // the digest: its HIGH alert
                QStringLiteral("5:3") }));
        QVERIFY(q.exec(QStringLiteral("SELECT group_concat(name, ',') FROM pragma_index_info('deliveries_due')"))
            && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("status,channel,priority,next_attempt_at"));
        // A row outside the lanes would never be sent: refused.
        QVERIFY(!q.exec(
            QStringLiteral("INSERT INTO deliveries (alert_id, channel, idempotency_key, status, next_attempt_at, "
                           "created_at, priority) VALUES ('low', 'ops', 'k6', 'pending', 60, 6, 5)")));
    }

    // The outbox's queries find their rows through an index, not a scan of every delivery;
    // the dispatcher's also in the order it takes them (no sort of a backlog).
    void outboxQueriesUseAnIndex_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<bool>("inIndexOrder");
        QTest::newRow("due, most urgent first") << QStringLiteral(
            "SELECT id FROM deliveries WHERE status = 'pending' AND channel = 'x' AND priority IN (0, 1, 2, 3, 4) "
            "AND next_attempt_at <= 5 ORDER BY priority, next_attempt_at, id LIMIT 8")
                                                << true;
        QTest::newRow("next due, one lane") << QStringLiteral(
            "SELECT id, next_attempt_at FROM deliveries WHERE status = 'pending' AND channel = 'x' AND "
            "priority = 0 ORDER BY next_attempt_at, id LIMIT 3")
                                            << true;
        QTest::newRow("open count") << QStringLiteral(
            "SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'waiting')")
                                    << false;
        QTest::newRow("channels with pending")
            << QStringLiteral("SELECT DISTINCT channel FROM deliveries WHERE status IN ('pending', 'waiting')")
            << false;
        QTest::newRow("channel stats") << QStringLiteral(
            "SELECT status, COUNT(*) FROM deliveries WHERE channel = 'x' AND "
            "status IN ('delivered', 'failed') GROUP BY status")
                                       << false;
        QTest::newRow("channels in history: same status") << QStringLiteral(
            "SELECT channel FROM deliveries WHERE status = 'failed' AND channel > 'x' ORDER BY channel LIMIT 1")
                                                          << false;
        QTest::newRow("channels in history: next status") << QStringLiteral(
            "SELECT status, channel FROM deliveries WHERE status > 'failed' ORDER BY status, channel LIMIT 1")
                                                          << false;
        QTest::newRow("rows of an alert")
            << QStringLiteral("SELECT id FROM deliveries WHERE alert_id = 'a' ORDER BY ordinal") << false;
    }
    void outboxQueriesUseAnIndex()
    {
        QFETCH(QString, sql);
        QFETCH(bool, inIndexOrder);
        QTemporaryDir tmp;
        QString error;
        auto db = Database::open(tmp.filePath(QStringLiteral("history.db")), &error);
        QVERIFY2(db, qPrintable(error));
        QSqlQuery q(db->db());
        QVERIFY2(q.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + sql), qPrintable(q.lastError().text()));
        QStringList plan;
        while (q.next())
            plan << q.value(3).toString();
        const QString text = plan.join(QStringLiteral("; "));
        // A seek: "SCAN ... USING COVERING INDEX" would still read every row's entry.
        QVERIFY2(text.contains(QStringLiteral("SEARCH ")) && text.contains(QStringLiteral("INDEX")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("SCAN ")), qPrintable(text));
        if (inIndexOrder)
            QVERIFY2(!text.contains(QStringLiteral("TEMP B-TREE")), qPrintable(text));
    }

    // The Alerts page's filters, as HistoryQuery asks them: whichever index the page walks,
    // each candidate's state, priority, type and symbol are read from the index entry (the
    // table's row is read only for a row that matches). Schema 12's two-column indexes read the
    // row of every candidate.
    void alertsFiltersAreCheckedOnTheIndex_data()
    {
        QTest::addColumn<QString>("where");
        QTest::newRow("priority, state, symbol") << QStringLiteral("a.priority = 0 AND a.state = 0 AND a.symbol = 'X'");
        QTest::newRow("state, symbol") << QStringLiteral("a.state = 1 AND a.symbol = 'X'");
        QTest::newRow("priority at least, state") << QStringLiteral("a.priority <= 1 AND a.state = 0");
        QTest::newRow("type, symbol") << QStringLiteral("a.type = 3 AND a.symbol = 'X'");
        QTest::newRow("state, priority, type") << QStringLiteral("a.state = 0 AND a.priority = 2 AND a.type = 1");
    }
    void alertsFiltersAreCheckedOnTheIndex()
    {
        QFETCH(QString, where);
        QTemporaryDir tmp;
        QString error;
        auto db = Database::open(tmp.filePath(QStringLiteral("history.db")), &error);
        QVERIFY2(db, qPrintable(error));
        QSqlQuery q(db->db());
        QVERIFY(q.exec(QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name = 'alerts'")) && q.next());
        const int alertsRoot = q.value(0).toInt();
        QVERIFY(q.exec(QStringLiteral("SELECT cid FROM pragma_table_info('alerts') WHERE name IN "
                                      "('state', 'priority', 'type', 'symbol')")));
        QList<int> filterColumns;
        while (q.next())
            filterColumns << q.value(0).toInt();
        QCOMPARE(filterColumns.size(), 4);
        QVERIFY2(
            q.exec(
                QStringLiteral("EXPLAIN SELECT a.id FROM alerts a WHERE %1 ORDER BY a.seq DESC LIMIT 200").arg(where)),
            qPrintable(q.lastError().text()));
        // EXPLAIN's columns: addr, opcode, p1, p2, p3, ...
        int tableCursor = -1;
        bool indexWalked = false;
        QStringList readFromRow;
        while (q.next()) {
            const QString op = q.value(1).toString();
            const int p1 = q.value(2).toInt();
            const int p2 = q.value(3).toInt();
            if (op == QLatin1String("OpenRead") && p2 == alertsRoot)
                tableCursor = p1;
            else if (op == QLatin1String("OpenRead"))
                indexWalked = true;
            else if (op == QLatin1String("Column") && p1 == tableCursor && filterColumns.contains(p2))
                readFromRow << QString::number(p2);
        }
        QVERIFY2(indexWalked, "the page walks no index");
        QVERIFY2(readFromRow.isEmpty(),
            qPrintable(
                QStringLiteral("filter columns read from the table's row: ") + readFromRow.join(QLatin1Char(','))));
    }

    void reopeningKeepsDataAndDoesNotMigrateTwice()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("history.db"));
        QString error;
        {
            auto db = Database::open(path, &error);
            QVERIFY2(db, qPrintable(error));
            QSqlQuery q(db->db());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO alerts (id, type, priority, title, created_at, updated_at) "
                                          "VALUES ('a1', 0, 0, 't', 1, 1)")));
        }
        auto db = Database::open(path, &error);
        QVERIFY2(db, qPrintable(error));
        QCOMPARE(db->schemaVersion(), Database::kSchemaVersion);
        QSqlQuery q(db->db());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM alerts")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        // WAL mode is stored in the file: a second connection (the UI's) sees it too.
        auto reader = Database::open(path, &error, Database::Mode::ReadOnly);
        QVERIFY2(reader, qPrintable(error));
        QCOMPARE(pragma(*reader, QStringLiteral("journal_mode")), QStringLiteral("wal"));
    }

    void foreignKeysAreEnforced()
    {
        QTemporaryDir tmp;
        QString error;
        auto db = Database::open(tmp.filePath(QStringLiteral("history.db")), &error);
        QVERIFY(db);
        QSqlQuery q(db->db());
        QVERIFY(!q.exec(
            QStringLiteral("INSERT INTO deliveries (alert_id, channel, idempotency_key, status, next_attempt_at, "
                           "created_at) VALUES ('nope', 'c', 'k', 'pending', 0, 0)")));
    }

    void transactionRollsBack()
    {
        QTemporaryDir tmp;
        QString error;
        auto db = Database::open(tmp.filePath(QStringLiteral("history.db")), &error);
        QVERIFY(db);
        const bool ok = db->transaction(
            [&] {
                QSqlQuery q(db->db());
                return q.exec(QStringLiteral("INSERT INTO alerts (id, type, priority, title, created_at, updated_at) "
                                             "VALUES ('a1', 0, 0, 't', 1, 1)"))
                    && false;
            },
            &error);
        QVERIFY(!ok);
        QVERIFY(!error.isEmpty());
        QSqlQuery q(db->db());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM alerts")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        QVERIFY(db->transaction([&] {
            QSqlQuery ins(db->db());
            return ins.exec(QStringLiteral("INSERT INTO alerts (id, type, priority, title, created_at, updated_at) "
                                           "VALUES ('a2', 0, 0, 't', 1, 1)"));
        }));
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM alerts")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }

    // A group commit: transactions inside a transaction are savepoints. One that fails undoes
    // its own rows only; the rest commit once, together, and what waited for the commit runs
    // after it (never for what was rolled back).
    void nestedTransactionsCommitTogether()
    {
        QTemporaryDir tmp;
        QString error;
        auto db = Database::open(tmp.filePath(QStringLiteral("history.db")), &error);
        QVERIFY2(db, qPrintable(error));
        auto insert = [&](const QString& id) {
            QSqlQuery q(db->db());
            return q.exec(QStringLiteral("INSERT INTO alerts (id, type, priority, title, created_at, updated_at) "
                                         "VALUES ('%1', 0, 0, 't', 1, 1)")
                              .arg(id));
        };
        auto count = [&] {
            QSqlQuery q(db->db());
            return q.exec(QStringLiteral("SELECT COUNT(*) FROM alerts")) && q.next() ? q.value(0).toInt() : -1;
        };
        QStringList told;
        const qint64 commitsBefore = db->commits();
        const bool ok = db->transaction([&] {
            for (const QString& id : { QStringLiteral("a1"), QStringLiteral("bad"), QStringLiteral("a2") }) {
                QString e;
                db->transaction(
                    [&] {
                        if (!insert(id))
                            return false;
                        db->afterCommit([&told, id] { told << id; });
                        return id != QLatin1String("bad"); // rolled back after writing its row
                    },
                    &e);
            }
            return told.isEmpty(); // nothing told before the commit
        });
        QVERIFY(ok);
        QCOMPARE(db->commits(), commitsBefore + 1);
        QCOMPARE(count(), 2);
        QCOMPARE(told, (QStringList { QStringLiteral("a1"), QStringLiteral("a2") }));

        // The whole group rolled back: nobody told, nothing stored.
        told.clear();
        QVERIFY(!db->transaction([&] {
            db->transaction([&] {
                db->afterCommit([&told] { told << QStringLiteral("a3"); });
                return insert(QStringLiteral("a3"));
            });
            return false;
        }));
        QCOMPARE(count(), 2);
        QVERIFY(told.isEmpty());
        QCOMPARE(db->commits(), commitsBefore + 1);
        // Outside a transaction afterCommit runs at once.
        db->afterCommit([&told] { told << QStringLiteral("now"); });
        QCOMPARE(told, QStringList { QStringLiteral("now") });
    }

    void newerDatabaseRefusedAndUntouched_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("read-write (the engine)") << int(Database::Mode::ReadWrite);
        QTest::newRow("read-only (the UI)") << int(Database::Mode::ReadOnly);
    }
    void newerDatabaseRefusedAndUntouched()
    {
        QFETCH(int, mode);
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("history.db"));
        QVERIFY(writeForeignDatabase(path, Database::kSchemaVersion + 1));
        const QByteArray before = readAll(path);
        QVERIFY(!before.isEmpty());
        const QStringList filesBefore = QDir(tmp.path()).entryList(QDir::Files);

        QString error;
        auto db = Database::open(path, &error, static_cast<Database::Mode>(mode));
        QVERIFY(!db);
        QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
        QVERIFY2(error.contains(QString::number(Database::kSchemaVersion + 1)), qPrintable(error));
        QCOMPARE(readAll(path), before);
        // No journal switched to WAL, nothing left beside it.
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files), filesBefore);
    }

    void readOnlyNeedsAnExistingMigratedDatabase()
    {
        QTemporaryDir tmp;
        QString error;
        const QString missing = tmp.filePath(QStringLiteral("missing.db"));
        QVERIFY(!Database::open(missing, &error, Database::Mode::ReadOnly));
        QVERIFY(error.contains(QStringLiteral("does not exist")));
        QVERIFY(!QFile::exists(missing));

        const QString old = tmp.filePath(QStringLiteral("old.db"));
        QVERIFY(writeForeignDatabase(old, 0));
        const QByteArray before = readAll(old);
        QVERIFY(!Database::open(old, &error, Database::Mode::ReadOnly));
        QVERIFY2(error.contains(QStringLiteral("needs migrating")), qPrintable(error));
        QCOMPARE(readAll(old), before);
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "TestDatabase.moc"
