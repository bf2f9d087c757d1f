// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "storage/AlertSearchIndex.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/HistoryQuery.h"
#include "storage/OutboxStore.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace alertdesk;

// The history as the window reads it, on a history file of its own: written through the
// engine's stores on one connection, read through a second, read-only one as the window does.
// Keyset pages under every kind of filter, a search over indexed and not yet indexed alerts,
// re-reading rows, the counts, the filter's choices, an alert's attempts and the data version.
class TestHistoryQuery final : public QObject {
    Q_OBJECT

    static constexpr qint64 kT0 = 1700000000000; // in the past: a range up to it is closed
    static constexpr qint64 kMinute = 60 * 1000;

    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<Database> m_db; // the writer
    std::unique_ptr<Database> m_read; // the window's connection

    // Stores an alert created at kT0 + minute minutes, queued to channels, as the engine does.
    QString add(const QString& title, int minute, Priority priority = Priority::Info, const QString& symbol = QString(),
        const QStringList& channels = {}, const QString& message = QString())
    {
        Alert a;
        a.id = newAlertId();
        a.type = AlertType::Price;
        a.priority = priority;
        a.title = title;
        a.message = message;
        a.symbol = symbol;
        a.createdAt = a.updatedAt = QDateTime::fromMSecsSinceEpoch(kT0 + minute * kMinute, Qt::UTC);
        QString error;
        AlertStore alerts(*m_db);
        OutboxStore outbox(*m_db);
        const bool ok = m_db->transaction(
            [&] {
                return alerts.insert(a, &error)
                    && (channels.isEmpty() || outbox.enqueue(a.id, a.priority, channels, false, kT0, &error));
            },
            &error);
        if (!ok)
            qWarning() << error;
        return ok ? a.id : QString();
    }

    static QStringList titles(const QList<HistoryRow>& rows)
    {
        QStringList out;
        for (const HistoryRow& r : rows)
            out << r.title;
        return out;
    }

    // Every page of the filtered history, `size` at a time, as the Alerts page scrolls.
    static QList<HistoryRow> allPages(const HistoryQuery& q, int size)
    {
        QList<HistoryRow> out = q.newest(size);
        for (QList<HistoryRow> page = out; page.size() == size;) {
            page = q.olderThan(out.constLast().seq, size);
            out += page;
        }
        return out;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        const QString path = m_tmp->filePath(QStringLiteral("history.db"));
        QString error;
        m_db = Database::open(path, &error);
        QVERIFY2(m_db, qPrintable(error));
        m_read = Database::open(path, &error, Database::Mode::ReadOnly);
        QVERIFY2(m_read, qPrintable(error));
    }
    void cleanup()
    {
        m_read.reset();
        m_db.reset();
        m_tmp.reset();
    }

    // Pages of the unfiltered history: newest first, each alert once, and the alerts newer
    // than a row for a live refresh.
    void pagesNewestFirst()
    {
        for (int i = 0; i < 10; ++i)
            QVERIFY(!add(QStringLiteral("Alert %1").arg(i), i).isEmpty());
        HistoryQuery q(*m_read);
        const QList<HistoryRow> first = q.newest(4);
        QCOMPARE(titles(first), (QStringList { "Alert 9", "Alert 8", "Alert 7", "Alert 6" }));
        QCOMPARE(titles(q.olderThan(first.constLast().seq, 4)),
            (QStringList { "Alert 5", "Alert 4", "Alert 3", "Alert 2" }));
        const QList<HistoryRow> all = allPages(q, 4);
        QCOMPARE(all.size(), 10);
        for (qsizetype i = 1; i < all.size(); ++i)
            QVERIFY(all.at(i).seq < all.at(i - 1).seq);

        QCOMPARE(q.newerThan(first.constFirst().seq, 5).size(), 0);
        QVERIFY(!add(QStringLiteral("Fresh 0"), 10).isEmpty());
        QVERIFY(!add(QStringLiteral("Fresh 1"), 11).isEmpty());
        QCOMPARE(titles(q.newerThan(first.constFirst().seq, 5)), (QStringList { "Fresh 1", "Fresh 0" }));
        QCOMPARE(titles(q.newerThan(first.constFirst().seq, 1)), QStringList { "Fresh 1" });
    }

    // Each filter narrows every page; a channel filter means a delivery to that channel.
    void filtersNarrowEveryPage()
    {
        for (int i = 0; i < 20; ++i)
            QVERIFY(!add(QStringLiteral("Alert %1").arg(i), i, static_cast<Priority>(i % 5),
                i % 2 ? QStringLiteral("BTCUSDT") : QStringLiteral("ETHUSDT"),
                i % 4 == 0 ? QStringList { QStringLiteral("desk") } : QStringList {})
                         .isEmpty());
        QString error;
        const QString first = AlertStore(*m_db).recent(1, 0).value(0).id;
        QVERIFY(AlertStore(*m_db).setState(first, AlertState::Acknowledged, kT0, &error));

        HistoryQuery q(*m_read);
        AlertFilter f;
        f.priority = Priority::Critical;
        q.setFilter(f);
        QCOMPARE(titles(allPages(q, 3)), (QStringList { "Alert 15", "Alert 10", "Alert 5", "Alert 0" }));

        f = {};
        f.symbol = QStringLiteral("BTCUSDT");
        f.priority = Priority::High; // 1, 6, 11, 16: the odd ones
        q.setFilter(f);
        QCOMPARE(titles(allPages(q, 1)), (QStringList { "Alert 11", "Alert 1" }));

        f = {};
        f.channel = QStringLiteral("desk");
        q.setFilter(f);
        QCOMPARE(titles(allPages(q, 2)), (QStringList { "Alert 16", "Alert 12", "Alert 8", "Alert 4", "Alert 0" }));
        f.channel = QStringLiteral("nowhere");
        q.setFilter(f);
        QVERIFY(q.newest(10).isEmpty());

        f = {};
        f.state = AlertState::Acknowledged;
        q.setFilter(f);
        QCOMPARE(titles(q.newest(10)), QStringList { "Alert 19" });
        QCOMPARE(q.newest(10).value(0).state, AlertState::Acknowledged);
        f.state = AlertState::Open;
        q.setFilter(f);
        QCOMPARE(allPages(q, 7).size(), 19);
        QCOMPARE(q.filter(), f);
    }

    // A time range: closed (both ends in the past), open towards now, and one with no alert.
    void timeRanges()
    {
        for (int i = 0; i < 30; ++i)
            QVERIFY(!add(QStringLiteral("Alert %1").arg(i), i).isEmpty());
        HistoryQuery q(*m_read);
        AlertFilter f;
        f.fromMs = kT0 + 10 * kMinute;
        f.toMs = kT0 + 12 * kMinute;
        q.setFilter(f);
        QCOMPARE(titles(allPages(q, 2)), (QStringList { "Alert 12", "Alert 11", "Alert 10" }));

        f.toMs = 0; // up to now
        f.fromMs = kT0 + 27 * kMinute;
        q.setFilter(f);
        QCOMPARE(titles(allPages(q, 2)), (QStringList { "Alert 29", "Alert 28", "Alert 27" }));
        f.fromMs = kT0 + 2 * kMinute; // near the oldest: the floor found along seq, not along the index
        q.setFilter(f);
        QCOMPARE(allPages(q, 4).size(), 28);
        QCOMPARE(allPages(q, 4).constLast().title, QStringLiteral("Alert 2"));

        f.fromMs = kT0 - 100 * kMinute;
        f.toMs = kT0 - 50 * kMinute;
        q.setFilter(f);
        QVERIFY(q.newest(10).isEmpty());
        // A range open towards now with nothing in it yet still lets new alerts in.
        f.fromMs = kT0 + 100 * kMinute;
        f.toMs = 0;
        q.setFilter(f);
        QVERIFY(q.newest(10).isEmpty());
        QVERIFY(!add(QStringLiteral("Later"), 101).isEmpty());
        QCOMPARE(titles(q.newerThan(0, 10)), QStringList { "Later" });
    }

    // A search matches the indexed alerts through the full-text index and the newer ones word
    // by word, merged newest first; each word must match, the last one as a word's start.
    void searchOverIndexedAndNewAlerts()
    {
        for (int i = 0; i < 4; ++i)
            QVERIFY(!add(QStringLiteral("Liquidation old %1").arg(i), i).isEmpty());
        QVERIFY(!add(QStringLiteral("Unrelated"), 4, Priority::Info, {}, {}, QStringLiteral("no liquidation here"))
                     .isEmpty());
        QString error;
        AlertSearchIndex index(*m_db);
        QCOMPARE(index.indexPending(1000, &error), 5);
        for (int i = 0; i < 3; ++i)
            QVERIFY(!add(QStringLiteral("Liquidation new %1").arg(i), 10 + i).isEmpty());
        QVERIFY(!add(QStringLiteral("Other"), 20).isEmpty());

        HistoryQuery q(*m_read);
        AlertFilter f;
        f.search = QStringLiteral("liquidation");
        q.setFilter(f);
        const QStringList expected { "Liquidation new 2", "Liquidation new 1", "Liquidation new 0", "Unrelated",
            "Liquidation old 3", "Liquidation old 2", "Liquidation old 1", "Liquidation old 0" };
        QCOMPARE(titles(allPages(q, 3)), expected); // pages that straddle the new and the indexed
        f.search = QStringLiteral("LIQUID new");
        q.setFilter(f);
        QCOMPARE(titles(allPages(q, 2)), expected.mid(0, 3));
        f.search = QStringLiteral("liquidation old");
        q.setFilter(f);
        QCOMPARE(titles(allPages(q, 10)), expected.mid(4));

        QCOMPARE(index.indexPending(1000, &error), 4); // the same answers once all are indexed
        f.search = QStringLiteral("liquidation");
        q.setFilter(f);
        QCOMPARE(titles(allPages(q, 3)), expected);

        QCOMPARE(
            HistoryQuery::ftsQuery(QStringLiteral("liq \"x\" -- ab")), QStringLiteral("\"liq\" \"\"\"x\"\"\" \"ab\""));
        QCOMPARE(HistoryQuery::ftsQuery(QStringLiteral("liq")), QStringLiteral("\"liq\"*"));
        QCOMPARE(HistoryQuery::ftsQuery(QStringLiteral(" -- ")), QString());
    }

    // Rows re-read by seq, past the chunk of bound variables, whatever the filter; with their
    // delivery counts as the outbox now has them.
    void rowsBySeqWithTheirDeliveries()
    {
        QList<qint64> seqs;
        for (int i = 0; i < 300; ++i)
            QVERIFY(!add(QStringLiteral("Alert %1").arg(i), i).isEmpty());
        const QString id = add(QStringLiteral("Sent"), 400, Priority::High, {}, { "a", "b", "c", "d" });
        QVERIFY(!id.isEmpty());
        HistoryQuery q(*m_read);
        for (const HistoryRow& r : allPages(q, 100))
            seqs << r.seq;
        QCOMPARE(seqs.size(), 301);
        AlertFilter f;
        f.priority = Priority::Critical; // matches no alert: rows() ignores it
        q.setFilter(f);
        std::reverse(seqs.begin(), seqs.end());
        const QList<HistoryRow> rows = q.rows(seqs);
        QCOMPARE(rows.size(), 301);
        QCOMPARE(rows.constFirst().title, QStringLiteral("Sent"));
        QCOMPARE(rows.constLast().title, QStringLiteral("Alert 0"));
        QCOMPARE(rows.constFirst().total, 4);
        QVERIFY(rows.constFirst().deliveriesOpen());

        OutboxStore outbox(*m_db);
        const QList<DeliveryRow> deliveries = outbox.forAlert(id);
        QCOMPARE(deliveries.size(), 4);
        QString error;
        auto record = [&](int i, DeliveryStatus status, const QString& outcome) {
            AttemptRecord a { deliveries.at(i).id, deliveries.at(i).channel, kT0 + i, kT0 + i + 5, outcome,
                outcome == QLatin1String("delivered") ? 200 : 503,
                outcome == QLatin1String("delivered") ? QString() : QStringLiteral("HTTP 503"), 5 + i };
            return outbox.recordAttempt(a, status, 0, &error);
        };
        QVERIFY2(record(0, DeliveryStatus::Delivered, QStringLiteral("delivered")), qPrintable(error));
        QVERIFY2(record(1, DeliveryStatus::Pending, QStringLiteral("retry")), qPrintable(error));
        QVERIFY2(record(1, DeliveryStatus::Failed, QStringLiteral("failed")), qPrintable(error));
        QVERIFY(outbox.cancelOpen(id, QStringLiteral("fail-fast"), kT0, {}) == 2);
        const HistoryRow sent = q.rows({ seqs.constLast() }).value(0);
        QCOMPARE(sent.title, QStringLiteral("Sent"));
        QCOMPARE(sent.total, 4);
        QCOMPARE(sent.delivered, 1);
        QCOMPARE(sent.failed, 1);
        QCOMPARE(sent.cancelled, 2);
        QVERIFY(!sent.deliveriesOpen());
        QVERIFY(q.rows({ 123456 }).isEmpty());

        // The alert's attempts in the order they were made, with what each did.
        const QList<HistoryAttempt> attempts = q.attempts(id);
        QCOMPARE(attempts.size(), 3);
        QCOMPARE(attempts.at(0).deliveryId, deliveries.at(0).id);
        QCOMPARE(attempts.at(0).outcome, QStringLiteral("delivered"));
        QCOMPARE(attempts.at(0).httpStatus, 200);
        QCOMPARE(attempts.at(0).latencyMs, 5);
        QCOMPARE(attempts.at(0).startedAt, kT0);
        QCOMPARE(attempts.at(1).outcome, QStringLiteral("retry"));
        QCOMPARE(attempts.at(2).deliveryId, deliveries.at(1).id);
        QCOMPARE(attempts.at(2).outcome, QStringLiteral("failed"));
        QCOMPARE(attempts.at(2).error, QStringLiteral("HTTP 503"));
        QVERIFY(q.attempts(QStringLiteral("no-such-alert")).isEmpty());
    }

    // The counts, the filter's choices and the data version follow what the writer commits.
    void countsChoicesAndDataVersion()
    {
        HistoryQuery q(*m_read);
        QCOMPARE(q.counts(), HistoryCounts {});
        QVERIFY(q.symbols().isEmpty());
        QVERIFY(q.channels().isEmpty());
        const qint64 version = q.dataVersion();
        QVERIFY(version >= 0);
        QCOMPARE(q.dataVersion(), version); // nothing committed in between

        const QString a = add(QStringLiteral("A"), 0, Priority::Info, QStringLiteral("SOLUSDT"), { "slack", "desk" });
        add(QStringLiteral("B"), 1, Priority::Info, QStringLiteral("BTCUSDT"));
        add(QStringLiteral("C"), 2, Priority::Info, QStringLiteral("BTCUSDT"), { "email" });
        add(QStringLiteral("D"), 3);
        QVERIFY(q.dataVersion() != version);
        QString error;
        QVERIFY(AlertStore(*m_db).setState(a, AlertState::Resolved, kT0, &error));
        QCOMPARE(q.counts(), (HistoryCounts { 4, 3 }));
        QCOMPARE(q.symbols(), (QStringList { "BTCUSDT", "SOLUSDT" })); // no empty symbol
        QCOMPARE(q.symbols(1), QStringList { "BTCUSDT" });
        QCOMPARE(q.channels(), (QStringList { "desk", "email", "slack" }));
    }
};

QTEST_GUILESS_MAIN(TestHistoryQuery)
#include "TestHistoryQuery.moc"
