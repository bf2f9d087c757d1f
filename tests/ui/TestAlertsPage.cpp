// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "UiText.h"
#include "alerts/AlertClipboard.h"
#include "alerts/AlertDetailsPane.h"
#include "alerts/AlertsExport.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"

#include "config/ChannelArgs.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/LifecycleStore.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>

using namespace alertdesk;
using namespace alertdesk::test;

// The Alerts page driven as a trader would: the filter bar and the search narrow the table;
// acknowledge (with a note), snooze and resolve go through the engine thread and show in the
// table, the details and the history database.
class TestAlertsPage final : public QObject {
    Q_OBJECT

    struct Sample {
        const char* type;
        const char* priority;
        const char* title;
        const char* message;
        const char* symbol;
    };
    static constexpr Sample kSamples[] = {
        { "PRICE", "HIGH", "BTC above 70,000", "BTCUSDT crossed 70,000 on the way up.", "BTCUSDT" },
        { "PRICE", "MEDIUM", "ETH below 3,000", "ETHUSDT crossed 3,000 down.", "ETHUSDT" },
        { "RISK", "CRITICAL", "Drawdown limit breached", "Daily drawdown is 6.2% on the ETH book.", "ETHUSDT" },
        { "HEALTH", "LOW", "Exchange websocket reconnected", "Binance stream back after 3 s.", "" },
        { "MILESTONE", "INFO", "100 trades filled today", "", "" },
    };

    // A window with the samples in its history, oldest first (so the table shows them newest first).
    static bool startWithSamples(WindowFixture& f, QStringList* ids)
    {
        if (!f.start())
            return false;
        // Alerts need a channel to go to: the desktop, which needs no account.
        const QString saved = saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} });
        if (!saved.isEmpty()) {
            qWarning() << saved;
            return false;
        }
        for (const Sample& s : kSamples) {
            QJsonObject o { { QStringLiteral("type"), QLatin1String(s.type) },
                { QStringLiteral("priority"), QLatin1String(s.priority) },
                { QStringLiteral("title"), QString::fromUtf8(s.title) },
                { QStringLiteral("message"), QString::fromUtf8(s.message) },
                { QStringLiteral("data"), QJsonObject { { QStringLiteral("source"), QStringLiteral("test") } } } };
            if (*s.symbol)
                o.insert(QStringLiteral("symbol"), QLatin1String(s.symbol));
            QString error;
            const QString id = submitAlert(f, o, &error);
            if (id.isEmpty()) {
                qWarning() << error;
                return false;
            }
            ids->prepend(id);
        }
        AlertsPage* page = f.window->alertsPage();
        return waitUntil(
            [page] { return page->model() && page->model()->rowCount() == int(std::size(kSamples)); }, 10000);
    }

    static QStringList titles(AlertsPage* page)
    {
        QStringList out;
        for (int r = 0; r < page->model()->rowCount(); ++r)
            out << page->model()->data(page->model()->index(r, AlertsModel::TitleColumn)).toString();
        return out;
    }

    static QString stateCell(AlertsPage* page, const QString& id)
    {
        const int row = page->model()->rowOf(id);
        return row < 0 ? QString()
                       : page->model()->data(page->model()->index(row, AlertsModel::StateColumn)).toString();
    }

    static void clickRow(AlertsPage* page, int row, Qt::KeyboardModifiers mods = Qt::NoModifier)
    {
        QTableView* t = page->table();
        const QRect rect = t->visualRect(page->model()->index(row, AlertsModel::TitleColumn));
        QTest::mouseClick(t->viewport(), Qt::LeftButton, mods, rect.center());
    }

    // What the history database says, through a connection of the test's own.
    static std::optional<Alert> stored(WindowFixture& f, const QString& id)
    {
        return AlertStore(*f.window->historyDatabase()).get(id);
    }
    static QList<AlertEvent> trail(WindowFixture& f, const QString& id)
    {
        return LifecycleStore(*f.window->historyDatabase()).events(id);
    }

    static QDialog* openDialog(AlertsPage* page, const QString& name)
    {
        QDialog* d = nullptr;
        waitUntil([&] {
            d = page->findChild<QDialog*>(name);
            return d && d->isVisible();
        });
        return d;
    }

private Q_SLOTS:
    void filtersAndSearchNarrowTheTable_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<int>("priority"); // index in the priority combo, 0 any
        QTest::addColumn<int>("type"); // index in the type combo, 0 any
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("a word of a title")
            << "websocket" << 0 << 0 << "" << QStringList { QStringLiteral("Exchange websocket reconnected") };
        QTest::newRow("the start of a word")
            << "draw" << 0 << 0 << "" << QStringList { QStringLiteral("Drawdown limit breached") };
        QTest::newRow("a word of a message")
            << "binance" << 0 << 0 << "" << QStringList { QStringLiteral("Exchange websocket reconnected") };
        QTest::newRow("two words, any case")
            << "CROSSED down" << 0 << 0 << "" << QStringList { QStringLiteral("ETH below 3,000") };
        QTest::newRow("no such word") << "solana" << 0 << 0 << "" << QStringList {};
        QTest::newRow("priority") << "" << 1 << 0 << "" << QStringList { QStringLiteral("Drawdown limit breached") };
        QTest::newRow("symbol") << "" << 0 << 0 << "ETHUSDT"
                                << QStringList { QStringLiteral("Drawdown limit breached"),
                                       QStringLiteral("ETH below 3,000") };
        QTest::newRow("type and symbol") << "" << 0 << 1 << "ETHUSDT"
                                         << QStringList { QStringLiteral("ETH below 3,000") };
        QTest::newRow("search and symbol")
            << "eth" << 0 << 0 << "ETHUSDT"
            << QStringList { QStringLiteral("Drawdown limit breached"), QStringLiteral("ETH below 3,000") };
        QTest::newRow("search and priority")
            << "eth" << 1 << 0 << "" << QStringList { QStringLiteral("Drawdown limit breached") };
    }
    void filtersAndSearchNarrowTheTable()
    {
        QFETCH(QString, search);
        QFETCH(int, priority);
        QFETCH(int, type);
        QFETCH(QString, symbol);
        QFETCH(QStringList, expected);
        WindowFixture f;
        QStringList ids;
        QVERIFY(startWithSamples(f, &ids));
        AlertsPage* page = f.window->alertsPage();

        // Typed, as a user would: the table follows once the typing pauses.
        if (!search.isEmpty()) {
            page->searchField()->setFocus();
            QTest::keyClicks(page->searchField(), search);
        }
        if (!symbol.isEmpty())
            QTest::keyClicks(page->symbolFilter()->lineEdit(), symbol);
        // The combos through the keyboard: Down moves to the next item.
        for (auto [combo, index] :
            { std::pair { page->priorityFilter(), priority }, std::pair { page->typeFilter(), type } }) {
            combo->setFocus();
            for (int i = 0; i < index; ++i)
                QTest::keyClick(combo, Qt::Key_Down);
            QCOMPARE(combo->currentIndex(), index);
        }
        QTRY_COMPARE(titles(page), expected);
        // Nothing matches: the table stays (with its filters) and says so.
        QTRY_COMPARE(page->showsWelcome(), false);

        // Clear shows every alert again.
        const auto buttons = page->findChildren<QPushButton*>();
        QPushButton* clear = nullptr;
        for (QPushButton* b : buttons) {
            if (b->text() == AlertsPage::tr("C&lear"))
                clear = b;
        }
        QVERIFY(clear);
        QVERIFY(clear->isEnabled());
        QTest::mouseClick(clear, Qt::LeftButton);
        QTRY_COMPARE(page->model()->rowCount(), static_cast<int>(std::size(kSamples)));
        QCOMPARE(page->searchField()->text(), QString());
    }

    void timeRangeAndState()
    {
        WindowFixture f;
        QStringList ids;
        QVERIFY(startWithSamples(f, &ids));
        AlertsPage* page = f.window->alertsPage();

        page->timeFilter()->setCurrentIndex(AlertsPage::LastHour);
        Q_EMIT page->timeFilter()->activated(AlertsPage::LastHour);
        QCOMPARE(page->model()->rowCount(), static_cast<int>(std::size(kSamples)));
        // A range that ended yesterday: nothing, and the page says so.
        const QDateTime now = QDateTime::currentDateTime();
        page->setCustomRange(now.addDays(-3), now.addDays(-1));
        QCOMPARE(page->model()->rowCount(), 0);
        bool saysNoMatch = false;
        for (QLabel* l : page->findChildren<QLabel*>())
            saysNoMatch
                = saysNoMatch || (l->isVisible() && l->text() == AlertsPage::tr("No alert matches these filters."));
        QVERIFY(saysNoMatch);
        page->setCustomRange(now.addSecs(-600), now.addSecs(600));
        QCOMPARE(page->model()->rowCount(), static_cast<int>(std::size(kSamples)));

        // The unacknowledged count is a button that filters to them.
        QTRY_COMPARE(page->unacknowledgedCount(), qint64(std::size(kSamples)));
        QVERIFY(page->unacknowledgedButton()->text().startsWith(QStringLiteral("5")));
        page->clearFilters();
        page->stateFilter()->setCurrentIndex(page->stateFilter()->findData(static_cast<int>(AlertState::Resolved)));
        QCOMPARE(page->model()->rowCount(), 0);
        QTest::mouseClick(page->unacknowledgedButton(), Qt::LeftButton);
        QCOMPARE(page->stateFilter()->currentData().toInt(), static_cast<int>(AlertState::Open));
        QCOMPARE(page->model()->rowCount(), static_cast<int>(std::size(kSamples)));
    }

    // The deliveries' Outcome column shows an attempt's outcome whole at the window's default
    // size, though its error (the row below) is long: "failed, will retry · HTTP 503".
    void outcomeShowsWhole()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::json(
            503, R"({"error":"upstream unavailable","detail":"the relay is being redeployed, try again later"})"));
        WindowFixture f; // 1280x800, the size the window opens at
        QVERIFY(f.start());
        // Retries far apart: the first attempt stays the one that will be retried.
        QString error = QStringLiteral("pending");
        f.host->applySettings({ { QStringLiteral("delivery.max_retries"), QStringLiteral("3") },
                                  { QStringLiteral("delivery.retry_delay_ms"), QStringLiteral("600000") } },
            f.window.get(), [&error](const QString& e) { error = e; });
        QTRY_VERIFY(error != QStringLiteral("pending"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        ChannelConfig c { QStringLiteral("ops-relay"), QStringLiteral("webhook"), true, {}, {} };
        SecretMap secrets;
        QCOMPARE(buildChannelFromOptions(c.kind, { { QStringLiteral("url"), { server.url(QStringLiteral("/hook")) } } },
                     &c.settings, &secrets),
            QString());
        QCOMPARE(saveChannel(f, c, secrets), QString());
        QVERIFY(!submitAlert(f,
            { { QStringLiteral("type"), QStringLiteral("RISK") },
                { QStringLiteral("priority"), QStringLiteral("HIGH") },
                { QStringLiteral("title"), QStringLiteral("Drawdown limit breached") } },
            &error)
                     .isEmpty());
        QVERIFY(server.waitForRequests(1, 10000));

        AlertsPage* page = f.window->alertsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        clickRow(page, 0);
        QTreeWidget* tree = page->details()->deliveriesTree();
        QTreeWidgetItem* attempt = nullptr;
        QTRY_VERIFY((attempt = tree->topLevelItemCount() > 0 && tree->topLevelItem(0)->childCount() > 0
                ? tree->topLevelItem(0)->child(0)
                : nullptr));
        const QString outcome = attempt->text(2);
        QVERIFY2(
            outcome.startsWith(UiText::outcome(QStringLiteral("retry"))) && outcome.endsWith(QLatin1String("HTTP 503")),
            qPrintable(outcome));
        QCOMPARE(attempt->toolTip(2), outcome);
        // Whole: the column holds the text with the style's margins, inside the visible width.
        const int margin = tree->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, tree) + 1;
        const int needed = tree->fontMetrics().horizontalAdvance(outcome) + 2 * margin;
        QHeaderView* header = tree->header();
        QVERIFY2(header->sectionSize(2) >= needed,
            qPrintable(QStringLiteral("%1 px for %2 px").arg(header->sectionSize(2)).arg(needed)));
        QVERIFY(header->sectionViewportPosition(2) >= 0);
        QVERIFY(header->sectionViewportPosition(2) + header->sectionSize(2) <= tree->viewport()->width());
    }

    void acknowledgeWithNote()
    {
        WindowFixture f;
        QStringList ids;
        QVERIFY(startWithSamples(f, &ids));
        AlertsPage* page = f.window->alertsPage();
        const QString id = ids.at(2); // the drawdown
        clickRow(page, page->model()->rowOf(id));
        QCOMPARE(page->details()->alertId(), id);
        QVERIFY(page->acknowledgeButton()->isEnabled());

        QSignalSpy finished(page, &AlertsPage::actionFinished);
        QTest::mouseClick(page->acknowledgeButton(), Qt::LeftButton);
        QDialog* dialog = openDialog(page, QStringLiteral("acknowledgeDialog"));
        QVERIFY(dialog);
        auto* note = dialog->findChild<QPlainTextEdit*>(QStringLiteral("note"));
        QVERIFY(note);
        QTest::keyClicks(note, QStringLiteral("Reduced the ETH book by half"));
        QAbstractButton* ok = nullptr;
        for (QAbstractButton* b : dialog->findChild<QDialogButtonBox*>()->buttons()) {
            if (b->text() == AlertsPage::tr("&Acknowledge"))
                ok = b;
        }
        QVERIFY(ok);
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.constFirst().at(0).toStringList(), QStringList { id });
        QCOMPARE(finished.constFirst().at(1).toStringList(), QStringList {});

        // The table, the details and the database agree.
        QCOMPARE(stateCell(page, id), UiText::state(AlertState::Acknowledged));
        QCOMPARE(page->details()->fieldText(AlertDetailsPane::FState), UiText::state(AlertState::Acknowledged));
        const std::optional<Alert> a = stored(f, id);
        QVERIFY(a);
        QCOMPARE(a->state, AlertState::Acknowledged);
        const QList<AlertEvent> events = trail(f, id);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.constLast().source, EventSource::UI);
        QCOMPARE(events.constLast().note, QStringLiteral("Reduced the ETH book by half"));
        QTreeWidget* tree = page->details()->eventsTree();
        QCOMPARE(tree->topLevelItemCount(), 1);
        QCOMPARE(tree->topLevelItem(0)->text(2), QStringLiteral("UI"));
        QCOMPARE(tree->topLevelItem(0)->text(3), QStringLiteral("Reduced the ETH book by half"));
        QTRY_COMPARE(page->unacknowledgedCount(), qint64(std::size(kSamples) - 1));
        // Acknowledged: acknowledging again makes no sense, snoozing and resolving do.
        QVERIFY(!page->acknowledgeButton()->isEnabled());
        QVERIFY(page->snoozeButton()->isEnabled());
        QVERIFY(page->resolveButton()->isEnabled());
    }

    void snoozeFromTheMenu_data()
    {
        QTest::addColumn<int>("item");
        QTest::addColumn<qint64>("minutes"); // -1: tomorrow 08:00
        QTest::newRow("15 minutes") << 0 << qint64(15);
        QTest::newRow("1 hour") << 1 << qint64(60);
        QTest::newRow("4 hours") << 2 << qint64(240);
        QTest::newRow("tomorrow 08:00") << 3 << qint64(-1);
    }
    void snoozeFromTheMenu()
    {
        QFETCH(int, item);
        QFETCH(qint64, minutes);
        WindowFixture f;
        QStringList ids;
        QVERIFY(startWithSamples(f, &ids));
        AlertsPage* page = f.window->alertsPage();
        const QString id = ids.at(0);
        clickRow(page, page->model()->rowOf(id));
        QVERIFY(page->snoozeButton()->isEnabled());

        // The button opens its menu (a popup with its own event loop): choose from it by keyboard.
        QSignalSpy finished(page, &AlertsPage::actionFinished);
        QMenu* menu = page->snoozeMenu();
        QAction* wanted = menu->actions().at(item);
        QTimer::singleShot(0, menu, [menu, wanted] {
            waitUntil([menu] { return menu->isVisible(); });
            menu->setActiveAction(wanted);
            QTest::keyClick(menu, Qt::Key_Return);
        });
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        QTest::mouseClick(page->snoozeButton(), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        const qint64 after = QDateTime::currentMSecsSinceEpoch();

        QCOMPARE(stateCell(page, id), UiText::state(AlertState::Snoozed));
        const std::optional<Alert> a = stored(f, id);
        QVERIFY(a);
        QCOMPARE(a->state, AlertState::Snoozed);
        const qint64 until = a->snoozedUntil.toMSecsSinceEpoch();
        if (minutes > 0) {
            QVERIFY2(until >= before + minutes * 60000 && until <= after + minutes * 60000,
                qPrintable(a->snoozedUntil.toString(Qt::ISODateWithMs)));
        } else {
            QCOMPARE(a->snoozedUntil.toLocalTime(), AlertsPage::tomorrowMorning(QDateTime::currentDateTime()));
        }
        QCOMPARE(trail(f, id).constLast().source, EventSource::UI);
        QCOMPARE(page->details()->fieldText(AlertDetailsPane::FSnoozedUntil), UiText::time(a->snoozedUntil));
    }

    void snoozeUntilACustomTime()
    {
        WindowFixture f;
        QStringList ids;
        QVERIFY(startWithSamples(f, &ids));
        AlertsPage* page = f.window->alertsPage();
        const QString id = ids.at(1);
        clickRow(page, page->model()->rowOf(id));
        QSignalSpy finished(page, &AlertsPage::actionFinished);
        page->openSnoozeDialog();
        QDialog* dialog = openDialog(page, QStringLiteral("snoozeDialog"));
        QVERIFY(dialog);
        auto* until = dialog->findChild<QDateTimeEdit*>(QStringLiteral("until"));
        QVERIFY(until);
        const QDateTime when = QDateTime(QDate::currentDate().addDays(2), QTime(9, 30));
        until->setDateTime(when);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("note")), QStringLiteral("after the FOMC"));
        QTest::keyClick(dialog, Qt::Key_Return);
        QVERIFY(finished.wait(10000));
        const std::optional<Alert> a = stored(f, id);
        QVERIFY(a);
        QCOMPARE(a->state, AlertState::Snoozed);
        QCOMPARE(a->snoozedUntil.toLocalTime(), when);
        QCOMPARE(trail(f, id).constLast().note, QStringLiteral("after the FOMC"));
    }

    void resolveManyRows()
    {
        WindowFixture f;
        QStringList ids;
        QVERIFY(startWithSamples(f, &ids));
        AlertsPage* page = f.window->alertsPage();
        // Three rows: a click, then Ctrl+clicks.
        clickRow(page, 0);
        clickRow(page, 2, Qt::ControlModifier);
        clickRow(page, 4, Qt::ControlModifier);
        QCOMPARE(page->table()->selectionModel()->selectedRows().size(), 3);
        QCOMPARE(page->resolveButton()->text(), AlertsPage::tr("&Resolve %n", nullptr, 3));
        const QStringList chosen { page->model()->alertId(0), page->model()->alertId(2), page->model()->alertId(4) };

        // The keyboard shortcut, from the table (shortcuts go to the active window).
        f.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        QSignalSpy finished(page, &AlertsPage::actionFinished);
        page->table()->setFocus();
        QTest::keyClick(page->table(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(finished.wait(10000));
        QStringList changed = finished.constFirst().at(0).toStringList();
        changed.sort();
        QStringList want = chosen;
        want.sort();
        QCOMPARE(changed, want);
        for (const QString& id : chosen) {
            QCOMPARE(stateCell(page, id), UiText::state(AlertState::Resolved));
            QCOMPARE(stored(f, id)->state, AlertState::Resolved);
            QCOMPARE(trail(f, id).constLast().source, EventSource::UI);
        }
        for (const QString& id : ids) {
            if (!chosen.contains(id))
                QCOMPARE(stored(f, id)->state, AlertState::Open);
        }
        // Every selected row is resolved: no action makes sense on them any more.
        QVERIFY(!page->resolveButton()->isEnabled());
        QVERIFY(!page->acknowledgeButton()->isEnabled());
        QVERIFY(!page->snoozeButton()->isEnabled());
        QTRY_COMPARE(page->unacknowledgedCount(), qint64(std::size(kSamples) - 3));
        // Adding an open row to the selection makes them apply to it alone.
        clickRow(page, 1, Qt::ControlModifier);
        QVERIFY(page->resolveButton()->isEnabled());
        QCOMPARE(page->resolveButton()->text(), AlertsPage::tr("&Resolve"));
    }

    // Every control of the page is on the Tab chain, in reading order, and Ctrl+F finds the search.
    // File › Export… (Ctrl+E) writes what the filter shows, and the status bar says how many;
    // a cancelled export leaves no file and an existing one as it was.
    void exportWritesTheFilteredAlerts()
    {
        WindowFixture f;
        QStringList ids;
        QVERIFY(startWithSamples(f, &ids));
        AlertsPage* page = f.window->alertsPage();
        auto* action = f.window->findChild<QAction*>(QStringLiteral("exportAlerts"));
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));

        QTest::keyClicks(page->symbolFilter()->lineEdit(), QStringLiteral("ETHUSDT"));
        QTRY_COMPARE(titles(page), (QStringList { "Drawdown limit breached", "ETH below 3,000" }));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("eth.csv"));
        AlertsExport* job
            = AlertsExport::runTo(f.window.get(), *f.window->historyDatabase(), page->currentFilter(), path);
        QVERIFY(job);
        QSignalSpy finished(job, &AlertsExport::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3); // the header and the two ETHUSDT alerts
        QVERIFY(lines.at(1).contains(QStringLiteral("Drawdown limit breached")));
        QVERIFY(lines.at(2).contains(QStringLiteral("\"ETH below 3,000\"")));
        QTRY_VERIFY(f.window->statusBar()->currentMessage().startsWith(QStringLiteral("Exported 2 alert")));

        // Cancelled from its progress dialog before a slice was written.
        const QString kept = dir.filePath(QStringLiteral("kept.json"));
        QFile old(kept);
        QVERIFY(old.open(QIODevice::WriteOnly) && old.write("previous export") > 0);
        old.close();
        AlertsExport* second = AlertsExport::runTo(f.window.get(), *f.window->historyDatabase(), {}, kept);
        QVERIFY(second);
        QSignalSpy ended(second, &AlertsExport::finished);
        QProgressDialog* progress = nullptr;
        for (auto* d : f.window->findChildren<QProgressDialog*>(QStringLiteral("exportProgress"))) {
            if (d->labelText().contains(QStringLiteral("kept.json")))
                progress = d;
        }
        QVERIFY(progress);
        auto* cancel = progress->findChild<QPushButton*>();
        QVERIFY(cancel);
        cancel->click();
        QVERIFY(ended.count() == 1 || ended.wait(10000));
        QCOMPARE(ended.at(0).at(0).toBool(), false);
        QCOMPARE(ended.at(0).at(1).toString(), QString());
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), QByteArray("previous export"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 2); // no temporary file left
        QTRY_VERIFY(f.window->statusBar()->currentMessage().contains(QStringLiteral("Export cancelled")));
    }

    // Copy and share: Ctrl+C on the table copies the selected alerts as text; the details' Copy
    // menu gives Markdown, JSON and the alertdesk:// link, which the window opens again.
    void copyAndShare()
    {
        WindowFixture f;
        QStringList ids;
        QVERIFY(startWithSamples(f, &ids));
        AlertsPage* page = f.window->alertsPage();
        QApplication::clipboard()->clear();
        clickRow(page, 0);
        clickRow(page, 2, Qt::ControlModifier);
        page->table()->setFocus();
        QTest::keySequence(page->table(), QKeySequence::Copy);
        const QString text = QApplication::clipboard()->text();
        const QStringList parts = text.split(QStringLiteral("\n\n"));
        QVERIFY2(parts.size() == 2, qPrintable(text));
        QVERIFY2(parts.at(0).contains(QStringLiteral("100 trades filled today")), qPrintable(text));
        QVERIFY2(parts.at(1).startsWith(QStringLiteral("🔴 CRITICAL · RISK · ETHUSDT\nDrawdown limit breached\n")),
            qPrintable(text));
        QVERIFY(parts.at(1).endsWith(QStringLiteral("alertdesk://alert/") + ids.at(2)));

        clickRow(page, 2);
        QTRY_COMPARE(page->details()->alertId(), ids.at(2));
        QToolButton* copy = page->details()->copyButton();
        QVERIFY(copy && copy->menu());
        auto copyAs = [copy](AlertClipboard::Format form) {
            QApplication::clipboard()->clear();
            for (QAction* a : copy->menu()->actions()) {
                if (a->data().toInt() == static_cast<int>(form))
                    a->trigger();
            }
            return QApplication::clipboard()->text();
        };
        const QString markdown = copyAs(AlertClipboard::Format::Markdown);
        QVERIFY2(markdown.startsWith(QStringLiteral(
                     "**🔴 CRITICAL: Drawdown limit breached**\n\nDaily drawdown is 6\\.2% on the ETH book\\.")),
            qPrintable(markdown));
        QVERIFY(markdown.contains(QStringLiteral("```json\n{\n    \"source\": \"test\"\n}\n```")));
        const QJsonObject json = QJsonDocument::fromJson(copyAs(AlertClipboard::Format::Json).toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("id")).toString(), ids.at(2));
        QCOMPARE(json.value(QStringLiteral("priority")).toString(), QStringLiteral("CRITICAL"));
        const QString link = copyAs(AlertClipboard::Format::Link);
        QCOMPARE(AlertClipboard::alertIdFromLink(link), ids.at(2));

        // The link opens its alert even when the filter hides it; a foreign one says so.
        QTest::keyClicks(page->symbolFilter()->lineEdit(), QStringLiteral("BTCUSDT"));
        QTRY_COMPARE(titles(page), QStringList { "BTC above 70,000" });
        f.window->showPage(MainWindow::SettingsPageIndex);
        f.window->openAlert(ids.at(2));
        QCOMPARE(f.window->currentPage(), MainWindow::AlertsPageIndex);
        QCOMPARE(page->details()->alertId(), ids.at(2));
        f.window->openAlert(QStringLiteral("01234567-89ab-7cde-8f01-23456789abcd"));
        QVERIFY(f.window->statusBar()->currentMessage().contains(QStringLiteral("no alert")));
    }

    void linksAreReadStrictly()
    {
        const QString id = QStringLiteral("01a250f3-5a12-76f7-ae85-1e5f268bc3ee");
        QCOMPARE(AlertClipboard::alertIdFromLink(QStringLiteral("alertdesk://alert/") + id), id);
        QCOMPARE(
            AlertClipboard::alertIdFromLink(QStringLiteral(" alertdesk://alert/") + id.toUpper() + QStringLiteral("/")),
            id);
        for (const char* bad : { "alertdesk://alert/", "alertdesk://alert/xyz-not-hex", "alertdesk://other/01a250f3",
                 "https://alert/01a250f3", "alertdesk://alert/01a250f3/../../etc", "alertdesk://alert/01a250f3?x=1#y",
                 "not a link" })
            QVERIFY2(!AlertClipboard::alertIdFromLink(QString::fromLatin1(bad)), bad);
        // Markdown's own characters in a title stay text.
        Alert a;
        a.id = id;
        a.title = QStringLiteral("*BTC* [x](y) #1");
        a.createdAt = QDateTime::currentDateTimeUtc();
        QVERIFY(AlertClipboard::format({ a }, AlertClipboard::Format::Markdown)
                    .contains(QStringLiteral(R"(\*BTC\* \[x\]\(y\) \#1)")));
    }

    void keyboardReachesEveryControl()
    {
        WindowFixture f;
        QStringList ids;
        QVERIFY(startWithSamples(f, &ids));
        AlertsPage* page = f.window->alertsPage();
        f.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        page->table()->setFocus();
        QTest::keyClick(page->table(), Qt::Key_F, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), page->searchField());

        const QList<QWidget*> chain { page->stateFilter(), page->priorityFilter(), page->typeFilter(),
            page->symbolFilter(), page->channelFilter(), page->timeFilter() };
        for (QWidget* want : chain) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QWidget* got = QApplication::focusWidget();
            QVERIFY2(got == want || want->isAncestorOf(got),
                qPrintable(got
                        ? got->objectName() + QLatin1Char(' ') + QString::fromLatin1(got->metaObject()->className())
                        : QStringLiteral("nothing")));
        }
        // On through Clear to the table, then the actions are a shortcut away.
        for (int i = 0; i < 3 && QApplication::focusWidget() != page->table(); ++i)
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), page->table());
        QTest::keyClick(page->table(), Qt::Key_Down);
        QCOMPARE(page->table()->currentIndex().row(), 1);
        QTest::keyClick(page->table(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
        QDialog* dialog = openDialog(page, QStringLiteral("acknowledgeDialog"));
        QVERIFY(dialog);
        QTest::keyClick(dialog, Qt::Key_Escape);
        QTRY_VERIFY(!page->findChild<QDialog*>(QStringLiteral("acknowledgeDialog")));
    }
};

QTEST_MAIN(TestAlertsPage)
#include "TestAlertsPage.moc"
