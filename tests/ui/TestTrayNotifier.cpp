// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "UiTestSupport.h"
#include "app/TrayIcon.h"
#include "app/TrayNotifier.h"
#include "channels/ChannelsModel.h"
#include "channels/ChannelsPage.h"

#include "channels/DesktopChannel.h"

#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The desktop channel in the app: its notifications go up as balloons from the tray icon, on
// the GUI thread, and its report says delivered; without a system tray it fails and says why.
// Three ways: Xvfb alone (no tray: the failure, through the real platform check), the test seam
// (TrayNotifier::setTrayCheck replaces only that check), and a real tray (trayer) with the
// balloon on the screen.
class TestTrayNotifier final : public QObject {
    Q_OBJECT

    static QJsonObject alertJson(const QString& priority, const QString& title, const QString& message)
    {
        return { { QStringLiteral("type"), QStringLiteral("PRICE") }, { QStringLiteral("priority"), priority },
            { QStringLiteral("title"), title }, { QStringLiteral("message"), message },
            { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") },
            { QStringLiteral("channels"), QJsonArray { QStringLiteral("desk") } } };
    }

    static ChannelConfig desktopChannel()
    {
        return { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} };
    }

    // The texts of the balloons on the screen (Qt's own balloon beside an XEmbed tray icon).
    static QStringList balloonTexts()
    {
        QStringList texts;
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (qstrcmp(w->metaObject()->className(), "QBalloonTip") != 0 || !w->isVisible())
                continue;
            for (QLabel* l : w->findChildren<QLabel*>())
                texts << l->text();
        }
        return texts;
    }

    static QWidget* dockedTrayIcon()
    {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (qstrcmp(w->metaObject()->className(), "QSystemTrayIconSys") == 0 && w->isVisible())
                return w;
        }
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DISPLAY"))
            QSKIP("needs an X server: run inside scripts/with-test-services.sh");
    }

    // Xvfb has no system tray: Send test and an alert both fail, and say why.
    void withoutTrayDeliveryFailsAndSaysWhy()
    {
        if (QSystemTrayIcon::isSystemTrayAvailable())
            QSKIP("this X server has a system tray");
        WindowFixture f;
        QVERIFY(f.start());
        QVERIFY(!f.window->trayIcon()->isAvailable());
        QCOMPARE(saveChannel(f, desktopChannel()), QString());

        f.window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = f.window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        QTRY_COMPARE(page->table()->currentIndex().row(), 0);
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        const QString expected = QStringLiteral("✘ Failed: ") + TrayNotifier::noTrayMessage();
        QTRY_COMPARE_WITH_TIMEOUT(page->testResultLabel()->text(), expected, 10000);

        QString error;
        const QString id
            = submitAlert(f, alertJson(QStringLiteral("HIGH"), QStringLiteral("BTC above 70,000"), {}), &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(deliveryReport(f, id).complete(), 10000);
        const DeliveryReport r = deliveryReport(f, id);
        QCOMPARE(r.results.size(), 1);
        QCOMPARE(r.results.first().status, DeliveryStatus::Failed);
        QCOMPARE(r.results.first().error, TrayNotifier::noTrayMessage());
        QCOMPARE(r.results.first().attempts, 1); // retrying cannot make a tray appear
    }

    // The seam: only the platform check is replaced; the engine thread calls the notifier,
    // which shows the balloon on the GUI thread and reports back.
    void throughTheSeamTheNotifierShowsItAndTheReportSaysDelivered()
    {
        WindowFixture f;
        TrayNotifier* notifier = f.host->desktopNotifier();
        notifier->setTrayCheck([] { return true; });
        QSignalSpy shown(notifier, &TrayNotifier::shown);
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, desktopChannel()), QString());

        // LOW: under the window's own threshold (HIGH), so the channel is what shows it.
        QString error;
        const QString id = submitAlert(f,
            alertJson(
                QStringLiteral("LOW"), QStringLiteral("ETH funding flipped"), QStringLiteral("Funding is -0.01%.")),
            &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10000);
        const QList<QVariant> args = shown.takeFirst();
        QCOMPARE(args.at(0).toString(), id);
        QCOMPARE(args.at(1).toString(), QStringLiteral("🟢 ETH funding flipped"));
        QCOMPARE(args.at(2).toString(), QStringLiteral("Funding is -0.01%.\nBTCUSDT"));
        QCOMPARE(args.at(3).toInt(), static_cast<int>(Priority::Low));
        QCOMPARE(notifier->lastAlertId(), id);
        QTRY_VERIFY_WITH_TIMEOUT(deliveryReport(f, id).complete(), 10000);
        const DeliveryReport r = deliveryReport(f, id);
        QCOMPARE(r.results.first().status, DeliveryStatus::Delivered);
        QVERIFY(r.results.first().error.isEmpty());

        // The same alert again (a resend): one balloon per alert, still delivered.
        Alert again;
        again.id = id;
        QCOMPARE(notifier->show(desktopNotification(again, {})), QString());
        QCOMPARE(shown.count(), 0);
    }

    // A real tray on the X server: the icon docks, the balloon is on the screen.
    void withARealTrayTheBalloonIsOnTheScreen()
    {
        TrayHost tray;
        QString why;
        if (!tray.start(&why))
            QSKIP(qPrintable(why));
        WindowFixture f;
        QVERIFY(f.start());
        QVERIFY(f.window->trayIcon()->isAvailable());
        QTRY_VERIFY_WITH_TIMEOUT(dockedTrayIcon(), 10000);
        QCOMPARE(saveChannel(f, desktopChannel()), QString());

        QString error;
        const QString id = submitAlert(f,
            alertJson(
                QStringLiteral("MEDIUM"), QStringLiteral("SOL volume spike"), QStringLiteral("3x the hourly mean.")),
            &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(balloonTexts().contains(QStringLiteral("🟡 SOL volume spike")), 10000);
        QVERIFY(balloonTexts().join(QLatin1Char('\n')).contains(QStringLiteral("3x the hourly mean.")));
        QTRY_VERIFY_WITH_TIMEOUT(deliveryReport(f, id).complete(), 10000);
        QCOMPARE(deliveryReport(f, id).results.first().status, DeliveryStatus::Delivered);
    }
};

QTEST_MAIN(TestTrayNotifier)
#include "TestTrayNotifier.moc"
