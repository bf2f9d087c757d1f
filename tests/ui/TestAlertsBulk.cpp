// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "UiTestSupport.h"
#include "UiText.h"
#include "alerts/AlertDetailsPane.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "alerts/BulkActionRunner.h"
#include "alerts/SavedFilters.h"
#include "config/Profile.h"

#include "engine/AlertLifecycle.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/LifecycleStore.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUuid>

using namespace alertdesk;
using namespace alertdesk::test;

// The Alerts page's actions over everything a filter matches, as a trader uses them on a long
// history: a search, Ctrl+A, the action with its true count, a confirmation, progress with
// Cancel, batches written whole; Reopen as the undo; End to the oldest match; "and above".
class TestAlertsBulk final : public QObject {
    Q_OBJECT

    static constexpr int kMatching = 4000; // "liquidation" alerts
    static constexpr int kOthers = 1500;

    // A window over a history of kMatching liquidation alerts among kOthers others, all
    // open, stored on the engine's connection in one transaction (oldest first).
    static bool startWithHistory(WindowFixture& f, QStringList* matching, QStringList* others)
    {
        if (!f.start())
            return false;
        bool ok = false;
        QStringList m, o;
        if (!f.onEngine([&](Engine& e) {
                AlertStore store(e.database());
                const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-2);
                ok = e.database().transaction([&] {
                    for (int i = 0; i < kMatching + kOthers; ++i) {
                        Alert a;
                        a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
                        // Three in eleven are not liquidations: the matches are spread over the history.
                        const bool liquidation = (i % 11) < 8 ? m.size() < kMatching : o.size() >= kOthers;
                        a.type = AlertType::Risk;
                        a.priority = static_cast<Priority>(i % 5);
                        a.symbol = i % 2 ? QStringLiteral("BTCUSDT") : QStringLiteral("SOLUSDT");
                        a.title = liquidation ? QStringLiteral("Long liquidation near %1").arg(i)
                                              : QStringLiteral("Funding rate spike %1").arg(i);
                        a.createdAt = a.updatedAt = start.addSecs(i);
                        if (!store.insert(a, nullptr))
                            return false;
                        (liquidation ? m : o) << a.id;
                    }
                    return true;
                });
            }))
            return false;
        *matching = m;
        *others = o;
        AlertsPage* page = f.window->alertsPage();
        page->refresh(); // stored behind the engine's back: no signal tells the window
        return ok && page->model() && page->model()->rowCount() > 0;
    }

    static void search(AlertsPage* page, const QString& text)
    {
        page->searchField()->setFocus();
        QTest::keyClicks(page->searchField(), text);
        QTest::keyClick(page->searchField(), Qt::Key_Return);
        QTRY_COMPARE(page->model()->filter().search, text);
    }

    static void selectAllInTable(AlertsPage* page)
    {
        page->table()->setFocus();
        QTest::keyClick(page->table(), Qt::Key_A, Qt::ControlModifier);
    }

    template <typename T> static T* waitForChild(QObject* parent, const QString& name)
    {
        T* found = nullptr;
        waitUntil([&] {
            found = parent->findChild<T*>(name);
            return found && found->isVisible();
        });
        return found;
    }

    static QAbstractButton* buttonWithText(QWidget* w, const QString& text)
    {
        for (QAbstractButton* b : w->findChildren<QAbstractButton*>()) {
            if (b->text() == text)
                return b;
        }
        return nullptr;
    }

    // How many of ids are in state, and how many events from the window (source ui) they
    // have, read on a connection of the test's own.
    static int countInState(WindowFixture& f, const QStringList& ids, AlertState state)
    {
        AlertStore store(*f.window->historyDatabase());
        return static_cast<int>(
            std::count_if(ids.begin(), ids.end(), [&](const QString& id) { return store.get(id)->state == state; }));
    }
    static int uiEvents(WindowFixture& f, const QStringList& ids, AlertState to)
    {
        LifecycleStore store(*f.window->historyDatabase());
        int n = 0;
        for (const QString& id : ids) {
            for (const AlertEvent& e : store.events(id))
                n += e.source == EventSource::UI && e.to == to ? 1 : 0;
        }
        return n;
    }

    // Clicks the button, then the menu items along path (a submenu's name, then its item): the
    // menu runs its own loop, so the clicks are made from a timer inside it.
    static bool chooseFromMenu(QToolButton* button, const QStringList& path)
    {
        bool done = false;
        QTimer::singleShot(0, button, [&] {
            QMenu* menu = button->menu();
            for (const QString& text : path) {
                if (!waitUntil([&] { return menu->isVisible(); }, 5000))
                    break;
                QAction* action = nullptr;
                for (QAction* a : menu->actions()) {
                    if (a->text() == text)
                        action = a;
                }
                if (!action)
                    break;
                QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
                if (action->menu()) {
                    menu = action->menu();
                    continue;
                }
                done = true;
            }
            if (!done) { // close whatever is open so that the test goes on to fail
                for (QWidget* w = QApplication::activePopupWidget(); w; w = QApplication::activePopupWidget())
                    w->close();
            }
        });
        QTest::mouseClick(button, Qt::LeftButton);
        return waitUntil([&] { return done; }, 5000);
    }

    // With ALERTDESK_SCREENSHOT_DIR set, the window as it is now, to look at.
    static void screenshot(WindowFixture& f, const QString& name)
    {
        const QString dir = qEnvironmentVariable("ALERTDESK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QCoreApplication::processEvents(); // the layout follows the buttons' new texts
        f.window->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

    static QJsonObject savedOnDisk(WindowFixture& f)
    {
        QString error;
        const auto p = Profile::load(f.dir.path(), &error);
        return p ? QJsonDocument::fromJson(p->setting(QStringLiteral("ui.saved_filters")).toString().toUtf8()).object()
                 : QJsonObject();
    }

private Q_SLOTS:
    // Search, Ctrl+A, Acknowledge 4,000…, confirm: every match is acknowledged with its event,
    // in batches, with progress on screen; nothing else is touched.
    void acknowledgeEverythingTheSearchMatches()
    {
        WindowFixture f;
        QStringList matching, others;
        QVERIFY(startWithHistory(f, &matching, &others));
        AlertsPage* page = f.window->alertsPage();
        search(page, QStringLiteral("liquidation"));
        QCOMPARE(page->model()->rowCount(), AlertsModel::kDefaultPageSize); // one page loaded

        selectAllInTable(page);
        QVERIFY(page->allMatchingSelected());
        QCOMPARE(page->acknowledgeButton()->text(), AlertsPage::tr("&Acknowledge %Ln…", nullptr, kMatching));
        screenshot(f, QStringLiteral("alerts-bulk-selected"));
        QVERIFY(page->acknowledgeButton()->text().contains(QLocale().toString(kMatching)));

        QSignalSpy finished(page, &AlertsPage::actionFinished);
        QTest::mouseClick(page->acknowledgeButton(), Qt::LeftButton);
        auto* dialog = waitForChild<QDialog>(page, QStringLiteral("acknowledgeDialog"));
        QVERIFY(dialog);
        QCOMPARE(dialog->windowTitle(), AlertsPage::tr("Acknowledge %Ln alerts", nullptr, kMatching));
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("allMatching")));
        QAbstractButton* ok = buttonWithText(dialog, AlertsPage::tr("&Acknowledge"));
        QVERIFY(ok);
        QTest::mouseClick(ok, Qt::LeftButton);
        // A set this large shows its progress.
        QVERIFY(waitForChild<QProgressDialog>(page, QStringLiteral("bulkProgress")));
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.constFirst().at(0).toStringList().size(), kMatching);
        QCOMPARE(finished.constFirst().at(1).toStringList(), QStringList {});

        QCOMPARE(countInState(f, matching, AlertState::Acknowledged), kMatching);
        QCOMPARE(uiEvents(f, matching, AlertState::Acknowledged), kMatching);
        QCOMPARE(countInState(f, others, AlertState::Open), kOthers);
        QCOMPARE(uiEvents(f, others, AlertState::Acknowledged), 0);
        QVERIFY(!page->allMatchingSelected());
        QTRY_COMPARE(page->unacknowledgedCount(), qint64(kOthers));
    }

    // Cancel stops between two batches: each batch is whole (state and event together).
    void cancelStopsBetweenBatches()
    {
        WindowFixture f;
        QStringList matching, others;
        QVERIFY(startWithHistory(f, &matching, &others));
        AlertsPage* page = f.window->alertsPage();
        search(page, QStringLiteral("liquidation"));
        selectAllInTable(page);
        QCOMPARE(page->resolveButton()->text(), AlertsPage::tr("&Resolve %Ln", nullptr, kMatching));

        QSignalSpy finished(page, &AlertsPage::actionFinished);
        QTest::mouseClick(page->resolveButton(), Qt::LeftButton);
        auto* confirm = waitForChild<QMessageBox>(page, QStringLiteral("bulkConfirm"));
        QVERIFY(confirm);
        QAbstractButton* yes
            = buttonWithText(confirm, BulkActionRunner::tr("&Resolve %1").arg(QLocale().toString(kMatching)));
        QVERIFY(yes);
        QTest::mouseClick(yes, Qt::LeftButton);
        auto* progress = waitForChild<QProgressDialog>(page, QStringLiteral("bulkProgress"));
        QVERIFY(progress);
        QAbstractButton* cancel = buttonWithText(progress, QProgressDialog::tr("Cancel"));
        QVERIFY(cancel);
        if (const QString dir = qEnvironmentVariable("ALERTDESK_SCREENSHOT_DIR"); !dir.isEmpty())
            progress->grab().save(dir + QStringLiteral("/alerts-bulk-progress.png"));
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        const int resolved = countInState(f, matching, AlertState::Resolved);
        QVERIFY2(resolved > 0 && resolved < kMatching && resolved % BulkActionRunner::kBatchSize == 0,
            qPrintable(QString::number(resolved)));
        QCOMPARE(finished.constFirst().at(0).toStringList().size(), resolved);
        QCOMPARE(uiEvents(f, matching, AlertState::Resolved), resolved);
        QCOMPARE(countInState(f, matching, AlertState::Open), kMatching - resolved);
        QCOMPARE(countInState(f, others, AlertState::Open), kOthers);
        QVERIFY(page->messageLabel()->text().contains(AlertsPage::tr(" · cancelled")));
    }

    // Reopen undoes an acknowledge (one row) and a resolve (everything matching), recorded.
    void reopenUndoes()
    {
        WindowFixture f;
        QStringList matching, others;
        QVERIFY(startWithHistory(f, &matching, &others));
        AlertsPage* page = f.window->alertsPage();
        QSignalSpy finished(page, &AlertsPage::actionFinished);

        // One row: acknowledged, then reopened from its button.
        page->table()->selectRow(0);
        const QString id = page->model()->alertId(0);
        QVERIFY(!page->reopenButton()->isEnabled()); // open: nothing to undo
        page->acknowledgeSelected(QString());
        QVERIFY(finished.wait(10000));
        QVERIFY(page->reopenButton()->isEnabled());
        QTest::mouseClick(page->reopenButton(), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.constLast().at(0).toStringList(), QStringList { id });
        QCOMPARE(AlertStore(*f.window->historyDatabase()).get(id)->state, AlertState::Open);
        const QList<AlertEvent> trail = LifecycleStore(*f.window->historyDatabase()).events(id);
        QCOMPARE(trail.size(), 2);
        QCOMPARE(trail.constLast().from, AlertState::Acknowledged);
        QCOMPARE(trail.constLast().to, AlertState::Open);
        QCOMPARE(trail.constLast().source, EventSource::UI);
        QVERIFY(!page->reopenButton()->isEnabled());

        // Everything matching: resolved, then reopened in bulk with Ctrl+Shift+O.
        search(page, QStringLiteral("liquidation"));
        selectAllInTable(page);
        page->resolveSelected();
        QPointer<QMessageBox> confirm = waitForChild<QMessageBox>(page, QStringLiteral("bulkConfirm"));
        QVERIFY(confirm);
        QTest::keyClick(confirm, Qt::Key_Return); // the default button goes ahead
        QVERIFY(finished.wait(120000));
        QTRY_VERIFY(!confirm);
        QCOMPARE(countInState(f, matching, AlertState::Resolved), kMatching);
        selectAllInTable(page);
        QCOMPARE(page->reopenButton()->text(), AlertsPage::tr("Re&open %Ln", nullptr, kMatching));
        f.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        page->table()->setFocus();
        QTest::keyClick(page->table(), Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
        confirm = waitForChild<QMessageBox>(page, QStringLiteral("bulkConfirm"));
        QVERIFY(confirm);
        QTest::keyClick(confirm, Qt::Key_Return);
        QVERIFY2(finished.wait(120000), qPrintable(page->messageLabel()->text()));
        QCOMPARE(countInState(f, matching, AlertState::Open), kMatching);
        QCOMPARE(uiEvents(f, matching, AlertState::Open), kMatching + (matching.contains(id) ? 1 : 0));
        QCOMPARE(countInState(f, others, AlertState::Open), kOthers);
    }

    // End goes to the oldest alert the filter matches, however deep: the pages are read.
    void endGoesToTheOldestMatch()
    {
        WindowFixture f;
        QStringList matching, others;
        QVERIFY(startWithHistory(f, &matching, &others));
        AlertsPage* page = f.window->alertsPage();
        // No filter: Ctrl+A counts the whole history (from the counts its triggers keep).
        selectAllInTable(page);
        QCOMPARE(page->resolveButton()->text(), AlertsPage::tr("&Resolve %Ln", nullptr, kMatching + kOthers));
        page->table()->setFocus();
        QTest::keyClick(page->table(), Qt::Key_End);
        QVERIFY(!page->allMatchingSelected()); // a new current row: the selection is that row
        QCOMPARE(page->model()->rowCount(), kMatching + kOthers);
        QCOMPARE(page->table()->currentIndex().row(), kMatching + kOthers - 1);
        QCOMPARE(page->details()->alertId(), page->model()->alertId(kMatching + kOthers - 1));

        search(page, QStringLiteral("liquidation"));
        page->table()->setFocus();
        QTest::keyClick(page->table(), Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(page->model()->rowCount(), kMatching);
        QCOMPARE(page->details()->alertId(), matching.constFirst()); // stored first
    }

    // The search covers the symbol: "sol" finds the SOLUSDT alerts, "btc liquidation" the
    // liquidations on BTCUSDT (one word in the symbol, one in the title); Ctrl+A counts them.
    void searchCoversTheSymbol()
    {
        WindowFixture f;
        QStringList matching, others;
        QVERIFY(startWithHistory(f, &matching, &others));
        AlertsPage* page = f.window->alertsPage();
        search(page, QStringLiteral("sol"));
        QVERIFY(page->model()->rowCount() > 0);
        for (int r = 0; r < page->model()->rowCount(); ++r)
            QCOMPARE(page->model()->index(r, AlertsModel::SymbolColumn).data().toString(), QStringLiteral("SOLUSDT"));
        selectAllInTable(page);
        QCOMPARE(page->resolveButton()->text(), AlertsPage::tr("&Resolve %Ln", nullptr, (kMatching + kOthers) / 2));

        page->searchField()->clear();
        search(page, QStringLiteral("btc liquidation"));
        page->table()->setFocus();
        QTest::keyClick(page->table(), Qt::Key_End);
        QCOMPARE(page->model()->rowCount(), kMatching / 2);
        for (int r = 0; r < page->model()->rowCount(); ++r) {
            QCOMPARE(page->model()->index(r, AlertsModel::SymbolColumn).data().toString(), QStringLiteral("BTCUSDT"));
            QVERIFY(page->model()
                        ->index(r, AlertsModel::TitleColumn)
                        .data()
                        .toString()
                        .contains(QStringLiteral("liquidation")));
        }
    }

    // A filter saved under a name is in the profile on disk, comes back from the menu after
    // Clear, and goes with Delete; one saved elsewhere (alertdesk-cli) joins the menu.
    void savedFilters()
    {
        WindowFixture f;
        QStringList matching, others;
        QVERIFY(startWithHistory(f, &matching, &others));
        AlertsPage* page = f.window->alertsPage();
        SavedFilters* saved = page->savedFilters();
        search(page, QStringLiteral("liquidation"));
        page->priorityFilter()->setFocus();
        QTest::keyClick(page->priorityFilter(), Qt::Key_End); // LOW and above
        QTRY_VERIFY(page->model()->filter().priorityAtLeast);
        const AlertFilter wanted = page->model()->filter();

        QVERIFY(chooseFromMenu(saved, { SavedFilters::tr("&Save the current filter…") }));
        QDialog* dialog = nullptr;
        QVERIFY(waitUntil([&] {
            dialog = saved->findChild<QDialog*>(QStringLiteral("saveFilterDialog"));
            return dialog && dialog->isVisible();
        }));
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("name")), QStringLiteral("Liquidations"));
        QTest::keyClick(dialog->findChild<QLineEdit*>(QStringLiteral("name")), Qt::Key_Return);
        QTRY_VERIFY(savedOnDisk(f).contains(QStringLiteral("Liquidations")));
        QCOMPARE(SavedFilters::fromJson(savedOnDisk(f).value(QStringLiteral("Liquidations")).toObject()), wanted);

        QAbstractButton* clear = buttonWithText(page, AlertsPage::tr("C&lear"));
        QVERIFY(clear);
        QTest::mouseClick(clear, Qt::LeftButton);
        QVERIFY(page->model()->filter().isEmpty());
        QVERIFY(chooseFromMenu(saved, { QStringLiteral("Liquidations") }));
        QTRY_COMPARE(page->model()->filter(), wanted);
        QCOMPARE(page->searchField()->text(), QStringLiteral("liquidation"));

        // Saved by another process: the window follows the profile on disk.
        {
            QString error;
            auto p = Profile::load(f.dir.path(), &error);
            QVERIFY(p);
            QJsonObject filters = savedOnDisk(f);
            filters.insert(QStringLiteral("Open SOL"),
                QJsonObject { { QStringLiteral("state"), QStringLiteral("open") },
                    { QStringLiteral("symbol"), QStringLiteral("SOLUSDT") } });
            QVERIFY(p->setSetting(QStringLiteral("ui.saved_filters"),
                QString::fromUtf8(QJsonDocument(filters).toJson(QJsonDocument::Compact)), &error));
            QVERIFY(p->save(&error));
        }
        QTRY_VERIFY_WITH_TIMEOUT(saved->names().contains(QStringLiteral("Open SOL")), 10000);
        screenshot(f, QStringLiteral("alerts-saved-filter"));
        QVERIFY(chooseFromMenu(saved, { QStringLiteral("Open SOL") }));
        QTRY_COMPARE(page->model()->filter().symbol, QStringLiteral("SOLUSDT"));
        QCOMPARE(page->model()->filter().state, AlertState::Open);

        QVERIFY(chooseFromMenu(saved, { SavedFilters::tr("&Delete"), QStringLiteral("Liquidations") }));
        QTRY_VERIFY(!savedOnDisk(f).contains(QStringLiteral("Liquidations")));
        QVERIFY(savedOnDisk(f).contains(QStringLiteral("Open SOL")));
        QCOMPARE(saved->names(), QStringList { QStringLiteral("Open SOL") });
    }

    // The priority filter's "HIGH and above" shows CRITICAL and HIGH alerts only.
    void priorityAndAbove()
    {
        WindowFixture f;
        QStringList matching, others;
        QVERIFY(startWithHistory(f, &matching, &others));
        AlertsPage* page = f.window->alertsPage();
        QComboBox* combo = page->priorityFilter();
        const int item = combo->findText(AlertsPage::tr("%1 and above").arg(UiText::priority(Priority::High)));
        QVERIFY(item > 0);
        // From the keyboard: the "and above" items are last, HIGH's two above LOW's.
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_End);
        QTest::keyClick(combo, Qt::Key_Up);
        QTest::keyClick(combo, Qt::Key_Up);
        QCOMPARE(combo->currentIndex(), item);
        QTRY_VERIFY(page->model()->filter().priorityAtLeast);
        QCOMPARE(page->model()->filter().priority, Priority::High);
        QVERIFY(page->model()->rowCount() > 0);
        for (int r = 0; r < page->model()->rowCount(); ++r) {
            const auto p = static_cast<Priority>(page->model()->index(r, 0).data(AlertsModel::PriorityRole).toInt());
            QVERIFY(p == Priority::Critical || p == Priority::High);
        }
        // Two of every five alerts are CRITICAL or HIGH.
        page->table()->setFocus();
        QTest::keyClick(page->table(), Qt::Key_End);
        QCOMPARE(page->model()->rowCount(), (kMatching + kOthers) * 2 / 5);
    }
};

QTEST_MAIN(TestAlertsBulk)
#include "TestAlertsBulk.moc"
