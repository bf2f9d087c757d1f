// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "alerts/AlertDetailsPane.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "app/TrayIcon.h"
#include "app/TrayNotifier.h"
#include "settings/SettingsPage.h"

#include "config/Profile.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTest>
#include <QTranslator>

using namespace alertdesk;
using namespace alertdesk::test;

// The window and the tray: the open count on the icon and in its tooltip, a balloon for new
// alerts at or above ui.notify_min_priority, clicks that bring the window back on that alert,
// and closing into the tray (ui.close_to_tray). The tray is the test seam
// (TrayNotifier::setTrayCheck), or a real one (trayer) where the test says so.
class TestTrayWindow final : public QObject {
    Q_OBJECT

    static QJsonObject alertJson(const QString& priority, const QString& title)
    {
        return { { QStringLiteral("type"), QStringLiteral("RISK") }, { QStringLiteral("priority"), priority },
            { QStringLiteral("title"), title }, { QStringLiteral("channels"), QJsonArray { QStringLiteral("hook") } } };
    }

    static ChannelConfig webhook() { return { QStringLiteral("hook"), QStringLiteral("webhook"), true, {}, {} }; }

    static QImage image(const QIcon& icon) { return icon.pixmap(32, 32).toImage(); }

    static QJsonValue storedSetting(WindowFixture& f, const QString& key)
    {
        QJsonValue v;
        f.onEngine([&v, key](Engine& e) { v = e.profile().setting(key); });
        return v;
    }

    // Through the Settings page as a user does it: the widget, then Apply.
    static bool applySettingWithPage(WindowFixture& f, const QString& key, const QVariant& value)
    {
        f.window->showPage(MainWindow::SettingsPageIndex);
        SettingsPage* page = f.window->settingsPage();
        QWidget* editor = page->editor(key);
        if (!waitUntil([editor] { return editor && editor->isEnabled(); }))
            return false;
        if (auto* combo = qobject_cast<QComboBox*>(editor)) {
            const int target = combo->findData(value);
            combo->setFocus();
            QTest::keyClick(combo, Qt::Key_Home);
            for (int i = 0; i < target; ++i)
                QTest::keyClick(combo, Qt::Key_Down);
            if (combo->currentIndex() != target)
                return false;
        } else if (auto* box = qobject_cast<QCheckBox*>(editor)) {
            if (box->isChecked() != value.toBool())
                QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(4, box->height() / 2));
            if (box->isChecked() != value.toBool())
                return false;
        }
        if (!page->applyButton()->isEnabled())
            return false;
        QTest::mouseClick(page->applyButton(), Qt::LeftButton);
        return waitUntil([&] { return page->statusLabel()->text() == SettingsPage::tr("Applied."); }, 10000);
    }

    static QWidget* topLevel(const char* className)
    {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (qstrcmp(w->metaObject()->className(), className) == 0 && w->isVisible())
                return w;
        }
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DISPLAY"))
            QSKIP("needs an X server: run inside scripts/with-test-services.sh");
        // English plural forms ("1 open alert", "3 open alerts") come from the app's translation.
        auto* translator = new QTranslator(this);
        QVERIFY(translator->load(QStringLiteral(":/i18n/alertdesk_en")));
        QCoreApplication::installTranslator(translator);
    }

    void openCountOnTheIconAndInTheTooltip()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        QVERIFY(f.start());
        QSystemTrayIcon* icon = f.window->trayIcon()->icon();
        QCOMPARE(icon->toolTip(), QStringLiteral("AlertDesk — no open alert"));
        QCOMPARE(image(icon->icon()), image(TrayIcon::makeIcon(0)));
        QCOMPARE(saveChannel(f, webhook(), { { QStringLiteral("url"), server.url() } }), QString());

        for (const char* title : { "one", "two", "three" }) {
            QString error;
            QVERIFY2(!submitAlert(f, alertJson(QStringLiteral("LOW"), QString::fromLatin1(title)), &error).isEmpty(),
                qPrintable(error));
        }
        QTRY_COMPARE_WITH_TIMEOUT(icon->toolTip(), QStringLiteral("AlertDesk — 3 open alerts"), 10000);
        QCOMPARE(image(icon->icon()), image(TrayIcon::makeIcon(3)));
        QVERIFY(image(TrayIcon::makeIcon(3)) != image(TrayIcon::makeIcon(0))); // the count is drawn
        QVERIFY(image(TrayIcon::makeIcon(3)) != image(TrayIcon::makeIcon(4)));
    }

    void notificationsFromTheChosenPriorityUp_data()
    {
        QTest::addColumn<QString>("setting"); // "" keeps the default (HIGH)
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("default HIGH") << QString()
                                      << QStringList { QStringLiteral("HIGH"), QStringLiteral("CRITICAL") };
        QTest::newRow("MEDIUM") << QStringLiteral(
            "MEDIUM") << QStringList { QStringLiteral("MEDIUM"), QStringLiteral("HIGH"), QStringLiteral("CRITICAL") };
        QTest::newRow("CRITICAL") << QStringLiteral("CRITICAL") << QStringList { QStringLiteral("CRITICAL") };
        QTest::newRow("INFO: all") << QStringLiteral("INFO")
                                   << QStringList { QStringLiteral("INFO"), QStringLiteral("LOW"),
                                          QStringLiteral("MEDIUM"), QStringLiteral("HIGH"),
                                          QStringLiteral("CRITICAL") };
        QTest::newRow("OFF") << QStringLiteral("OFF") << QStringList();
    }

    void notificationsFromTheChosenPriorityUp()
    {
        QFETCH(QString, setting);
        QFETCH(QStringList, expected);
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        f.host->desktopNotifier()->setTrayCheck([] { return true; });
        QSignalSpy shown(f.host->desktopNotifier(), &TrayNotifier::shown);
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, webhook(), { { QStringLiteral("url"), server.url() } }), QString());
        if (!setting.isEmpty()) {
            QVERIFY(applySettingWithPage(f, QStringLiteral("ui.notify_min_priority"), setting));
            QCOMPARE(storedSetting(f, QStringLiteral("ui.notify_min_priority")).toString(), setting);
        } else {
            QCOMPARE(storedSetting(f, QStringLiteral("ui.notify_min_priority")).toString(), QStringLiteral("HIGH"));
        }

        QStringList ids;
        const QStringList sent { QStringLiteral("INFO"), QStringLiteral("LOW"), QStringLiteral("MEDIUM"),
            QStringLiteral("HIGH"), QStringLiteral("CRITICAL") };
        for (const QString& p : sent) {
            QString error;
            ids << submitAlert(f, alertJson(p, p + QStringLiteral(" alert")), &error);
            QVERIFY2(!ids.last().isEmpty(), qPrintable(error));
        }
        // Once every delivery is done, every alert's arrival has reached the window.
        for (const QString& id : ids)
            QTRY_VERIFY_WITH_TIMEOUT(deliveryReport(f, id).complete(), 10000);
        QTRY_COMPARE(shown.count(), static_cast<int>(expected.size()));
        QStringList titles;
        for (const QList<QVariant>& args : shown)
            titles << args.at(1).toString();
        QStringList expectedTitles;
        for (const QString& p : expected)
            expectedTitles << priorityEmoji(*priorityFromString(p)) + QLatin1Char(' ') + p + QStringLiteral(" alert");
        QCOMPARE(titles, expectedTitles);
    }

    // An alert from another process (a script's alertdesk-cli send, handed over to this window's
    // engine) gets its balloon too: the window looks at the history, not at one source.
    void notificationForAnAlertFromAnotherProcess()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        f.host->desktopNotifier()->setTrayCheck([] { return true; });
        QSignalSpy shown(f.host->desktopNotifier(), &TrayNotifier::shown);
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, webhook(), { { QStringLiteral("url"), server.url() } }), QString());
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), f.dir.path());
        const CliResult r = cli.run({ QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("RISK"),
            QStringLiteral("--priority"), QStringLiteral("CRITICAL"), QStringLiteral("--title"),
            QStringLiteral("from a script"), QStringLiteral("--channel"), QStringLiteral("hook") });
        QVERIFY2(r.exitedWith(0), qPrintable(r.describe()));
        QVERIFY(r.err.contains("handed alert"));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10000);
        QCOMPARE(shown.first().at(1).toString(), QStringLiteral("🔴 from a script"));
    }

    void clickingTheBalloonOrTheIconBringsTheWindowBack()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        f.host->desktopNotifier()->setTrayCheck([] { return true; });
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, webhook(), { { QStringLiteral("url"), server.url() } }), QString());
        QString error;
        const QString older = submitAlert(f, alertJson(QStringLiteral("LOW"), QStringLiteral("older")), &error);
        QVERIFY(!older.isEmpty());
        QTRY_COMPARE(f.window->alertsPage()->model()->rowCount(), 1);

        // Closed into the tray; then a critical alert comes and its balloon is clicked.
        QVERIFY(f.window->closesToTray());
        f.window->showPage(MainWindow::ChannelsPageIndex);
        f.window->close();
        QVERIFY(f.window->isHidden());
        const QString id = submitAlert(f, alertJson(QStringLiteral("CRITICAL"), QStringLiteral("margin call")), &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(f.host->desktopNotifier()->lastAlertId(), id, 10000);
        Q_EMIT f.window->trayIcon()->icon()->messageClicked(); // what the platform says on a click
        QVERIFY(f.window->isVisible());
        QCOMPARE(f.window->currentPage(), MainWindow::AlertsPageIndex);
        QCOMPARE(f.window->alertsPage()->details()->alertId(), id);
        const QModelIndex current = f.window->alertsPage()->table()->currentIndex();
        QVERIFY(current.isValid());
        QCOMPARE(f.window->alertsPage()->model()->alertId(current.row()), id);

        // Hidden again: a click on the icon brings it back as it was.
        f.window->close();
        QVERIFY(f.window->isHidden());
        Q_EMIT f.window->trayIcon()->icon()->activated(QSystemTrayIcon::Trigger);
        QVERIFY(f.window->isVisible());
        QCOMPARE(f.window->alertsPage()->details()->alertId(), id);
    }

    void closingTheWindow_data()
    {
        QTest::addColumn<bool>("tray");
        QTest::addColumn<bool>("closeToTray"); // the setting, through the Settings page
        QTest::addColumn<bool>("keepsRunning");
        QTest::newRow("tray, close to tray") << true << true << true;
        QTest::newRow("tray, setting off") << true << false << false;
        QTest::newRow("no tray: closing quits") << false << true << false;
    }

    void closingTheWindow()
    {
        QFETCH(bool, tray);
        QFETCH(bool, closeToTray);
        QFETCH(bool, keepsRunning);
        WindowFixture f;
        f.host->desktopNotifier()->setTrayCheck([tray] { return tray; });
        QVERIFY(f.start());
        if (!closeToTray) {
            QVERIFY(applySettingWithPage(f, QStringLiteral("ui.close_to_tray"), false));
            QCOMPARE(storedSetting(f, QStringLiteral("ui.close_to_tray")), QJsonValue(false));
        }
        QSignalSpy exit(f.window.get(), &MainWindow::exitRequested);
        QCOMPARE(f.window->closesToTray(), keepsRunning);
        f.window->close();
        QVERIFY(f.window->isHidden());
        QCOMPARE(exit.count(), keepsRunning ? 0 : 1);
        if (keepsRunning) {
            // The tray menu's Quit ends it for good.
            QMenu* menu = f.window->trayIcon()->menu();
            menu->actions().constLast()->trigger();
            QCOMPARE(exit.count(), 1);
        }
    }

    void settingsPageSaysWhenThereIsNoTray()
    {
        if (QSystemTrayIcon::isSystemTrayAvailable())
            QSKIP("this X server has a system tray");
        WindowFixture f;
        QVERIFY(f.start());
        f.window->showPage(MainWindow::SettingsPageIndex);
        f.window->settingsPage()->showSection(SettingsPage::WindowSection); // the tray settings' section
        QLabel* note = f.window->settingsPage()->trayNote();
        QVERIFY(note);
        QTRY_VERIFY(note->isVisible());
        QVERIFY(note->text().contains(QStringLiteral("no system tray")));
    }

    // With a real tray: the icon docks; closing hides the window; a click on the icon and a
    // click on the balloon bring it back, the latter on the alert.
    void withARealTray()
    {
        TrayHost trayHost;
        QString why;
        if (!trayHost.start(&why))
            QSKIP(qPrintable(why));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        QVERIFY(f.start());
        QTRY_VERIFY_WITH_TIMEOUT(topLevel("QSystemTrayIconSys"), 10000);
        QCOMPARE(saveChannel(f, webhook(), { { QStringLiteral("url"), server.url() } }), QString());

        f.window->close();
        QVERIFY(f.window->isHidden());
        QTest::mouseClick(topLevel("QSystemTrayIconSys"), Qt::LeftButton);
        QTRY_VERIFY(f.window->isVisible());

        f.window->close();
        QString error;
        const QString id = submitAlert(f, alertJson(QStringLiteral("HIGH"), QStringLiteral("VaR over limit")), &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QWidget* balloon = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (balloon = topLevel("QBalloonTip")) != nullptr && f.host->desktopNotifier()->lastAlertId() == id, 10000);
        QTest::mouseClick(balloon, Qt::LeftButton);
        QTRY_VERIFY(f.window->isVisible());
        QCOMPARE(f.window->alertsPage()->details()->alertId(), id);
    }
};

QTEST_MAIN(TestTrayWindow)
#include "TestTrayWindow.moc"
