// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "TestProfile.h"
#include "alerts/AlertDetailsPane.h"
#include "alerts/AlertsModel.h"

#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "storage/AlertSearchIndex.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/OutboxStore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace alertdesk;
using namespace alertdesk::test;

// The alerts table model over a read-only connection: keyset pages of 200, newest first,
// live additions, and the delivery summary read from the outbox.
class TestAlertsModel final : public QObject {
    Q_OBJECT

    // Writes n alerts through the engine's own connection, like the engine thread does.
    static bool insertAlerts(TestProfile& p, int n, const QString& prefix = QStringLiteral("Alert"))
    {
        QString error;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const bool ok = p.engine().database().transaction(
            [&] {
                for (int i = 0; i < n; ++i) {
                    Alert a;
                    a.id = newAlertId();
                    a.type = AlertType::Price;
                    a.priority = static_cast<Priority>(i % 5);
                    a.title = QStringLiteral("%1 %2").arg(prefix).arg(i);
                    a.symbol = QStringLiteral("BTCUSDT");
                    a.createdAt = a.updatedAt = QDateTime::fromMSecsSinceEpoch(now + i, Qt::UTC);
                    if (!p.engine().alerts().insert(a, &error))
                        return false;
                }
                return true;
            },
            &error);
        if (!ok)
            qWarning() << error;
        return ok;
    }

    static std::unique_ptr<Database> readOnly(TestProfile& p)
    {
        QString error;
        auto db = Database::open(p.engine().database().path(), &error, Database::Mode::ReadOnly);
        if (!db)
            qWarning() << error;
        return db;
    }

    static QString cell(const AlertsModel& m, int row, int column) { return m.data(m.index(row, column)).toString(); }

private Q_SLOTS:
    void pagesOfTwoHundredNewestFirst()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QVERIFY(insertAlerts(p, 1000));
        auto db = readOnly(p);
        QVERIFY(db);
        AlertsModel model(*db);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();

        QCOMPARE(model.rowCount(), 200);
        QVERIFY(model.canFetchMore({}));
        QCOMPARE(cell(model, 0, AlertsModel::TitleColumn), QStringLiteral("Alert 999"));
        QCOMPARE(cell(model, 199, AlertsModel::TitleColumn), QStringLiteral("Alert 800"));

        int fetches = 0;
        while (model.canFetchMore({})) {
            QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
            model.fetchMore({});
            ++fetches;
            if (model.rowCount() < 1000) {
                QCOMPARE(inserted.size(), 1);
                QCOMPARE(model.rowCount(), 200 * (fetches + 1));
            }
            QVERIFY(fetches <= 5);
        }
        QCOMPARE(model.rowCount(), 1000);
        // Keyset pages join without a gap or an overlap: seq strictly descending throughout.
        qint64 previous = std::numeric_limits<qint64>::max();
        for (int r = 0; r < model.rowCount(); ++r) {
            const qint64 seq = model.data(model.index(r, 0), AlertsModel::SeqRole).toLongLong();
            QVERIFY2(seq < previous, qPrintable(QStringLiteral("row %1").arg(r)));
            previous = seq;
        }
        QCOMPARE(cell(model, 999, AlertsModel::TitleColumn), QStringLiteral("Alert 0"));
    }

    void smallHistoryHasNothingMoreToFetch()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QVERIFY(insertAlerts(p, 7));
        auto db = readOnly(p);
        QVERIFY(db);
        AlertsModel model(*db);
        model.reload();
        QCOMPARE(model.rowCount(), 7);
        QVERIFY(!model.canFetchMore({}));
    }

    void newAlertsArePrependedLive()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QVERIFY(insertAlerts(p, 250));
        auto db = readOnly(p);
        QVERIFY(db);
        AlertsModel model(*db);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 250);

        QVERIFY(insertAlerts(p, 3, QStringLiteral("Fresh")));
        QSignalSpy prepended(&model, &AlertsModel::rowsPrepended);
        model.refresh();
        QCOMPARE(prepended.size(), 1);
        QCOMPARE(prepended.first().first().toInt(), 3);
        QCOMPARE(model.rowCount(), 253);
        QCOMPARE(cell(model, 0, AlertsModel::TitleColumn), QStringLiteral("Fresh 2"));
        QCOMPARE(cell(model, 3, AlertsModel::TitleColumn), QStringLiteral("Alert 249"));
    }

    void aStormGoesBackToTheNewestPage()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QVERIFY(insertAlerts(p, 450));
        auto db = readOnly(p);
        QVERIFY(db);
        AlertsModel model(*db);
        model.reload();
        model.fetchMore({});
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 450);
        // More new alerts than a page: the model starts over at the newest page instead of
        // holding every new row.
        QVERIFY(insertAlerts(p, 201, QStringLiteral("Storm")));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.refresh();
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 200);
        QCOMPARE(cell(model, 0, AlertsModel::TitleColumn), QStringLiteral("Storm 200"));
        QVERIFY(model.canFetchMore({}));
    }

    void deliverySummaryFollowsTheOutbox()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QVERIFY(insertAlerts(p, 1));
        const QString id = p.engine().alerts().recent(1).first().id;
        QString error;
        QVERIFY2(p.engine().outbox().enqueue(id, Priority::High, { QStringLiteral("a"), QStringLiteral("b") }, false,
                     QDateTime::currentMSecsSinceEpoch(), &error),
            qPrintable(error));
        auto db = readOnly(p);
        QVERIFY(db);
        AlertsModel model(*db);
        model.reload();
        QCOMPARE(model.rowOf(id), 0);
        QCOMPARE(cell(model, 0, AlertsModel::DeliveriesColumn), QStringLiteral("0/2 · 2 queued"));
        // The details pane says the same of each delivery not yet sent.
        AlertDetailsPane details;
        details.setDatabase(db.get());
        details.showAlert(id);
        QCOMPARE(details.deliveriesTree()->topLevelItemCount(), 2);
        QCOMPARE(details.deliveriesTree()->topLevelItem(0)->text(2), QStringLiteral("queued"));

        const QList<DeliveryRow> rows = p.engine().outbox().forAlert(id);
        QCOMPARE(rows.size(), 2);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        AttemptRecord ok { rows.at(0).id, rows.at(0).channel, now, now + 12, QStringLiteral("delivered"), 200, {}, 12 };
        QVERIFY2(p.engine().outbox().recordAttempt(ok, DeliveryStatus::Delivered, 0, &error), qPrintable(error));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.refresh(); // a row with open deliveries is re-read without being marked
        QCOMPARE(changed.size(), 1);
        QCOMPARE(cell(model, 0, AlertsModel::DeliveriesColumn), QStringLiteral("1/2 · 1 queued"));

        AttemptRecord bad { rows.at(1).id, rows.at(1).channel, now, now + 5, QStringLiteral("failed"), 400,
            QStringLiteral("HTTP 400"), 5 };
        QVERIFY2(p.engine().outbox().recordAttempt(bad, DeliveryStatus::Failed, 0, &error), qPrintable(error));
        model.refresh();
        QCOMPARE(cell(model, 0, AlertsModel::DeliveriesColumn), QStringLiteral("1/2 · 1 failed"));
        // Finished rows are re-read only when marked (or on screen), not on every refresh.
        QVERIFY(p.engine().alerts().setState(id, AlertState::Acknowledged, now, &error));
        model.refresh();
        QCOMPARE(cell(model, 0, AlertsModel::StateColumn), QStringLiteral("Open"));
        model.markDirty(id);
        model.refresh();
        QCOMPARE(cell(model, 0, AlertsModel::StateColumn), QStringLiteral("Acknowledged"));
    }

    void ftsQueryQuotesEveryWord_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("query");
        QTest::newRow("one word") << "drawdown"
                                  << "\"drawdown\"*";
        QTest::newRow("words") << "  BTC   above "
                               << "\"BTC\" \"above\"*";
        QTest::newRow("operators are words") << "NOT eth OR"
                                             << "\"NOT\" \"eth\" \"OR\"";
        QTest::newRow("quotes doubled") << "say \"hi\""
                                        << "\"say\" \"\"\"hi\"\"\"*";
        QTest::newRow("punctuation only is dropped") << "btc - *"
                                                     << "\"btc\"*";
        QTest::newRow("short last word is whole") << "eth b"
                                                  << "\"eth\" \"b\"";
        QTest::newRow("nothing") << "  "
                                 << "";
    }
    void ftsQueryQuotesEveryWord()
    {
        QFETCH(QString, text);
        QFETCH(QString, query);
        QCOMPARE(AlertsModel::ftsQuery(text), query);
    }

    // A filter holds across pages: each fetch continues the filtered walk where it stopped.
    void filteredPagesContinueTheFilter()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QVERIFY(insertAlerts(p, 1000)); // priorities 0..4 in turn
        QVERIFY(insertAlerts(p, 10, QStringLiteral("Liquidation warning")));
        auto db = readOnly(p);
        QVERIFY(db);
        AlertsModel model(*db);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        AlertFilter f;
        f.priority = Priority::Critical;
        model.setFilter(f);
        QCOMPARE(model.rowCount(), 200);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 202); // 1000 / 5 + 2 of the 10
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.data(model.index(r, 0), AlertsModel::PriorityRole).toInt(), 0);

        f.search = QStringLiteral("liquid");
        model.setFilter(f);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 0, AlertsModel::TitleColumn), QStringLiteral("Liquidation warning 5"));
        f.priority.reset();
        model.setFilter(f);
        QCOMPARE(model.rowCount(), 10);
        QVERIFY(!model.canFetchMore({}));

        // A new alert that matches comes in live; one that does not stays out.
        QVERIFY(insertAlerts(p, 1, QStringLiteral("Liquidation again")));
        QVERIFY(insertAlerts(p, 1, QStringLiteral("Unrelated")));
        model.refresh();
        QCOMPARE(model.rowCount(), 11);
        QCOMPARE(cell(model, 0, AlertsModel::TitleColumn), QStringLiteral("Liquidation again 0"));
    }

    // The engine indexes new alerts in batches: a search finds those not indexed yet by their
    // words, in keyset order with the indexed ones, and each alert once after the indexer ran.
    void searchFindsAlertsNotIndexedYet()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        AlertSearchIndex index(p.engine().database());
        QVERIFY(insertAlerts(p, 5, QStringLiteral("Liquidation old")));
        QVERIFY(insertAlerts(p, 4, QStringLiteral("Unrelated")));
        QString error;
        QCOMPARE(index.indexPending(1000, &error), 9);
        QVERIFY(insertAlerts(p, 3, QStringLiteral("Liquidation new")));
        QVERIFY(insertAlerts(p, 2, QStringLiteral("Unrelated")));
        QCOMPARE(index.indexedUpTo(), 9);
        auto db = readOnly(p);
        QVERIFY(db);
        AlertsModel model(*db);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(2); // pages that straddle the indexed and the new alerts
        auto titles = [&] {
            while (model.canFetchMore({}))
                model.fetchMore({});
            QStringList out;
            for (int r = 0; r < model.rowCount(); ++r)
                out << cell(model, r, AlertsModel::TitleColumn);
            return out;
        };
        const QStringList expected { QStringLiteral("Liquidation new 2"), QStringLiteral("Liquidation new 1"),
            QStringLiteral("Liquidation new 0"), QStringLiteral("Liquidation old 4"),
            QStringLiteral("Liquidation old 3"), QStringLiteral("Liquidation old 2"),
            QStringLiteral("Liquidation old 1"), QStringLiteral("Liquidation old 0") };
        AlertFilter f;
        f.search = QStringLiteral("liquidation");
        model.setFilter(f);
        QCOMPARE(titles(), expected);
        f.search = QStringLiteral("LIQUID new"); // both words, the last one a prefix, any case
        model.setFilter(f);
        QCOMPARE(titles(), expected.mid(0, 3));

        QCOMPARE(index.indexPending(1000, &error), 5);
        model.refresh();
        QCOMPARE(titles(), expected.mid(0, 3));
        f.search = QStringLiteral("liquidation");
        model.setFilter(f);
        QCOMPARE(titles(), expected);
        // One more while the model shows the search: it comes in live, once.
        QVERIFY(insertAlerts(p, 1, QStringLiteral("Liquidation live")));
        model.refresh();
        QCOMPARE(titles(), QStringList { QStringLiteral("Liquidation live 0") } + expected);
        QCOMPARE(index.indexPending(1000, &error), 1);
        model.refresh();
        QCOMPARE(titles(), QStringList { QStringLiteral("Liquidation live 0") } + expected);
    }

    // The driving engine indexes what came in before it started, then new alerts shortly after.
    void theDriverIndexesNewAlerts()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QVERIFY(insertAlerts(p, 3, QStringLiteral("Before")));
        AlertSearchIndex index(p.engine().database());
        QCOMPARE(index.indexedUpTo(), 0);
        // Deliveries are not the point here: the webhook's port refuses them.
        const QString added = p.addWebhook(QStringLiteral("hook"), QStringLiteral("http://127.0.0.1:9/"));
        QVERIFY2(added.isEmpty(), qPrintable(added));
        QVERIFY(p.start().isEmpty());
        QVERIFY(waitUntil([&] { return index.indexedUpTo() == 3; }, 5000));
        FieldError fe;
        const bool submitted = p.engine()
                                   .alertManager()
                                   .submit(QJsonObject { { QStringLiteral("type"), QStringLiteral("CUSTOM") },
                                               { QStringLiteral("priority"), QStringLiteral("LOW") },
                                               { QStringLiteral("title"), QStringLiteral("After") } },
                                       &fe)
                                   .has_value();
        QVERIFY2(submitted, qPrintable(fe.toString()));
        QVERIFY(waitUntil([&] { return index.indexedUpTo() == 4; }, 5000));
    }
};

QTEST_MAIN(TestAlertsModel)
#include "TestAlertsModel.moc"
