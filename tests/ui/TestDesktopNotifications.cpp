// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedNotificationServer.h"
#include "UiTestSupport.h"
#include "alerts/AlertDetailsPane.h"
#include "alerts/AlertsPage.h"
#include "app/FreedesktopNotifier.h"
#include "app/TrayNotifier.h"
#include "channels/DesktopChannel.h"
#include "settings/SettingsPage.h"
#include "storage/AlertStore.h"
#include "storage/LifecycleStore.h"

#include <QComboBox>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Actionable desktop notifications: against a notification server on the test's session bus
// (ScriptedNotificationServer, org.freedesktop.Notifications), the desktop channel's
// notification carries the alert's title, body, urgency and, at or above
// ui.notify_actions_min_priority, Acknowledge and Snooze 1 h; the action the user picks there
// acknowledges or snoozes the alert with source ui, a click opens it in the window. A server
// without actions gets none; without a server the tray's balloon shows the alert.
class TestDesktopNotifications final : public QObject {
    Q_OBJECT

    static QJsonObject alertJson(const QString& priority, const QString& title, const QString& message)
    {
        return { { QStringLiteral("type"), QStringLiteral("RISK") }, { QStringLiteral("priority"), priority },
            { QStringLiteral("title"), title }, { QStringLiteral("message"), message },
            { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") },
            { QStringLiteral("channels"), QJsonArray { QStringLiteral("desk") } } };
    }

    static ChannelConfig desktopChannel()
    {
        return { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} };
    }

    static std::optional<Alert> stored(WindowFixture& f, const QString& id)
    {
        return AlertStore(*f.window->historyDatabase()).get(id);
    }
    static QList<AlertEvent> trail(WindowFixture& f, const QString& id)
    {
        return LifecycleStore(*f.window->historyDatabase()).events(id);
    }

    static QStringList withAlertActions()
    {
        return { QStringLiteral("default"), QStringLiteral("Open"), QStringLiteral("acknowledge"),
            QStringLiteral("Acknowledge"), QStringLiteral("snooze-1h"), QStringLiteral("Snooze 1 h") };
    }
    static QStringList clickOnly() { return { QStringLiteral("default"), QStringLiteral("Open") }; }

    static QStringList fullServer()
    {
        return { QStringLiteral("actions"), QStringLiteral("body"), QStringLiteral("body-markup") };
    }

    // A window with a desktop channel, its notifications going to server.
    static QString submit(WindowFixture& f, const QString& priority, const QString& title, const QString& message = {})
    {
        QString error;
        const QString id = submitAlert(f, alertJson(priority, title, message), &error);
        if (id.isEmpty())
            qWarning() << "submit failed:" << error;
        return id;
    }

    static bool delivered(WindowFixture& f, const QString& id)
    {
        if (!waitUntil([&] { return deliveryReport(f, id).complete(); }, 10000))
            return false;
        const DeliveryReport r = deliveryReport(f, id);
        return r.results.size() == 1 && r.results.first().status == DeliveryStatus::Delivered;
    }

    // Through the Settings page as a user does it: the combo box, then Apply.
    static bool applySettingWithPage(WindowFixture& f, const QString& key, const QString& value)
    {
        f.window->showPage(MainWindow::SettingsPageIndex);
        SettingsPage* page = f.window->settingsPage();
        auto* combo = qobject_cast<QComboBox*>(page->editor(key));
        if (!waitUntil([combo] { return combo && combo->isEnabled(); }))
            return false;
        const int target = combo->findData(value);
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Home);
        for (int i = 0; i < target; ++i)
            QTest::keyClick(combo, Qt::Key_Down);
        if (target < 0 || combo->currentIndex() != target || !page->applyButton()->isEnabled())
            return false;
        QTest::mouseClick(page->applyButton(), Qt::LeftButton);
        return waitUntil([&] { return page->statusLabel()->text() == SettingsPage::tr("Applied."); }, 10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DISPLAY") || !QDBusConnection::sessionBus().isConnected())
            QSKIP("needs an X server and a session bus: run inside scripts/with-test-services.sh");
    }

    // HIGH (the default threshold): the buttons are there; Acknowledge acknowledges the alert
    // as the window's action does, with source ui. The window's own notification of the same
    // new alert is not a second one.
    void acknowledgeFromTheNotification()
    {
        ScriptedNotificationServer server(fullServer());
        QString why;
        QVERIFY2(server.start(&why), qPrintable(why));
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, desktopChannel()), QString());

        const QString id = submit(f, QStringLiteral("HIGH"), QStringLiteral("BTC margin <30%"),
            QStringLiteral("Maintenance margin at 28% & falling"));
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(server.calls().size(), 1, 10000);
        const ScriptedNotificationServer::Call call = server.calls().first();
        QCOMPARE(call.appName, QStringLiteral("AlertDesk"));
        QCOMPARE(call.replacesId, 0u);
        QCOMPARE(call.appIcon, QStringLiteral("example.alertdesk.AlertDesk"));
        QCOMPARE(call.summary, QStringLiteral("🟠 BTC margin <30%"));
        // The server reads markup ("body-markup"): the alert's text is escaped, shown as written.
        QCOMPARE(call.body, QStringLiteral("Maintenance margin at 28% &amp; falling\nBTCUSDT"));
        QCOMPARE(call.actions, withAlertActions());
        QCOMPARE(call.hints.value(QStringLiteral("urgency")).metaType().id(), int(QMetaType::UChar)); // a byte
        QCOMPARE(call.hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(1));
        QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(),
            QStringLiteral("example.alertdesk.AlertDesk"));
        QCOMPARE(call.expireTimeout, 30000);
        QVERIFY(delivered(f, id));

        server.invokeAction(call.id, QStringLiteral("acknowledge"));
        QTRY_COMPARE_WITH_TIMEOUT(stored(f, id)->state, AlertState::Acknowledged, 10000);
        const QList<AlertEvent> events = trail(f, id);
        QVERIFY(!events.isEmpty());
        QCOMPARE(events.last().to, AlertState::Acknowledged);
        QCOMPARE(events.last().source, EventSource::UI);
        // The Alerts page says what happened, as for its own buttons.
        QTRY_COMPARE(f.window->alertsPage()->messageLabel()->text(), AlertsPage::tr("Acknowledged: %n", nullptr, 1));
        QCOMPARE(server.calls().size(), 1);
    }

    // CRITICAL: critical urgency, never expires; Snooze 1 h snoozes it for an hour, source ui.
    void snoozeOneHourFromTheNotification()
    {
        ScriptedNotificationServer server(fullServer());
        QString why;
        QVERIFY2(server.start(&why), qPrintable(why));
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, desktopChannel()), QString());

        const QString id = submit(f, QStringLiteral("CRITICAL"), QStringLiteral("Exchange API down"));
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(server.calls().size(), 1, 10000);
        const ScriptedNotificationServer::Call call = server.calls().first();
        QCOMPARE(call.summary, QStringLiteral("🔴 Exchange API down"));
        QCOMPARE(call.actions, withAlertActions());
        QCOMPARE(call.hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(2));
        QCOMPARE(call.expireTimeout, 0);
        QVERIFY(delivered(f, id));

        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        server.invokeAction(call.id, QStringLiteral("snooze-1h"));
        QTRY_COMPARE_WITH_TIMEOUT(stored(f, id)->state, AlertState::Snoozed, 10000);
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        const qint64 until = stored(f, id)->snoozedUntil.toMSecsSinceEpoch();
        QVERIFY2(until >= before + 3600000 - 1000 && until <= after + 3600000 + 1000,
            qPrintable(QStringLiteral("snoozed until %1, clicked at %2").arg(until).arg(before)));
        QCOMPARE(trail(f, id).last().to, AlertState::Snoozed);
        QCOMPARE(trail(f, id).last().source, EventSource::UI);
    }

    // Under the threshold: no buttons, but a click on the notification brings the window back
    // on that alert.
    void clickOpensTheAlert()
    {
        ScriptedNotificationServer server(fullServer());
        QString why;
        QVERIFY2(server.start(&why), qPrintable(why));
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, desktopChannel()), QString());
        f.window->showPage(MainWindow::ChannelsPageIndex);
        f.window->hide();

        const QString id = submit(f, QStringLiteral("MEDIUM"), QStringLiteral("SOL volume spike"));
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(server.calls().size(), 1, 10000);
        const ScriptedNotificationServer::Call call = server.calls().first();
        QCOMPARE(call.actions, clickOnly());
        QCOMPARE(call.hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(1));
        QCOMPARE(call.expireTimeout, 10000);
        QVERIFY(delivered(f, id));
        QVERIFY(!f.window->isVisible());

        server.invokeAction(call.id, QStringLiteral("default"));
        QTRY_VERIFY_WITH_TIMEOUT(f.window->isVisible(), 10000);
        QCOMPARE(f.window->currentPage(), MainWindow::AlertsPageIndex);
        QTRY_COMPARE(f.window->alertsPage()->details()->alertId(), id);
        QCOMPARE(stored(f, id)->state, AlertState::Open); // opened, not acted on
    }

    // ui.notify_actions_min_priority, set on the Settings page: LOW gets the buttons, OFF none.
    void actionsFollowTheSetting()
    {
        ScriptedNotificationServer server(fullServer());
        QString why;
        QVERIFY2(server.start(&why), qPrintable(why));
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, desktopChannel()), QString());

        QVERIFY(applySettingWithPage(f, QStringLiteral("ui.notify_actions_min_priority"), QStringLiteral("LOW")));
        QVERIFY(!submit(f, QStringLiteral("LOW"), QStringLiteral("ETH funding flipped")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(server.calls().size(), 1, 10000);
        QCOMPARE(server.calls().at(0).actions, withAlertActions());
        QCOMPARE(server.calls().at(0).hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(0));

        QVERIFY(applySettingWithPage(f, QStringLiteral("ui.notify_actions_min_priority"), QStringLiteral("OFF")));
        QVERIFY(!submit(f, QStringLiteral("CRITICAL"), QStringLiteral("Kill switch tripped")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(server.calls().size(), 2, 10000);
        QCOMPARE(server.calls().at(1).actions, clickOnly());
    }

    // A resend of an alert (a new delivery key: a snooze that ended, a reminder) replaces its
    // notification; the same delivery again shows nothing new.
    void resendReplacesTheNotification()
    {
        ScriptedNotificationServer server(fullServer());
        QString why;
        QVERIFY2(server.start(&why), qPrintable(why));
        WindowFixture f;
        QVERIFY(f.start());
        TrayNotifier* notifier = f.host->desktopNotifier();

        Alert a;
        a.id = QStringLiteral("0f8e1c52-0000-4000-8000-000000000001");
        a.priority = Priority::High;
        a.title = QStringLiteral("Position risk exceeded");
        int answers = 0;
        const auto answered = [&answers](const QString& error) {
            QCOMPARE(error, QString());
            ++answers;
        };
        notifier->deliver(desktopNotification(a, QStringLiteral("key-1")), answered);
        QTRY_COMPARE_WITH_TIMEOUT(answers, 1, 10000);
        QCOMPARE(server.calls().size(), 1);
        QCOMPARE(server.calls().at(0).replacesId, 0u);

        notifier->deliver(desktopNotification(a, QStringLiteral("key-1")), answered);
        QTRY_COMPARE(answers, 2);
        QCOMPARE(server.calls().size(), 1);

        notifier->deliver(desktopNotification(a, QStringLiteral("key-2")), answered);
        QTRY_COMPARE_WITH_TIMEOUT(answers, 3, 10000);
        QCOMPARE(server.calls().size(), 2);
        QCOMPARE(server.calls().at(1).replacesId, server.calls().at(0).id);
        QCOMPARE(server.calls().at(1).id, server.calls().at(0).id);

        // Once the server has closed it (NotificationClosed), the next resend is a new one.
        const uint first = server.calls().at(0).id;
        QCOMPARE(notifier->freedesktop()->notificationOf(a.id), first);
        server.CloseNotification(first);
        QTRY_COMPARE_WITH_TIMEOUT(notifier->freedesktop()->notificationOf(a.id), 0u, 10000);
        notifier->deliver(desktopNotification(a, QStringLiteral("key-3")), answered);
        QTRY_COMPARE_WITH_TIMEOUT(answers, 4, 10000);
        QCOMPARE(server.calls().size(), 3);
        QCOMPARE(server.calls().at(2).replacesId, 0u);
        QVERIFY(server.calls().at(2).id != first);
    }

    // A server without the "actions" capability: no buttons. Without a tray it shows the
    // notification plainly; with a tray the balloon, whose click opens the alert, is preferred.
    void serverWithoutActionsGetsNone()
    {
        ScriptedNotificationServer server({ QStringLiteral("body") });
        QString why;
        QVERIFY2(server.start(&why), qPrintable(why));
        WindowFixture f;
        TrayNotifier* notifier = f.host->desktopNotifier();
        bool tray = false;
        notifier->setTrayCheck([&tray] { return tray; });
        QSignalSpy shown(notifier, &TrayNotifier::shown);
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, desktopChannel()), QString());

        const QString plain = submit(
            f, QStringLiteral("CRITICAL"), QStringLiteral("Exchange API down"), QStringLiteral("HTTP 503 <no body>"));
        QVERIFY(!plain.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(server.calls().size(), 1, 10000);
        QCOMPARE(server.calls().at(0).actions, QStringList());
        QCOMPARE(server.calls().at(0).body, QStringLiteral("HTTP 503 <no body>\nBTCUSDT")); // no markup: as is
        QCOMPARE(server.calls().at(0).hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(2));
        QVERIFY(delivered(f, plain));
        QCOMPARE(notifier->freedesktop()->server(), FreedesktopNotifier::Server::Plain);

        tray = true;
        const QString ballooned = submit(f, QStringLiteral("CRITICAL"), QStringLiteral("Kill switch tripped"));
        QVERIFY(!ballooned.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(shown.cbegin(), shown.cend(), [&](const QList<QVariant>& s) { return s.at(0) == ballooned; }),
            10000);
        QVERIFY(delivered(f, ballooned));
        QCOMPARE(server.calls().size(), 1);
    }

    // No notification server on the bus: the tray's balloon, as before.
    void withoutAServerTheTrayBalloon()
    {
        const QDBusConnection bus = QDBusConnection::sessionBus();
        if (bus.interface()->isServiceRegistered(QStringLiteral("org.freedesktop.Notifications"))
            || bus.interface()->activatableServiceNames().value().contains(
                QStringLiteral("org.freedesktop.Notifications")))
            QSKIP("this session bus has a notification server of its own");
        WindowFixture f;
        TrayNotifier* notifier = f.host->desktopNotifier();
        notifier->setTrayCheck([] { return true; });
        QSignalSpy shown(notifier, &TrayNotifier::shown);
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, desktopChannel()), QString());

        const QString id = submit(f, QStringLiteral("HIGH"), QStringLiteral("BTC above 70,000"));
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10000);
        QCOMPARE(shown.first().at(0).toString(), id);
        QCOMPARE(notifier->freedesktop()->server(), FreedesktopNotifier::Server::Absent);
        QVERIFY(delivered(f, id));
        QCOMPARE(notifier->lastAlertId(), id);
    }
};

QTEST_MAIN(TestDesktopNotifications)
#include "TestDesktopNotifications.moc"
