// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "UiTestSupport.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "dashboard/DashboardPage.h"
#include "storage/Database.h"
#include "widgets/HourlyChart.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTreeWidget>

using namespace alertdesk;
using namespace alertdesk::test;

// The Dashboard page over a history of known alerts and attempts, written by another
// connection while the window runs (the history's triggers keep the hourly counts, as they
// do for the engine and any other writer): the figures shown for today, 7 and 30 days, and
// each figure leading to the Alerts page with its filter.
class TestDashboardPage final : public QObject {
    Q_OBJECT

    std::unique_ptr<WindowFixture> m_f;
    std::unique_ptr<Database> m_writer;
    qint64 m_midnight = 0;
    int m_nextDelivery = 1;

    bool exec(const QString& sql, const QVariantList& binds)
    {
        QSqlQuery q(m_writer->db());
        q.prepare(sql);
        for (const QVariant& b : binds)
            q.addBindValue(b);
        if (!q.exec()) {
            qWarning() << sql << q.lastError().text();
            return false;
        }
        return true;
    }

    bool alert(const QString& id, Priority p, AlertState state, const QString& symbol, const QString& dedup, qint64 at)
    {
        return exec(QStringLiteral("INSERT INTO alerts (id, type, priority, title, message, symbol, dedup_key, state, "
                                   "created_at, updated_at) VALUES (?, 5, ?, ?, ?, ?, ?, ?, ?, ?)"),
            { id, static_cast<int>(p), QStringLiteral("Title of %1").arg(id),
                dedup.isEmpty() ? QStringLiteral("by hand") : QStringLiteral("x (rule %1).").arg(dedup.mid(5)), symbol,
                dedup.isEmpty() ? QString::fromLatin1("") : dedup, static_cast<int>(state), at, at });
    }

    bool acknowledged(const QString& id, qint64 at)
    {
        return exec(
            QStringLiteral("INSERT INTO alert_events (alert_id, at, from_state, to_state, source) VALUES (?, ?, "
                           "'open', 'acknowledged', 'ui')"),
            { id, at });
    }

    // One delivery of the alert to channel, with its attempts (outcome, latency).
    bool delivery(const QString& alertId, const QString& channel, qint64 at, const QList<QPair<QString, int>>& attempts)
    {
        const int id = m_nextDelivery++;
        const QString status
            = attempts.last().first == QLatin1String("retry") ? QStringLiteral("pending") : attempts.last().first;
        if (!exec(QStringLiteral("INSERT INTO deliveries (id, alert_id, channel, idempotency_key, status, "
                                 "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                { id, alertId, channel, QStringLiteral("%1:%2").arg(alertId, channel), status, at, at }))
            return false;
        for (const auto& [outcome, latency] : attempts) {
            if (!exec(QStringLiteral("INSERT INTO attempts (delivery_id, channel, started_at, finished_at, outcome, "
                                     "latency_ms) VALUES (?, ?, ?, ?, ?, ?)"),
                    { id, channel, at, at + latency, outcome, latency }))
                return false;
        }
        return true;
    }

    static QString itemTexts(QTreeWidget* list)
    {
        QStringList rows;
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            QStringList cells;
            for (int c = 0; c < list->columnCount(); ++c)
                cells << list->topLevelItem(i)->text(c);
            rows << cells.join(QLatin1Char('|'));
        }
        return rows.join(QLatin1Char('\n'));
    }

    // The Alerts page is shown, its filter applied and its rows read.
    bool alertsShown(int rows)
    {
        AlertsPage* alerts = m_f->window->alertsPage();
        return waitUntil(
            [&] {
                return m_f->window->currentPage() == MainWindow::AlertsPageIndex && alerts->model()->rowCount() == rows;
            },
            5000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        // A day boundary inside the test would move "today" under it.
        const QDateTime now = QDateTime::currentDateTime();
        if (now.time() > QTime(23, 59, 0))
            QSKIP("too close to midnight");
        m_midnight = QDateTime(now.date(), QTime(0, 0)).toMSecsSinceEpoch();
        // English as the application installs it: its plural forms ("1 alert", "5 alerts").
        QCOMPARE(
            MainWindow::installTranslations(*QCoreApplication::instance(), QStringLiteral("en")), QStringLiteral("en"));

        m_f = std::make_unique<WindowFixture>();
        QVERIFY(m_f->start());
        QString error;
        m_writer = Database::open(m_f->host->databasePath(), &error);
        QVERIFY2(m_writer, qPrintable(error));

        const qint64 hour = DashboardQuery::kHourMs;
        const qint64 t1 = m_midnight + hour + 5 * 60000; // 01:05 today
        const qint64 t2 = m_midnight + 2 * hour + 5 * 60000; // 02:05 today
        const QString rule = QStringLiteral("rule:eth-drop");
        QVERIFY(alert(QStringLiteral("a1"), Priority::Critical, AlertState::Open, QStringLiteral("BTCUSDT"), {}, t1));
        QVERIFY(alert(QStringLiteral("a2"), Priority::Critical, AlertState::Acknowledged, QStringLiteral("BTCUSDT"), {},
            t1 + 10000));
        QVERIFY(acknowledged(QStringLiteral("a2"), t1 + 10000 + 120000)); // 2 min
        QVERIFY(alert(QStringLiteral("a3"), Priority::High, AlertState::Open, QStringLiteral("ETHUSDT"), rule, t2));
        QVERIFY(alert(QStringLiteral("a4"), Priority::High, AlertState::Acknowledged, QStringLiteral("ETHUSDT"), rule,
            t2 + 1000));
        QVERIFY(acknowledged(QStringLiteral("a4"), t2 + 1000 + 240000)); // 4 min
        QVERIFY(
            alert(QStringLiteral("a5"), Priority::Low, AlertState::Resolved, QStringLiteral("BTCUSDT"), {}, t2 + 2000));
        // Ten days ago: in the last 30 days only.
        QVERIFY(alert(QStringLiteral("old"), Priority::Critical, AlertState::Open, QStringLiteral("SOLUSDT"), {},
            m_midnight - 10 * 24 * hour + hour));

        const QString delivered = QStringLiteral("delivered");
        QVERIFY(delivery(QStringLiteral("a1"), QStringLiteral("desk"), t1, { { delivered, 10 } }));
        QVERIFY(delivery(QStringLiteral("a2"), QStringLiteral("desk"), t1, { { delivered, 9 } }));
        QVERIFY(delivery(QStringLiteral("a3"), QStringLiteral("desk"), t2, { { delivered, 20 } }));
        QVERIFY(delivery(QStringLiteral("a4"), QStringLiteral("desk"), t2, { { delivered, 95 } }));
        QVERIFY(delivery(QStringLiteral("a3"), QStringLiteral("pager"), t2,
            { { QStringLiteral("retry"), 30 }, { QStringLiteral("retry"), 30 }, { QStringLiteral("failed"), 30 } }));
    }

    void cleanupTestCase()
    {
        m_writer.reset();
        m_f.reset();
    }

    void figuresOfToday()
    {
        m_f->window->showPage(MainWindow::DashboardPageIndex);
        DashboardPage* page = m_f->window->dashboardPage();
        QVERIFY(page->isVisible());
        QCOMPARE(page->range(), DashboardPage::Today);
        QTest::mouseClick(page->rangeButton(DashboardPage::Today), Qt::LeftButton);
        QTRY_VERIFY(page->summaryLabel()->text().startsWith(QStringLiteral("5 alerts raised")));
        // Mean time to acknowledge: (2 min + 4 min) / 2.
        QVERIFY2(page->summaryLabel()->text().contains(
                     QStringLiteral("mean time to acknowledge 3 min 0 s (2 acknowledged)")),
            qPrintable(page->summaryLabel()->text()));
        QVERIFY(page->priorityTile(Priority::Critical)->text().endsWith(QStringLiteral("1 open · 2 raised")));
        QVERIFY(page->priorityTile(Priority::High)->text().endsWith(QStringLiteral("1 open · 2 raised")));
        QVERIFY(page->priorityTile(Priority::Medium)->text().endsWith(QStringLiteral("0 open · 0 raised")));
        QVERIFY(page->priorityTile(Priority::Low)->text().endsWith(QStringLiteral("0 open · 1 raised")));

        HourlyChart* chart = page->alertsChart();
        QCOMPARE(chart->bucketCount(), page->rangeStart().secsTo(page->rangeEnd()) / 3600);
        QCOMPARE(chart->series().at(0).values.at(1), 2.0); // two CRITICAL at 01:00
        QCOMPARE(chart->series().at(1).values.at(2), 2.0); // two HIGH at 02:00
        QCOMPARE(chart->series().at(3).values.at(2), 1.0);
        QCOMPARE(chart->series().at(0).values.at(0), 0.0);
        QVERIFY(chart->toolTipFor(1).contains(QStringLiteral("CRITICAL: 2")));

        QCOMPARE(itemTexts(page->symbolList()), QStringLiteral("BTCUSDT|3\nETHUSDT|2"));
        QCOMPARE(itemTexts(page->ruleList()), QStringLiteral("eth-drop|2"));
        // Delivered, failed, retried, success, p50 and p95 (the upper edge of the latency bin:
        // 9 and 10 ms share the 10 ms bin, 95 ms the 100 ms one).
        QCOMPARE(
            itemTexts(page->channelTable()), QStringLiteral("desk|4|0|0|100.0 %|10 ms|100 ms\npager|0|1|2|0.0 %|—|—"));
        HourlyChart* deliveries = page->deliveriesChart();
        QCOMPARE(deliveries->bucketCount(), 2);
        QCOMPARE(deliveries->series().at(0).values, QList<double>({ 4, 0 }));
        QCOMPARE(deliveries->series().at(1).values, QList<double>({ 0, 2 }));
        QCOMPARE(deliveries->series().at(2).values, QList<double>({ 0, 1 }));
    }

    void rangesOfSevenAndThirtyDays()
    {
        DashboardPage* page = m_f->window->dashboardPage();
        QTest::mouseClick(page->rangeButton(DashboardPage::Week), Qt::LeftButton);
        QCOMPARE(page->range(), DashboardPage::Week);
        QVERIFY(page->summaryLabel()->text().startsWith(QStringLiteral("5 alerts raised")));
        QCOMPARE(page->alertsChart()->bucketCount(), 7 * 4); // six hours each
        QTest::mouseClick(page->rangeButton(DashboardPage::Month), Qt::LeftButton);
        QVERIFY(page->summaryLabel()->text().startsWith(QStringLiteral("6 alerts raised")));
        QCOMPARE(page->alertsChart()->bucketCount(), 30);
        QVERIFY(page->priorityTile(Priority::Critical)->text().endsWith(QStringLiteral("2 open · 3 raised")));
        QCOMPARE(page->alertsChart()->series().at(0).values.at(19), 1.0); // ten days ago
        QVERIFY(itemTexts(page->symbolList()).contains(QStringLiteral("SOLUSDT|1")));
        QTest::mouseClick(page->rangeButton(DashboardPage::Today), Qt::LeftButton);
        QVERIFY(page->summaryLabel()->text().startsWith(QStringLiteral("5 alerts raised")));
    }

    void liveWhileShown()
    {
        // A new alert from another writer shows without a click: the window polls the history.
        DashboardPage* page = m_f->window->dashboardPage();
        QVERIFY(alert(QStringLiteral("a6"), Priority::Medium, AlertState::Open, QStringLiteral("NVDA"), {},
            m_midnight + 3 * DashboardQuery::kHourMs));
        QTRY_VERIFY_WITH_TIMEOUT(page->summaryLabel()->text().startsWith(QStringLiteral("6 alerts raised")), 5000);
        QVERIFY(page->priorityTile(Priority::Medium)->text().endsWith(QStringLiteral("1 open · 1 raised")));
    }

    void tileLeadsToOpenAlertsOfItsPriority()
    {
        DashboardPage* page = m_f->window->dashboardPage();
        QTest::mouseClick(page->priorityTile(Priority::Critical), Qt::LeftButton);
        QVERIFY(alertsShown(1));
        AlertsPage* alerts = m_f->window->alertsPage();
        QCOMPARE(alerts->model()->alertId(0), QStringLiteral("a1"));
        const AlertFilter f = alerts->currentFilter();
        QCOMPARE(f.state, std::optional(AlertState::Open));
        QCOMPARE(f.priority, std::optional(Priority::Critical));
        QCOMPARE(f.fromMs, m_midnight);
        QCOMPARE(alerts->timeFilter()->currentIndex(), int(AlertsPage::CustomRange));
    }

    void chartBarLeadsToItsHourAndPriority()
    {
        m_f->window->showPage(MainWindow::DashboardPageIndex);
        DashboardPage* page = m_f->window->dashboardPage();
        HourlyChart* chart = page->alertsChart();
        QTRY_VERIFY(chart->isVisible());
        // The CRITICAL segment of 01:00's bar: its lower half.
        const QRect bar = chart->bucketRect(1);
        const int y = bar.bottom() - qRound(bar.height() * 1.0 / chart->axisMax());
        QCOMPARE(chart->seriesAt(1, QPoint(bar.center().x(), y)), 0);
        QTest::mouseClick(chart, Qt::LeftButton, {}, QPoint(bar.center().x(), y));
        QVERIFY(alertsShown(2));
        const AlertFilter f = m_f->window->alertsPage()->currentFilter();
        QCOMPARE(f.priority, std::optional(Priority::Critical));
        QCOMPARE(f.state, std::nullopt);
        QCOMPARE(f.fromMs, m_midnight + DashboardQuery::kHourMs);
        QCOMPARE(f.toMs, m_midnight + 2 * DashboardQuery::kHourMs - 1);
    }

    void listsAndTableLeadToTheirAlerts()
    {
        DashboardPage* page = m_f->window->dashboardPage();
        AlertsPage* alerts = m_f->window->alertsPage();
        const auto click = [](QTreeWidget* list, int row) {
            QTreeWidgetItem* item = list->topLevelItem(row);
            QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
        };

        m_f->window->showPage(MainWindow::DashboardPageIndex);
        click(page->symbolList(), 1); // ETHUSDT
        QVERIFY(alertsShown(2));
        QCOMPARE(alerts->currentFilter().symbol, QStringLiteral("ETHUSDT"));

        m_f->window->showPage(MainWindow::DashboardPageIndex);
        click(page->channelTable(), 1); // pager
        QVERIFY(alertsShown(1));
        QCOMPARE(alerts->currentFilter().channel, QStringLiteral("pager"));
        QCOMPARE(alerts->currentFilter().symbol, QString()); // the previous filter is gone
        QCOMPARE(alerts->model()->alertId(0), QStringLiteral("a3"));

        m_f->window->showPage(MainWindow::DashboardPageIndex);
        click(page->ruleList(), 0); // eth-drop: the rule's alerts through the search
        QVERIFY(alertsShown(2));
        QCOMPARE(alerts->currentFilter().search, QStringLiteral("eth-drop"));

        // A bar of the deliveries chart: its channel.
        m_f->window->showPage(MainWindow::DashboardPageIndex);
        HourlyChart* deliveries = page->deliveriesChart();
        QTest::mouseClick(deliveries, Qt::LeftButton, {}, deliveries->bucketRect(0).center());
        QVERIFY(alertsShown(4));
        QCOMPARE(alerts->currentFilter().channel, QStringLiteral("desk"));
    }

    void openCircuitsAreNamed()
    {
        DashboardPage* page = m_f->window->dashboardPage();
        ChannelStatus pager;
        pager.config.name = QStringLiteral("pager");
        pager.health.circuit = CircuitState::Open;
        ChannelStatus desk;
        desk.config.name = QStringLiteral("desk");
        page->setChannels({ desk, pager });
        QVERIFY(!page->circuitLabel()->isHidden());
        QVERIFY(page->circuitLabel()->text().contains(QStringLiteral(">pager</a>")));
        QVERIFY(!page->circuitLabel()->text().contains(QStringLiteral("desk")));
        m_f->window->showPage(MainWindow::DashboardPageIndex);
        Q_EMIT page->circuitLabel()->linkActivated(QStringLiteral("pager"));
        QVERIFY(alertsShown(1));
        QCOMPARE(m_f->window->alertsPage()->currentFilter().channel, QStringLiteral("pager"));
        desk.health.circuit = CircuitState::Closed;
        pager.health.circuit = CircuitState::Closed;
        page->setChannels({ desk, pager });
        QVERIFY(page->circuitLabel()->isHidden());
    }

    void sidebarEntry()
    {
        auto* nav = m_f->window->findChild<QListWidget*>(QStringLiteral("navigation"));
        QVERIFY(nav);
        QCOMPARE(nav->item(MainWindow::DashboardPageIndex)->text(), QStringLiteral("Dashboard"));
        nav->setCurrentRow(MainWindow::DashboardPageIndex);
        QCOMPARE(m_f->window->currentPage(), MainWindow::DashboardPageIndex);
    }

    // The window opens on the Alerts page: the hidden Dashboard does not read the history then
    // (it would delay the first page), and reads it once each time it is shown.
    void readsOnlyWhenShown()
    {
        WindowFixture f;
        QSignalSpy reads(f.window->dashboardPage(), &DashboardPage::refreshed);
        QVERIFY(f.start());
        QCOMPARE(f.window->currentPage(), MainWindow::AlertsPageIndex);
        QCOMPARE(reads.count(), 0);
        f.window->showPage(MainWindow::DashboardPageIndex);
        QCOMPARE(reads.count(), 1);
        f.window->showPage(MainWindow::AlertsPageIndex);
        f.window->showPage(MainWindow::DashboardPageIndex);
        QCOMPARE(reads.count(), 2);
    }
};

QTEST_MAIN(TestDashboardPage)
#include "TestDashboardPage.moc"
