// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "WidgetChecks.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "channels/ChannelsModel.h"
#include "channels/ChannelsPage.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLineEdit>
#include <QScreen>
#include <QTableView>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The window's geometry at any scale factor (ctest runs this at 1× and at QT_SCALE_FACTOR=2 on
// Xvfb's 1920×1080 screen): it opens on the screen, fits 1280×720 logical pixels, and at that
// size no widget overlaps another or is clipped.
class TestWindowGeometry final : public QObject {
    Q_OBJECT

    static bool withAnAlert(WindowFixture& f, ScriptedHttpServer& server)
    {
        if (!server.listen() || !f.start())
            return false;
        if (!saveChannel(f, { QStringLiteral("hook"), QStringLiteral("webhook"), true, {}, {} },
                { { QStringLiteral("url"), server.url() } })
                 .isEmpty())
            return false;
        QString error;
        const QJsonObject alert { { QStringLiteral("type"), QStringLiteral("PRICE") },
            { QStringLiteral("priority"), QStringLiteral("CRITICAL") },
            { QStringLiteral("title"), QStringLiteral("BTCUSDT crossed 70,000") },
            { QStringLiteral("message"), QStringLiteral("Price 70,123.5 above the 70,000 threshold") },
            { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") },
            { QStringLiteral("data"), QJsonObject { { QStringLiteral("price"), 70123.5 } } } };
        if (submitAlert(f, alert, &error).isEmpty())
            return false;
        AlertsPage* alerts = f.window->alertsPage();
        if (!waitUntil([alerts] { return alerts->model() && alerts->model()->rowCount() == 1; }, 10000))
            return false;
        alerts->table()->selectRow(0);
        return waitUntil([&f] { return f.window->channelsPage()->model()->rowCount() == 1; }, 10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("screen %s logical at a device pixel ratio of %g",
            qPrintable(QStringLiteral("%1x%2")
                           .arg(QGuiApplication::primaryScreen()->availableGeometry().width())
                           .arg(QGuiApplication::primaryScreen()->availableGeometry().height())),
            QGuiApplication::primaryScreen()->devicePixelRatio());
    }

    void opensWithinTheScreen_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("default 1280x800") << QSize(1280, 800);
        QTest::newRow("larger than any screen") << QSize(4000, 3000);
    }

    void opensWithinTheScreen()
    {
        QFETCH(QSize, size);
        WindowFixture f;
        f.window->resize(size);
        QVERIFY(f.start());
        QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
        const QRect available = f.window->screen()->availableGeometry();
        QVERIFY2(available.contains(f.window->frameGeometry()),
            qPrintable(QStringLiteral("the window %1x%2 at %3,%4 on a screen of %5x%6")
                           .arg(f.window->frameGeometry().width())
                           .arg(f.window->frameGeometry().height())
                           .arg(f.window->x())
                           .arg(f.window->y())
                           .arg(available.width())
                           .arg(available.height())));
        QVERIFY(f.window->minimumWidth() <= available.width());
        QVERIFY(f.window->minimumHeight() <= available.height());
        // And the Alerts page laid out whole at that size (at 2×: 960×540).
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        const QStringList problems = layoutProblems(f.window.get());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // The check itself sees an overlap and a layout squeezed below its minimum.
    void theCheckSeesOverlapsAndClipping()
    {
        QWidget host;
        auto* row = new QHBoxLayout(&host);
        auto* a = new QLineEdit(&host);
        auto* b = new QLineEdit(&host);
        a->setMinimumWidth(300);
        b->setMinimumWidth(300);
        row->addWidget(a);
        row->addWidget(b);
        host.show();
        QVERIFY(QTest::qWaitForWindowExposed(&host));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCOMPARE(layoutProblems(&host), QStringList());
        b->move(a->x() + 10, a->y()); // the search box slid under the filter
        QVERIFY(layoutProblems(&host).join(QLatin1Char('\n')).contains(QStringLiteral("overlaps")));
        host.setMinimumSize(0, 0);
        row->setSizeConstraint(QLayout::SetNoConstraint);
        host.resize(200, host.height());
        QTRY_COMPARE(host.width(), 200);
        QVERIFY(layoutProblems(&host).join(QLatin1Char('\n')).contains(QStringLiteral("clipped")));
    }

    void fitsA1280x720Screen()
    {
        WindowFixture f;
        ScriptedHttpServer server;
        QVERIFY(withAnAlert(f, server));
        for (int p = 0; p < MainWindow::PageCount; ++p) {
            f.window->showPage(static_cast<MainWindow::Page>(p));
            const QSize hint = f.window->minimumSizeHint();
            QVERIFY2(hint.width() <= 1280 && hint.height() <= 720,
                qPrintable(QStringLiteral("page %1 needs %2x%3").arg(p).arg(hint.width()).arg(hint.height())));
            QVERIFY(f.window->minimumWidth() <= 1280 && f.window->minimumHeight() <= 720);
        }
    }

    void nothingOverlapsAt1280x720_data()
    {
        QTest::addColumn<int>("page");
        QTest::newRow("Alerts") << int(MainWindow::AlertsPageIndex);
        QTest::newRow("Channels") << int(MainWindow::ChannelsPageIndex);
        QTest::newRow("Rules") << int(MainWindow::ThresholdsPageIndex);
        QTest::newRow("Compose") << int(MainWindow::ComposePageIndex);
        QTest::newRow("Settings") << int(MainWindow::SettingsPageIndex);
        QTest::newRow("Dashboard") << int(MainWindow::DashboardPageIndex);
    }

    void nothingOverlapsAt1280x720()
    {
        QFETCH(int, page);
        WindowFixture f;
        ScriptedHttpServer server;
        QVERIFY(withAnAlert(f, server));
        f.window->showPage(static_cast<MainWindow::Page>(page));
        f.window->resize(1280, 720);
        QTRY_COMPARE(f.window->size(), QSize(1280, 720));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest); // laid out for this size
        const QStringList problems = layoutProblems(f.window.get());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestWindowGeometry)
#include "TestWindowGeometry.moc"
