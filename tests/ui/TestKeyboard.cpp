// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "WidgetChecks.h"
#include "alerts/AlertDetailsPane.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "channels/ChannelsModel.h"
#include "channels/ChannelsPage.h"
#include "compose/ComposePage.h"
#include "dashboard/DashboardPage.h"
#include "rules/ThresholdsPage.h"
#include "settings/SettingsPage.h"

#include <QApplication>
#include <QDialog>
#include <QElapsedTimer>
#include <QItemSelectionModel>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace alertdesk;
using namespace alertdesk::test;

// The window from the keyboard alone: Tab goes round every page, the actions' shortcuts act
// wherever the focus is, Ctrl+Enter confirms a note, Escape empties the search.
class TestKeyboard final : public QObject {
    Q_OBJECT

    // A window with a webhook channel and one alert, active, on the Alerts page.
    struct Desk {
        ScriptedHttpServer server;
        WindowFixture f;
        bool ready = false;
        Desk()
        {
            if (!server.listen() || !f.start())
                return;
            if (!saveChannel(f, { QStringLiteral("hook"), QStringLiteral("webhook"), true, {}, {} },
                    { { QStringLiteral("url"), server.url() } })
                     .isEmpty())
                return;
            QString error;
            const QJsonObject alert { { QStringLiteral("type"), QStringLiteral("PRICE") },
                { QStringLiteral("priority"), QStringLiteral("HIGH") },
                { QStringLiteral("title"), QStringLiteral("Keys") },
                { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") } };
            if (submitAlert(f, alert, &error).isEmpty())
                return;
            AlertsPage* alerts = f.window->alertsPage();
            if (!waitUntil([alerts] { return alerts->model() && alerts->model()->rowCount() == 1; }, 10000))
                return;
            alerts->table()->selectRow(0);
            f.window->activateWindow();
            ready = QTest::qWaitForWindowActive(f.window.get());
        }
        // The alert selected, its actions ready (a refresh after the delivery may clear the selection).
        bool select() const
        {
            AlertsPage* alerts = f.window->alertsPage();
            return waitUntil(
                [alerts] {
                    if (!alerts->resolveAction()->isEnabled())
                        alerts->table()->selectionModel()->setCurrentIndex(alerts->model()->index(0, 0),
                            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                    return alerts->resolveAction()->isEnabled();
                },
                10000);
        }
        QListWidget* sidebar() const { return f.window->findChild<QListWidget*>(QStringLiteral("navigation")); }
        std::optional<AlertState> state() const { return f.window->alertsPage()->model()->state(0); }
    };

    static QWidget* page(MainWindow* w, MainWindow::Page p)
    {
        switch (p) {
        case MainWindow::AlertsPageIndex:
            return w->alertsPage();
        case MainWindow::ChannelsPageIndex:
            return w->channelsPage();
        case MainWindow::ThresholdsPageIndex:
            return w->thresholdsPage();
        case MainWindow::ComposePageIndex:
            return w->composePage();
        case MainWindow::SettingsPageIndex:
            return w->settingsPage();
        default:
            return w->dashboardPage();
        }
    }

private Q_SLOTS:
    void tabGoesRoundEveryPage_data()
    {
        QTest::addColumn<int>("page");
        QTest::addColumn<bool>("forward");
        const struct {
            const char* name;
            MainWindow::Page page;
        } pages[] = { { "Alerts", MainWindow::AlertsPageIndex }, { "Channels", MainWindow::ChannelsPageIndex },
            { "Compose", MainWindow::ComposePageIndex }, { "Rules", MainWindow::ThresholdsPageIndex },
            { "Settings", MainWindow::SettingsPageIndex }, { "Dashboard", MainWindow::DashboardPageIndex } };
        for (const auto& p : pages) {
            QTest::addRow("%s, Tab", p.name) << int(p.page) << true;
            QTest::addRow("%s, Shift+Tab", p.name) << int(p.page) << false;
        }
    }

    void tabGoesRoundEveryPage()
    {
        QFETCH(int, page);
        QFETCH(bool, forward);
        Desk d;
        QVERIFY(d.ready);
        const auto p = static_cast<MainWindow::Page>(page);
        d.f.window->showPage(p);
        QWidget* shown = this->page(d.f.window.get(), p);
        QTRY_VERIFY(shown->isAncestorOf(QApplication::focusWidget()) || QApplication::focusWidget() == shown);

        const FocusWalk walk = walkFocus(forward, 300);
        QVERIFY2(walk.problems.isEmpty(), qPrintable(walk.problems.join(QLatin1Char('\n'))));
        QVERIFY(walk.cycled);
        // Every field and button of the page, and the sidebar, on the way round.
        QList<QWidget*> stops = tabStops(shown);
        stops.append(d.sidebar());
        QStringList missed;
        for (QWidget* w : std::as_const(stops)) {
            if (!walk.visited.contains(w))
                missed.append(describeWidget(w));
        }
        QVERIFY2(missed.isEmpty(), qPrintable(QStringLiteral("not reached: ") + missed.join(QStringLiteral("; "))));
    }

    void alertActionsFromTheSidebar()
    {
        Desk d;
        QVERIFY(d.ready);
        AlertsPage* alerts = d.f.window->alertsPage();
        QVERIFY(d.select());
        d.sidebar()->setFocus(Qt::TabFocusReason);
        QCOMPARE(QApplication::focusWidget(), d.sidebar());

        // Ctrl+Shift+S opens the snooze choices (a menu running its own loop: closed from a timer).
        bool menuShown = false;
        QTimer poll;
        poll.setInterval(10);
        QElapsedTimer since;
        since.start();
        connect(&poll, &QTimer::timeout, this, [&] {
            if (alerts->snoozeMenu()->isVisible()) {
                menuShown = true;
                alerts->snoozeMenu()->close();
            }
            if (menuShown || since.elapsed() > 5000)
                poll.stop();
        });
        poll.start();
        QTest::keyClick(d.sidebar(), Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(menuShown);
        d.f.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(d.f.window.get()));
        d.sidebar()->setFocus(Qt::TabFocusReason);

        // Ctrl+Shift+A asks for a note; Ctrl+Enter in the note acknowledges.
        QTest::keyClick(d.sidebar(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
        QPointer<QDialog> dialog;
        QTRY_VERIFY(dialog = alerts->findChild<QDialog*>(QStringLiteral("acknowledgeDialog")));
        auto* note = dialog->findChild<QPlainTextEdit*>(QStringLiteral("note"));
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        QTRY_COMPARE(QApplication::focusWidget(), note);
        QTest::keyClicks(note, QStringLiteral("on it"));
        QTest::keyClick(note, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(dialog.isNull());
        QTRY_COMPARE_WITH_TIMEOUT(d.state(), std::optional(AlertState::Acknowledged), 10000);

        // Ctrl+Shift+R resolves, the focus still on the sidebar.
        d.f.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(d.f.window.get()));
        d.sidebar()->setFocus(Qt::TabFocusReason);
        QVERIFY(d.select());
        QTest::keyClick(d.sidebar(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(d.state(), std::optional(AlertState::Resolved), 10000);
        QCOMPARE(QApplication::focusWidget(), d.sidebar());
    }

    void ctrlEnterConfirmsTheNote_data()
    {
        QTest::addColumn<int>("key");
        QTest::newRow("Ctrl+Return") << int(Qt::Key_Return);
        QTest::newRow("Ctrl+Enter (keypad)") << int(Qt::Key_Enter);
    }

    void ctrlEnterConfirmsTheNote()
    {
        QFETCH(int, key);
        Desk d;
        QVERIFY(d.ready);
        AlertsPage* alerts = d.f.window->alertsPage();
        QVERIFY(d.select());
        alerts->table()->setFocus();
        QTest::keyClick(alerts->table(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
        QPointer<QDialog> dialog;
        QTRY_VERIFY(dialog = alerts->findChild<QDialog*>(QStringLiteral("acknowledgeDialog")));
        auto* note = dialog->findChild<QPlainTextEdit*>(QStringLiteral("note"));
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        QTRY_COMPARE(QApplication::focusWidget(), note);
        QTest::keyClicks(note, QStringLiteral("first line"));
        QTest::keyClick(note, Qt::Key_Return); // Enter alone: a new line of the note
        QVERIFY(!dialog.isNull());
        QTest::keyClicks(note, QStringLiteral("second"));
        QCOMPARE(note->toPlainText(), QStringLiteral("first line\nsecond"));
        QTest::keyClick(note, static_cast<Qt::Key>(key), Qt::ControlModifier);
        QTRY_VERIFY(dialog.isNull());
        QTRY_COMPARE_WITH_TIMEOUT(d.state(), std::optional(AlertState::Acknowledged), 10000);
    }

    void testSendFromTheSidebar()
    {
        Desk d;
        QVERIFY(d.ready);
        d.f.window->showPage(MainWindow::ChannelsPageIndex);
        QTRY_COMPARE(d.f.window->channelsPage()->model()->rowCount(), 1);
        d.f.window->channelsPage()->table()->selectRow(0);
        d.sidebar()->setFocus(Qt::TabFocusReason);
        QTest::keyClick(d.sidebar(), Qt::Key_T, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(
            d.f.window->channelsPage()->testResultLabel()->text().startsWith(QStringLiteral("✔ Delivered")), 10000);
        QCOMPARE(d.f.window->currentPage(), MainWindow::ChannelsPageIndex);
        // Pages from the sidebar with Ctrl+1..6, and the focus goes into the page.
        for (int i = 0; i < MainWindow::PageCount; ++i) {
            d.sidebar()->setFocus(Qt::TabFocusReason);
            QTest::keyClick(d.sidebar(), static_cast<Qt::Key>(Qt::Key_1 + i), Qt::ControlModifier);
            QCOMPARE(int(d.f.window->currentPage()), i);
        }
        // A hidden page's shortcut does nothing: Ctrl+Shift+R on the Dashboard leaves the alert open.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
        QTest::qWait(0);
        QCOMPARE(d.state(), std::optional(AlertState::Open));
    }

    void escapeEmptiesTheSearch()
    {
        Desk d;
        QVERIFY(d.ready);
        AlertsPage* alerts = d.f.window->alertsPage();
        QTest::keyClick(alerts->table(), Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), alerts->searchField());
        QTest::keyClicks(alerts->searchField(), QStringLiteral("nothing like it"));
        QTRY_COMPARE(alerts->model()->rowCount(), 0);
        QTest::keyClick(alerts->searchField(), Qt::Key_Escape);
        QCOMPARE(alerts->searchField()->text(), QString());
        QCOMPARE(QApplication::focusWidget(), alerts->searchField());
        QTRY_COMPARE(alerts->model()->rowCount(), 1);
        // A second Escape goes to the results.
        QTest::keyClick(alerts->searchField(), Qt::Key_Escape);
        QCOMPARE(QApplication::focusWidget(), alerts->table());
    }
};

QTEST_MAIN(TestKeyboard)
#include "TestKeyboard.moc"
