// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"

#include "config/ChannelArgs.h"
#include "engine/AlertManager.h"

#include <QListWidget>
#include <QTableView>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <atomic>

using namespace alertdesk;
using namespace alertdesk::test;

// A storm while the Alerts table is open: a few hundred alerts arrive from a producer thread
// of their own (through the engine thread, as every source's alerts do) and are delivered to
// a webhook on 127.0.0.1. The window answers the user during the storm (a click on the page
// list switches pages while alerts still arrive), and the table ends up showing every alert.
class TestAlertStorm final : public QObject {
    Q_OBJECT

    static constexpr int kAlerts = 400;
    static constexpr int kPerTick = 2; // every 2 ms: about 1,000 alerts/s while it lasts

private Q_SLOTS:
    void windowAnswersDuringAStorm()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::ok());
        WindowFixture f;
        QVERIFY(f.start());
        ChannelConfig c;
        c.name = QStringLiteral("desk");
        c.kind = QStringLiteral("webhook");
        SecretMap secrets;
        QCOMPARE(buildChannelFromOptions(c.kind, { { QStringLiteral("url"), { server.url(QStringLiteral("/in")) } } },
                     &c.settings, &secrets),
            QString());
        QCOMPARE(saveChannel(f, c, secrets), QString());
        f.window->showPage(MainWindow::AlertsPageIndex);
        AlertsPage* alerts = f.window->alertsPage();
        qint64 shownTotal = 0;
        connect(alerts, &AlertsPage::countsChanged, this, [&shownTotal](qint64 total, qint64) { shownTotal = total; });

        // The producer: its own thread and timer, submitting on the engine thread.
        std::atomic<int> queued { 0 };
        std::atomic<int> stored { 0 };
        QThread thread;
        QTimer producer;
        producer.setInterval(2);
        producer.moveToThread(&thread);
        EngineHost* host = f.host.get();
        connect(&producer, &QTimer::timeout, &producer, [&] {
            const int from = queued.load();
            const int to = std::min(kAlerts, from + kPerTick);
            queued.store(to);
            host->run([from, to, &stored](Engine& e) {
                for (int i = from; i < to; ++i) {
                    FieldError fe;
                    if (e.alertManager().submit(QJsonObject { { QStringLiteral("type"), QStringLiteral("CUSTOM") },
                                                    { QStringLiteral("title"), QStringLiteral("storm %1").arg(i) },
                                                    { QStringLiteral("priority"), QStringLiteral("LOW") } },
                            &fe))
                        ++stored;
                }
            });
            if (to >= kAlerts)
                producer.stop();
        });
        connect(&thread, &QThread::started, &producer, qOverload<>(&QTimer::start));
        thread.start();

        // During the storm: a click on the page list is handled at once.
        QTRY_VERIFY_WITH_TIMEOUT(stored.load() > 0, 10000);
        auto* nav = f.window->findChild<QListWidget*>(QStringLiteral("navigation"));
        QVERIFY(nav);
        const QRect channelsItem = nav->visualItemRect(nav->item(MainWindow::ChannelsPageIndex));
        QTest::mouseClick(nav->viewport(), Qt::LeftButton, {}, channelsItem.center());
        QCOMPARE(f.window->currentPage(), MainWindow::ChannelsPageIndex);
        const int storedAtClick = stored.load();
        QTest::mouseClick(
            nav->viewport(), Qt::LeftButton, {}, nav->visualItemRect(nav->item(MainWindow::AlertsPageIndex)).center());
        QCOMPARE(f.window->currentPage(), MainWindow::AlertsPageIndex);
        const int deliveredAtClick = server.requestCount();
        QVERIFY2(storedAtClick < kAlerts || deliveredAtClick < kAlerts, "the storm was over before the click");

        QTRY_COMPARE_WITH_TIMEOUT(stored.load(), kAlerts, 20000);
        thread.quit();
        QVERIFY(thread.wait(5000));
        // The table catches up: every alert counted, the newest on the first row.
        QTRY_COMPARE_WITH_TIMEOUT(shownTotal, qint64(kAlerts), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(alerts->model()->index(0, AlertsModel::TitleColumn).data().toString(),
            QStringLiteral("storm %1").arg(kAlerts - 1), 10000);
        QVERIFY(alerts->table()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), kAlerts, 20000);
    }
};

QTEST_MAIN(TestAlertStorm)
#include "TestAlertStorm.moc"
