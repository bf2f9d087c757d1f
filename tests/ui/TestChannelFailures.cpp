// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "MemorySecretStore.h"
#include "ScriptedHttpServer.h"
#include "ScriptedNotificationServer.h"
#include "UiTestSupport.h"
#include "channels/ChannelsModel.h"
#include "channels/ChannelsPage.h"
#include "channels/FailingChannelsButton.h"
#include "widgets/HourlyChart.h"

#include <QDBusConnection>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// A failing channel cannot be missed: its last error shows as soon as any attempt fails (a
// test send included) and after the window is opened again.
class TestChannelFailures final : public QObject {
    Q_OBJECT

    // An engine whose keychain holds `secrets` from the start: the same profile opened again.
    static EngineHost::Factory engineWithSecrets(const QHash<QString, QString>& secrets)
    {
        return [secrets](Engine::Options o, QString* error, QString* warning) -> std::unique_ptr<Engine> {
            auto* store = new MemorySecretStore;
            for (auto it = secrets.begin(); it != secrets.end(); ++it)
                store->write(it.key(), it.value(), [](const SecretResult&) {});
            o.secrets = store;
            std::unique_ptr<Engine> e = Engine::open(o, error, warning);
            if (!e) {
                delete store;
                return nullptr;
            }
            store->setParent(e.get());
            return e;
        };
    }

    // Closes the window and its engine and opens them again on the same profile.
    static bool reopen(WindowFixture& f, const QHash<QString, QString>& secrets)
    {
        f.window.reset();
        f.host = std::make_unique<EngineHost>(f.dir.path(), engineWithSecrets(secrets));
        f.window = std::make_unique<MainWindow>(*f.host);
        f.window->resize(1280, 800);
        return f.start();
    }

    static QString errorColumn(ChannelsPage* page, const QString& channel)
    {
        const int row = page->model()->rowOf(channel);
        return page->model()->index(row, ChannelsModel::LastErrorColumn).data().toString();
    }

    static QString applySettings(WindowFixture& f, const QHash<QString, QString>& values)
    {
        QString error = QStringLiteral("pending");
        f.host->applySettings(values, f.window.get(), [&error](const QString& e) { error = e; });
        if (!waitUntil([&error] { return error != QStringLiteral("pending"); }, 10000))
            return QStringLiteral("applySettings did not answer");
        return error;
    }

    static QListWidget* navigation(WindowFixture& f)
    {
        return f.window->findChild<QListWidget*>(QStringLiteral("navigation"));
    }

    // The status bar's "Delivering to N enabled channels", or empty when it does not say so.
    static QString deliveringStatus(WindowFixture& f)
    {
        for (QLabel* l : f.window->statusBar()->findChildren<QLabel*>()) {
            if (l->text().startsWith(QStringLiteral("Delivering")))
                return l->text();
        }
        return {};
    }

    static int callsTitled(const ScriptedNotificationServer& server, const QString& summary)
    {
        const QList<ScriptedNotificationServer::Call>& calls = server.calls();
        return static_cast<int>(std::count_if(calls.cbegin(), calls.cend(),
            [&](const ScriptedNotificationServer::Call& c) { return c.summary == summary; }));
    }

private Q_SLOTS:
    void failedTestSendIsTheLastError()
    {
        ScriptedHttpServer down;
        QVERIFY(down.listen());
        down.setDefault(ScriptedResponse::withStatus(401, R"({"error":"invalid token"})"));

        QAtomicPointer<MemorySecretStore> store;
        auto f = std::make_unique<WindowFixture>(memoryEngineFactory(&store));
        QVERIFY(f->start());
        QCOMPARE(addWebhook(*f, QStringLiteral("relay"), down.url(QStringLiteral("/in"))), QString());
        f->window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = f->window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        page->selectChannel(QStringLiteral("relay"));
        QTRY_COMPARE(page->lastErrorLabel()->text(), QStringLiteral("none"));

        // The trader presses Send test: the platform refuses it.
        QTRY_VERIFY(page->testButton()->isEnabled());
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page->testResultLabel()->text().startsWith(QStringLiteral("✘ Failed")), 10000);
        QCOMPARE(down.requestCount(), 1);
        QTRY_VERIFY2_WITH_TIMEOUT(page->lastErrorLabel()->text().contains(QStringLiteral("401")),
            qPrintable(page->lastErrorLabel()->text()), 5000);
        QTRY_VERIFY2_WITH_TIMEOUT(errorColumn(page, QStringLiteral("relay")).contains(QStringLiteral("401")),
            qPrintable(errorColumn(page, QStringLiteral("relay"))), 5000);
        // The secret (the webhook URL) is not in it.
        QVERIFY(!page->lastErrorLabel()->text().contains(down.url(QStringLiteral("/in"))));

        // Opened again (a restart): the failed test is still the channel's last error.
        const QHash<QString, QString> secrets = store.loadAcquire()->values();
        QVERIFY(reopen(*f, secrets));
        f->window->showPage(MainWindow::ChannelsPageIndex);
        page = f->window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        page->selectChannel(QStringLiteral("relay"));
        QTRY_VERIFY2_WITH_TIMEOUT(page->lastErrorLabel()->text().contains(QStringLiteral("401")),
            qPrintable(page->lastErrorLabel()->text()), 5000);
        QVERIFY(errorColumn(page, QStringLiteral("relay")).contains(QStringLiteral("401")));
        QCOMPARE(down.requestCount(), 1);
    }

    // Six failed attempts in a row (here Send test refused with a bad token): the circuit opens,
    // and a restart keeps it open.
    void circuitTrueToTheAttempts()
    {
        ScriptedHttpServer down;
        QVERIFY(down.listen());
        down.setDefault(ScriptedResponse::withStatus(401, R"({"error":"invalid token"})"));

        QAtomicPointer<MemorySecretStore> store;
        auto f = std::make_unique<WindowFixture>(memoryEngineFactory(&store));
        QVERIFY(f->start());
        QCOMPARE(addWebhook(*f, QStringLiteral("relay"), down.url(QStringLiteral("/in"))), QString());
        f->window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = f->window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        page->selectChannel(QStringLiteral("relay"));
        QLabel* circuit = page->figureLabel(ChannelsPage::CircuitFigure);
        QTRY_COMPARE(circuit->text(), QStringLiteral("closed"));
        for (int i = 1; i <= 6; ++i) {
            QTRY_VERIFY(page->testButton()->isEnabled());
            QTest::mouseClick(page->testButton(), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(down.requestCount(), i, 10000);
            QTRY_VERIFY(page->testButton()->isEnabled());
        }
        QTRY_VERIFY2_WITH_TIMEOUT(
            circuit->text().startsWith(QStringLiteral("open · probes at ")), qPrintable(circuit->text()), 5000);

        const QHash<QString, QString> secrets = store.loadAcquire()->values();
        QVERIFY(reopen(*f, secrets));
        f->window->showPage(MainWindow::ChannelsPageIndex);
        page = f->window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        page->selectChannel(QStringLiteral("relay"));
        circuit = page->figureLabel(ChannelsPage::CircuitFigure);
        QTRY_VERIFY2_WITH_TIMEOUT(
            circuit->text().startsWith(QStringLiteral("open · probes at ")), qPrintable(circuit->text()), 5000);
    }

    // Two of three channels fail every delivery: the status bar says so instead of
    // "Delivering to 3 enabled channels", the Channels entry counts them, a click on the
    // warning opens the Channels page.
    void statusBarAndSidebarWarn()
    {
        ScriptedHttpServer ok;
        QVERIFY(ok.listen());
        ok.setDefault(ScriptedResponse::ok());
        ScriptedHttpServer down;
        QVERIFY(down.listen());
        down.setDefault(ScriptedResponse::withStatus(503, "upstream unavailable"));

        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(applySettings(f, { { QStringLiteral("delivery.max_retries"), QStringLiteral("0") } }), QString());
        QCOMPARE(addWebhook(f, QStringLiteral("desk"), ok.url(QStringLiteral("/in"))), QString());
        QCOMPARE(addWebhook(f, QStringLiteral("relay"), down.url(QStringLiteral("/a"))), QString());
        QCOMPARE(addWebhook(f, QStringLiteral("backup"), down.url(QStringLiteral("/b"))), QString());
        FailingChannelsButton* warning = f.window->failingChannelsButton();
        QListWidgetItem* channelsEntry = navigation(f)->item(MainWindow::ChannelsPageIndex);
        QTRY_VERIFY2(deliveringStatus(f).startsWith(QStringLiteral("Delivering to 3 enabled channel")),
            qPrintable(deliveringStatus(f)));
        QVERIFY(!warning->isVisible());
        QCOMPARE(channelsEntry->text(), QStringLiteral("Channels"));

        QVERIFY(sendAlert(f, QStringLiteral("desk")));
        QVERIFY(sendAlert(f, QStringLiteral("relay")));
        QVERIFY(sendAlert(f, QStringLiteral("backup")));
        QTRY_COMPARE_WITH_TIMEOUT(down.requestCount(), 2, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(warning->isVisible(), 10000);
        QTRY_VERIFY2_WITH_TIMEOUT(
            warning->text().startsWith(QStringLiteral("⚠ 2 channel")), qPrintable(warning->text()), 10000);
        QVERIFY2(warning->toolTip().contains(QStringLiteral("relay: "))
                && warning->toolTip().contains(QStringLiteral("HTTP 503")),
            qPrintable(warning->toolTip()));
        QCOMPARE(deliveringStatus(f), QString()); // not "Delivering to 3 enabled channels" beside it
        QCOMPARE(channelsEntry->text(), QStringLiteral("Channels  ⚠ 2"));

        QCOMPARE(f.window->currentPage(), MainWindow::AlertsPageIndex);
        QTest::mouseClick(warning, Qt::LeftButton);
        QCOMPARE(f.window->currentPage(), MainWindow::ChannelsPageIndex);

        // One is mended (the endpoint answers again) and a test goes through: one left.
        down.setDefault(ScriptedResponse::ok());
        ChannelsPage* page = f.window->channelsPage();
        page->selectChannel(QStringLiteral("relay"));
        QTRY_VERIFY(page->testButton()->isEnabled());
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(
            warning->text().startsWith(QStringLiteral("⚠ 1 channel")), qPrintable(warning->text()), 10000);
        QCOMPARE(channelsEntry->text(), QStringLiteral("Channels  ⚠ 1"));
        page->selectChannel(QStringLiteral("backup"));
        QTRY_VERIFY(page->testButton()->isEnabled());
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!warning->isVisible(), 10000);
        QCOMPARE(channelsEntry->text(), QStringLiteral("Channels"));
        QTRY_VERIFY(deliveringStatus(f).startsWith(QStringLiteral("Delivering to 3 enabled channel")));
    }

    // A channel goes down (its circuit opens) and recovers: one desktop notification each.
    void desktopNotifiedWhenDownAndRecovered()
    {
        if (!QDBusConnection::sessionBus().isConnected())
            QSKIP("needs a session bus: run inside scripts/with-test-services.sh");
        ScriptedNotificationServer notifications(
            { QStringLiteral("actions"), QStringLiteral("body"), QStringLiteral("body-markup") });
        QString why;
        QVERIFY2(notifications.start(&why), qPrintable(why));
        ScriptedHttpServer down;
        QVERIFY(down.listen());
        down.setDefault(ScriptedResponse::withStatus(503, "upstream unavailable"));

        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(applySettings(f,
                     { { QStringLiteral("delivery.max_retries"), QStringLiteral("0") },
                         { QStringLiteral("delivery.breaker_threshold"), QStringLiteral("2") },
                         { QStringLiteral("delivery.breaker_cooldown_ms"), QStringLiteral("600000") } }),
            QString());
        QCOMPARE(addWebhook(f, QStringLiteral("relay"), down.url(QStringLiteral("/in"))), QString());
        const QString downTitle = FailingChannelsButton::downTitle(QStringLiteral("relay"));
        const QString upTitle = FailingChannelsButton::recoveredTitle(QStringLiteral("relay"));

        QVERIFY(sendAlert(f, QStringLiteral("relay")));
        QTRY_COMPARE_WITH_TIMEOUT(down.requestCount(), 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(f.window->failingChannelsButton()->isVisible(), 10000);
        QCOMPARE(callsTitled(notifications, downTitle), 0); // one failure is not down yet
        QVERIFY(sendAlert(f, QStringLiteral("relay")));
        QTRY_COMPARE_WITH_TIMEOUT(callsTitled(notifications, downTitle), 1, 10000);
        QVERIFY(notifications.calls().last().body.contains(QStringLiteral("503")));

        down.setDefault(ScriptedResponse::ok());
        f.window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = f.window->channelsPage();
        page->selectChannel(QStringLiteral("relay"));
        QTRY_VERIFY(page->testButton()->isEnabled());
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(callsTitled(notifications, upTitle), 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!f.window->failingChannelsButton()->isVisible(), 10000);
        QCOMPARE(callsTitled(notifications, downTitle), 1);
        QCOMPARE(callsTitled(notifications, upTitle), 1);
    }

    // One failed delivery: the volume chart shows it, and the latency chart beside it does not
    // claim there was no delivery at all.
    void chartsAgree()
    {
        ScriptedHttpServer down;
        QVERIFY(down.listen());
        down.setDefault(ScriptedResponse::withStatus(503, "upstream unavailable"));
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(applySettings(f, { { QStringLiteral("delivery.max_retries"), QStringLiteral("0") } }), QString());
        QCOMPARE(addWebhook(f, QStringLiteral("relay"), down.url(QStringLiteral("/in"))), QString());
        QVERIFY(sendAlert(f, QStringLiteral("relay")));
        QTRY_COMPARE_WITH_TIMEOUT(down.requestCount(), 1, 10000);

        QTest::mouseClick(navigation(f)->viewport(), Qt::LeftButton, {},
            navigation(f)->visualItemRect(navigation(f)->item(MainWindow::ChannelsPageIndex)).center());
        QCOMPARE(f.window->currentPage(), MainWindow::ChannelsPageIndex);
        ChannelsPage* page = f.window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        page->selectChannel(QStringLiteral("relay"));
        HourlyChart* volume = page->volumeChart();
        HourlyChart* latency = page->latencyChart();
        QTRY_VERIFY_WITH_TIMEOUT(volume->title().contains(QStringLiteral("0 delivered, 1 failed")), 10000);
        QVERIFY(!volume->isEmpty());
        QVERIFY(latency->isEmpty());
        QCOMPARE(latency->emptyText(), QStringLiteral("No successful delivery in the last 24 hours"));
        QVERIFY(latency->toolTipFor(23).contains(QStringLiteral("No successful delivery")));

        // A delivery measured at 0 ms is a point on the line, not "no delivery".
        HourlyChart line(HourlyChart::Style::Lines);
        line.setData({ 0, 3600000 }, { { QStringLiteral("p50"), Qt::blue, { -1, 0 } } }, { {}, {} },
            [](double v) { return QString::number(v); });
        QVERIFY(!line.isEmpty());
        line.setData({ 0, 3600000 }, { { QStringLiteral("p50"), Qt::blue, { -1, -1 } } }, { {}, {} },
            [](double v) { return QString::number(v); });
        QVERIFY(line.isEmpty());
    }
};

QTEST_MAIN(TestChannelFailures)
#include "TestChannelFailures.moc"
