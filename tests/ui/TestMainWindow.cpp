// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "OlderHistory.h"
#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "UiText.h"
#include "alerts/AlertDetailsPane.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "alerts/WelcomePanel.h"
#include "channels/ChannelDialog.h"
#include "channels/ChannelsPage.h"
#include "compose/ComposePage.h"
#include "rules/ThresholdsPage.h"
#include "settings/SettingsPage.h"

#include "config/Profile.h"
#include "config/ProfileLock.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertManager.h"
#include "engine/NotificationService.h"

#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace alertdesk;
using namespace alertdesk::test;

// The whole window on an engine thread: live history, compose, first run, read-only mode.
class TestMainWindow final : public QObject {
    Q_OBJECT

    static QJsonObject alertJson(const QString& title, const QString& priority = QStringLiteral("HIGH"))
    {
        return { { QStringLiteral("type"), QStringLiteral("PRICE") }, { QStringLiteral("priority"), priority },
            { QStringLiteral("title"), title }, { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") },
            { QStringLiteral("data"),
                QJsonObject { { QStringLiteral("price"), 70123.5 },
                    { QStringLiteral("levels"), QJsonArray { 70000, 71000 } } } } };
    }

    static QString addWebhook(WindowFixture& f, const QString& name, const QString& url)
    {
        QString error = QStringLiteral("pending");
        f.host->saveChannel({ name, QStringLiteral("webhook"), true, {}, {} }, { { QStringLiteral("url"), url } },
            f.window.get(), [&](const QString& e) { error = e; });
        if (!waitUntil([&] { return error != QStringLiteral("pending"); }))
            return QStringLiteral("saveChannel did not answer");
        return error;
    }

    static QString cell(AlertsPage* page, int row, int column)
    {
        return page->model()->data(page->model()->index(row, column)).toString();
    }

private Q_SLOTS:
    void titleAndFirstRunWelcome()
    {
        WindowFixture f;
        QVERIFY(f.start());
        QVERIFY(f.window->windowTitle().startsWith(QStringLiteral("AlertDesk")));
        QVERIFY(f.window->alertsPage()->showsWelcome());
        QVERIFY(f.window->alertsPage()->welcome()->isVisible());
        QVERIFY(f.window->channelsPage()->showsEmptyState());
        QVERIFY(f.window->banner()->isHidden());

        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QCOMPARE(addWebhook(f, QStringLiteral("hook"), server.url()), QString());
        // With a channel the welcome gives way (to "no alerts yet" until the first one arrives).
        QTRY_VERIFY(!f.window->alertsPage()->showsWelcome());
        QTRY_VERIFY(!f.window->channelsPage()->showsEmptyState());
    }

    // A history an older AlertDesk wrote is updated as the window opens, and the status bar
    // says so meanwhile (a long history takes a while); its alerts are then listed.
    void olderHistoryIsUpdatedWithNotice()
    {
        WindowFixture f;
        QString error = writeOlderHistory(f.dir.filePath(QStringLiteral("history.db")), 5,
            "INSERT INTO alerts (id, type, priority, title, state, created_at, updated_at) "
            "VALUES ('a1', 2, 0, 'Drawdown limit breached', 0, 1700000000000, 1700000000000)");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList shown;
        // Connected after the window's own slot, so called after it: the status bar as it is now.
        connect(f.host.get(), &EngineHost::historyUpgrading, f.window.get(), [&] {
            for (const QLabel* l : f.window->statusBar()->findChildren<QLabel*>())
                shown << l->text();
        });
        QVERIFY(f.start());
        QTRY_VERIFY(!shown.isEmpty());
        QVERIFY2(shown.join(QLatin1Char('|')).contains(QStringLiteral("Updating the history")),
            qPrintable(shown.join(QLatin1Char('|'))));
        QVERIFY(!f.host->upgradingHistory());
        QTRY_COMPARE(f.window->alertsPage()->model()->rowCount(), 1);
        QCOMPARE(cell(f.window->alertsPage(), 0, AlertsModel::TitleColumn), QStringLiteral("Drawdown limit breached"));
    }

    void alertsAppearLiveWithTheirDeliveries()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(addWebhook(f, QStringLiteral("hook"), server.url(QStringLiteral("/in"))), QString());
        AlertsPage* page = f.window->alertsPage();
        QCOMPARE(page->model()->rowCount(), 0);

        QString id, error;
        f.host->submitAlert(
            alertJson(QStringLiteral("BTC above 70,000")), f.window.get(), [&](const QString& i, const QString& e) {
                id = i;
                error = e;
            });
        QTRY_VERIFY(!id.isEmpty() || !error.isEmpty());
        QCOMPARE(error, QString());
        // No reload by hand: the engine's signals bring the row and then its delivery.
        QTRY_COMPARE(page->model()->rowCount(), 1);
        QCOMPARE(page->model()->alertId(0), id);
        QCOMPARE(cell(page, 0, AlertsModel::TitleColumn), QStringLiteral("BTC above 70,000"));
        QCOMPARE(cell(page, 0, AlertsModel::PriorityColumn), QStringLiteral("🟠 HIGH"));
        QCOMPARE(cell(page, 0, AlertsModel::SymbolColumn), QStringLiteral("BTCUSDT"));
        QCOMPARE(cell(page, 0, AlertsModel::StateColumn), QStringLiteral("Open"));
        QTRY_COMPARE_WITH_TIMEOUT(cell(page, 0, AlertsModel::DeliveriesColumn), QStringLiteral("1/1 delivered"), 10000);
        QCOMPARE(server.requestCount(), 1);

        // The details pane: the data as a tree, and the attempt under its channel.
        QTRY_COMPARE(page->details()->alertId(), id);
        QTreeWidget* data = page->details()->dataTree();
        QCOMPARE(data->topLevelItemCount(), 2);
        QTreeWidgetItem* levels = data->findItems(QStringLiteral("levels"), Qt::MatchExactly).value(0);
        QVERIFY(levels);
        QCOMPARE(levels->childCount(), 2);
        QCOMPARE(levels->child(1)->text(1), QStringLiteral("71000"));
        QTreeWidget* deliveries = page->details()->deliveriesTree();
        QTRY_COMPARE(deliveries->topLevelItemCount(), 1);
        QTreeWidgetItem* hook = deliveries->topLevelItem(0);
        QCOMPARE(hook->text(0), QStringLiteral("hook"));
        QTRY_COMPARE(hook->childCount(), 1);
        QCOMPARE(hook->child(0)->text(0), QStringLiteral("Attempt 1"));
        QCOMPARE(hook->child(0)->text(2), QStringLiteral("delivered · HTTP 200"));
    }

    void failedAttemptsShowThePlatformsError()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::withStatus(400, "{\"error\":\"bad payload\"}"));
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(addWebhook(f, QStringLiteral("hook"), server.url()), QString());
        QString id;
        f.host->submitAlert(alertJson(QStringLiteral("Refused"), QStringLiteral("CRITICAL")), f.window.get(),
            [&](const QString& i, const QString&) { id = i; });
        AlertsPage* page = f.window->alertsPage();
        QTRY_COMPARE_WITH_TIMEOUT(
            cell(page, 0, AlertsModel::DeliveriesColumn), QStringLiteral("0/1 · 1 failed"), 10000);
        QTRY_COMPARE(page->details()->alertId(), id);
        QTreeWidgetItem* hook = page->details()->deliveriesTree()->topLevelItem(0);
        QVERIFY(hook);
        QTRY_COMPARE(hook->childCount(), 1);
        QTreeWidgetItem* attempt = hook->child(0);
        QCOMPARE(attempt->text(2), QStringLiteral("failed · HTTP 400"));
        QCOMPARE(attempt->childCount(), 1);
        QCOMPARE(attempt->child(0)->text(0), QStringLiteral("HTTP 400: {\"error\":\"bad payload\"}"));
    }

    void composeSendsAnAlert()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(addWebhook(f, QStringLiteral("hook"), server.url()), QString());
        f.window->showPage(MainWindow::ComposePageIndex);
        ComposePage* compose = f.window->composePage();
        QVERIFY(!compose->sendButton()->isEnabled()); // no title yet
        QTest::keyClicks(compose->titleEdit(), QStringLiteral("Manual check"));
        QTest::keyClicks(compose->dataEdit(), QStringLiteral("{\"price\": "));
        QVERIFY(!compose->sendButton()->isEnabled());
        QCOMPARE(compose->messageLabel()->text(),
            QStringLiteral("Data is not valid JSON: a “}” is missing to close the “{” of line 1, column 1."));
        QTest::keyClicks(compose->dataEdit(), QStringLiteral("1}"));
        QVERIFY2(compose->sendButton()->isEnabled(), qPrintable(compose->messageLabel()->text()));
        QTest::mouseClick(compose->sendButton(), Qt::LeftButton);
        QTRY_VERIFY2(compose->messageLabel()->text().startsWith(QStringLiteral("Alert accepted")),
            qPrintable(compose->messageLabel()->text()));
        QVERIFY(server.waitForRequests(1, 10000));
        QCOMPARE(server.requests()
                     .first()
                     .json()
                     .value(QStringLiteral("alert"))
                     .toObject()
                     .value(QStringLiteral("title"))
                     .toString(),
            QStringLiteral("Manual check"));
        QTRY_COMPARE(f.window->alertsPage()->model()->rowCount(), 1);
        QCOMPARE(cell(f.window->alertsPage(), 0, AlertsModel::TitleColumn), QStringLiteral("Manual check"));
        auto counts = [&f] {
            QStringList texts;
            for (const QLabel* l : f.window->statusBar()->findChildren<QLabel*>())
                texts << l->text();
            return texts;
        };
        // "%n alert(s)": English says "1 alert" through its plural forms (translations/alertdesk_en.ts).
        QTRY_VERIFY2(
            counts().contains(QStringLiteral("1 alert(s) · 1 open")), qPrintable(counts().join(QLatin1Char('|'))));
    }

    void composeWithoutAChannelOffersOne()
    {
        WindowFixture f;
        QVERIFY(f.start());
        f.window->showPage(MainWindow::ComposePageIndex);
        ComposePage* compose = f.window->composePage();
        QTest::keyClicks(compose->titleEdit(), QStringLiteral("Manual check"));
        QCOMPARE(compose->messageLabel()->text(),
            QStringLiteral("No channel yet: the alert would be stored, not delivered."));
        QVERIFY(compose->addChannelButton()->isVisible());
        QTest::mouseClick(compose->addChannelButton(), Qt::LeftButton);
        QCOMPARE(f.window->currentPage(), MainWindow::ChannelsPageIndex);
        QPointer<ChannelDialog> dialog = f.window->findChild<ChannelDialog*>();
        QVERIFY(dialog);
        dialog->reject();

        QCOMPARE(addWebhook(f, QStringLiteral("hook"), QStringLiteral("http://127.0.0.1:9/in")), QString());
        QTRY_VERIFY(compose->addChannelButton()->isHidden());
        QCOMPARE(compose->messageLabel()->text(), QStringLiteral("Ready to send."));
    }

    void jsonErrorsSayWhatIsWrongAndWhere_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("said");
        QTest::newRow("unclosed object") << QStringLiteral("{\"price\": 1,\n \"levels\": [1, 2]")
                                         << QStringLiteral("a “}” is missing to close the “{” of line 1, column 1");
        QTest::newRow("unclosed array")
            << QStringLiteral("{\"levels\": [1, 2}")
            << QStringLiteral("the “}” on line 1, column 17 does not match the “[” of line 1, column 12");
        QTest::newRow("stray close") << QStringLiteral("{\"a\": 1}}")
                                     << QStringLiteral("the “}” on line 1, column 9 closes nothing");
        QTest::newRow("unclosed string") << QStringLiteral("{\"note\": \"brace } inside\n}")
                                         << QStringLiteral(
                                                "the text in quotes from line 1, column 10 has no closing “\"”");
        QTest::newRow("brackets in strings count for nothing")
            << QStringLiteral("{\"a\": \"{[\",\n \"b\": x}") << QStringLiteral("illegal number on line 2, column 7");
    }

    void jsonErrorsSayWhatIsWrongAndWhere()
    {
        QFETCH(QString, text);
        QFETCH(QString, said);
        QJsonParseError pe;
        QJsonDocument::fromJson(text.toUtf8(), &pe);
        QVERIFY(pe.error != QJsonParseError::NoError);
        QCOMPARE(UiText::jsonError(text, pe), said);
    }

    void aStormWhileTheTableIsOpen()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(addWebhook(f, QStringLiteral("hook"), server.url()), QString());
        AlertsPage* page = f.window->alertsPage();

        // The GUI's heartbeat while the engine thread takes 600 alerts at once.
        QElapsedTimer clock;
        clock.start();
        qint64 last = 0, worst = 0;
        QTimer heartbeat;
        heartbeat.setInterval(5);
        connect(&heartbeat, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            worst = std::max(worst, now - last);
            last = now;
        });
        heartbeat.start();
        constexpr int kStorm = 600;
        QVERIFY(f.onEngine([](Engine& e) {
            for (int i = 0; i < kStorm; ++i) {
                FieldError fe;
                e.alertManager().submit(alertJson(QStringLiteral("Storm %1").arg(i)), &fe);
            }
        }));
        QTRY_COMPARE_WITH_TIMEOUT(cell(page, 0, AlertsModel::TitleColumn), QStringLiteral("Storm 599"), 10000);
        QVERIFY(server.waitForRequests(kStorm, 30000));
        QTRY_COMPARE_WITH_TIMEOUT(cell(page, 0, AlertsModel::DeliveriesColumn), QStringLiteral("1/1 delivered"), 10000);
        heartbeat.stop();
        qInfo("longest GUI event-loop gap during the storm: %lld ms (heartbeat every 5 ms)", worst);
        // Paged, newest first, never the whole storm in memory at once.
        QVERIFY(page->model()->rowCount() >= 200);
        QVERIFY(page->model()->rowCount() <= kStorm);
        for (int r = 1; r < 50; ++r)
            QCOMPARE(cell(page, r, AlertsModel::TitleColumn), QStringLiteral("Storm %1").arg(599 - r));
    }

    void everyPageByKeyboard()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(addWebhook(f, QStringLiteral("hook"), server.url()), QString());
        QString id;
        f.host->submitAlert(
            alertJson(QStringLiteral("Keyboard")), f.window.get(), [&](const QString& i, const QString&) { id = i; });
        AlertsPage* alerts = f.window->alertsPage();
        QTRY_COMPARE(alerts->model()->rowCount(), 1);
        f.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));

        // Ctrl+1..5 switch pages and put the focus in the page.
        const struct {
            Qt::Key key;
            MainWindow::Page page;
        } pages[] = { { Qt::Key_2, MainWindow::ChannelsPageIndex }, { Qt::Key_3, MainWindow::ThresholdsPageIndex },
            { Qt::Key_4, MainWindow::ComposePageIndex }, { Qt::Key_5, MainWindow::SettingsPageIndex },
            { Qt::Key_1, MainWindow::AlertsPageIndex } };
        for (const auto& p : pages) {
            QTest::keyClick(QApplication::focusWidget(), p.key, Qt::ControlModifier);
            QCOMPARE(f.window->currentPage(), p.page);
            QWidget* page = p.page == MainWindow::AlertsPageIndex ? static_cast<QWidget*>(alerts)
                : p.page == MainWindow::ChannelsPageIndex         ? static_cast<QWidget*>(f.window->channelsPage())
                : p.page == MainWindow::ThresholdsPageIndex       ? static_cast<QWidget*>(f.window->thresholdsPage())
                : p.page == MainWindow::ComposePageIndex          ? static_cast<QWidget*>(f.window->composePage())
                                                                  : static_cast<QWidget*>(f.window->settingsPage());
            QVERIFY2(
                page->isAncestorOf(QApplication::focusWidget()), qPrintable(QApplication::focusWidget()->objectName()));
        }
        // Alerts: the table has the focus; Tab goes on to the details (message, data, deliveries).
        QCOMPARE(QApplication::focusWidget(), alerts->table());
        QTest::keyClick(alerts->table(), Qt::Key_Tab);
        QWidget* afterTable = QApplication::focusWidget();
        QVERIFY(afterTable == alerts->details()->dataTree() || alerts->details()->isAncestorOf(afterTable));
        QTest::keyClick(afterTable, Qt::Key_Tab);
        QWidget* next = QApplication::focusWidget();
        QVERIFY(next == alerts->details()->deliveriesTree() || next == alerts->details()->dataTree());

        // Ctrl+N opens "Add channel…" from anywhere; Escape closes it without saving.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(f.window->currentPage(), MainWindow::ChannelsPageIndex);
        QPointer<ChannelDialog> dialog = f.window->findChild<ChannelDialog*>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        QTRY_COMPARE(QApplication::focusWidget(), dialog->nameEdit());
        QTest::keyClick(dialog->nameEdit(), Qt::Key_Escape);
        QTRY_VERIFY(dialog.isNull());

        // Ctrl+T sends a test to the selected channel. (Xvfb has no window manager to give the
        // window back its activation when the dialog closes.)
        f.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        f.window->channelsPage()->table()->setFocus();
        QTest::keyClick(f.window->channelsPage()->table(), Qt::Key_T, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(
            f.window->channelsPage()->testResultLabel()->text().startsWith(QStringLiteral("✔ Delivered")), 10000);
    }

    void settingsApplyToTheProfileAndTheDispatcher()
    {
        WindowFixture f;
        QVERIFY(f.start());
        f.window->showPage(MainWindow::SettingsPageIndex);
        SettingsPage* settings = f.window->settingsPage();
        auto* retries = qobject_cast<QSpinBox*>(settings->editor(QStringLiteral("delivery.max_retries")));
        auto* parallel = qobject_cast<QCheckBox*>(settings->editor(QStringLiteral("delivery.parallel")));
        QVERIFY(retries && parallel);
        QTRY_COMPARE(retries->value(), 3); // the default, read from the engine
        QVERIFY(parallel->isChecked());
        QVERIFY(!settings->applyButton()->isEnabled()); // nothing changed yet
        QVERIFY(retries->maximum() == 20); // the spec's range: nothing out of range can be typed

        retries->setFocus();
        retries->selectAll();
        QTest::keyClicks(retries, QStringLiteral("7"));
        QTest::mouseClick(parallel, Qt::LeftButton);
        QCOMPARE(retries->value(), 7);
        QVERIFY(settings->applyButton()->isEnabled());
        QTest::mouseClick(settings->applyButton(), Qt::LeftButton);
        QTRY_VERIFY(!settings->applyButton()->isEnabled());

        DeliverySettings live;
        QVERIFY(f.onEngine([&live](Engine& e) { live = e.notifications().dispatcher().settings(); }));
        QCOMPARE(live.maxRetries, 7);
        QCOMPARE(live.parallel, false);
        QString error;
        const auto stored = Profile::load(f.dir.path(), &error);
        QVERIFY2(stored, qPrintable(error));
        QCOMPARE(stored->deliverySettings().maxRetries, 7);
        QCOMPARE(stored->deliverySettings().parallel, false);
    }

    void followsWhatAnotherProcessChanges()
    {
        WindowFixture f;
        QVERIFY(f.start());
        ComposePage* compose = f.window->composePage();
        auto* retries
            = qobject_cast<QSpinBox*>(f.window->settingsPage()->editor(QStringLiteral("delivery.max_retries")));
        QVERIFY(retries);
        QTRY_COMPARE(retries->value(), 3);
        QCOMPARE(compose->channelList()->count(), 0);
        auto statusBarSays = [&f](const QString& text) {
            for (const QLabel* l : f.window->statusBar()->findChildren<QLabel*>()) {
                if (l->text().contains(text))
                    return true;
            }
            return false;
        };

        // What `alertdesk-cli channel add` and `settings set` do from another process while
        // nothing is being delivered: only the profile on disk changes.
        QString error;
        auto other = Profile::load(f.dir.path(), &error);
        QVERIFY2(other, qPrintable(error));
        QVERIFY2(other->addChannel({ QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }, &error),
            qPrintable(error));
        QVERIFY2(
            other->setSetting(QStringLiteral("delivery.max_retries"), QStringLiteral("9"), &error), qPrintable(error));
        QVERIFY2(other->save(&error), qPrintable(error));

        QTRY_COMPARE(compose->channelList()->count(), 1);
        QVERIFY2(compose->channelList()->item(0)->text().contains(QStringLiteral("desk")),
            qPrintable(compose->channelList()->item(0)->text()));
        QTRY_VERIFY(statusBarSays(QStringLiteral("Delivering to 1 enabled channel")));
        QTRY_COMPARE(retries->value(), 9);
        QVERIFY(!f.window->settingsPage()->applyButton()->isEnabled()); // shown as stored, not as an edit

        QVERIFY(other->removeChannel(QStringLiteral("desk")));
        QVERIFY2(other->save(&error), qPrintable(error));
        QTRY_COMPARE(compose->channelList()->count(), 0);
    }

    void readOnlyWhileAnotherInstanceDrives()
    {
        WindowFixture f;
        // Another AlertDesk holds the profile: here, a lock taken before the engine starts.
        QVERIFY(QDir().mkpath(f.dir.path()));
        ProfileLock other(f.dir.path() + QStringLiteral("/engine.lock"));
        QVERIFY(other.tryLock());
        QVERIFY(f.start());
        QCOMPARE(f.host->state(), EngineHost::State::ReadOnly);
        QVERIFY(f.window->banner()->isVisible());
        QVERIFY2(
            f.window->banner()->text().contains(QStringLiteral("read-only")), qPrintable(f.window->banner()->text()));
        QVERIFY(f.window->banner()->text().contains(QString::number(QCoreApplication::applicationPid())));
        QVERIFY(f.window->windowTitle().startsWith(QStringLiteral("AlertDesk")));
        QVERIFY(f.window->windowTitle().contains(QStringLiteral("read-only")));
        QVERIFY(!f.window->channelsPage()->addButton()->isEnabled());
        QVERIFY(!f.window->settingsPage()->applyButton()->isEnabled());
        QVERIFY(!f.window->settingsPage()->editor(QStringLiteral("delivery.max_retries"))->isEnabled());
    }
};

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
