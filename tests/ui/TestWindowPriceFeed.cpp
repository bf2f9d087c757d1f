// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeExchange.h"
#include "UiTestSupport.h"

#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "engine/RuleService.h"
#include "rules/Rule.h"
#include "sources/PriceFeed.h"
#include "storage/AlertStore.h"

#include <QDateTime>
#include <QLabel>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

namespace {

QString cell(AlertsPage* page, int row, int column)
{
    return page->model()->data(page->model()->index(row, column)).toString();
}

// The row of the first alert with this title, or -1.
int rowWithTitle(AlertsPage* page, const QString& title)
{
    for (int r = 0; r < page->model()->rowCount(); ++r) {
        if (cell(page, r, AlertsModel::TitleColumn) == title)
            return r;
    }
    return -1;
}

bool setSettings(const QString& dir, const QHash<QString, QString>& values)
{
    QString error;
    auto p = Profile::load(dir, &error);
    if (!p)
        return false;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (!p->setSetting(it.key(), it.value(), &error))
            return false;
    }
    return p->save(&error);
}

} // namespace

// The window, as the profile's driver, runs the price feed as `alertdesk-cli run` does: a price
// rule fires on the exchange's ticks, its alert shows in the Alerts table, and the status bar
// follows the feed (idle, connected, stale, reconnecting, off). The exchange is a local
// WebSocket server; the window runs on the system clock, so the waits are real but short.
class TestWindowPriceFeed final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void priceRuleFiresFromTheFeed()
    {
        FakeExchange exchange;
        QVERIFY(exchange.listen());
        WindowFixture f;
        QVERIFY(setSettings(f.dir.path(),
            { { QStringLiteral("feed.enabled"), QStringLiteral("true") },
                { QStringLiteral("feed.url"), exchange.url().toString() },
                { QStringLiteral("feed.stale_after_ms"), QStringLiteral("2000") } }));
        QVERIFY(f.start());
        // Alerts need a channel to go to: the desktop, which needs no account.
        QCOMPARE(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }), QString());
        QLabel* status = f.window->feedStatusLabel();
        // No rule watches a price yet: nothing to stream.
        QTRY_VERIFY_WITH_TIMEOUT(status->isVisible(), 10000);
        QCOMPARE(status->text(), QStringLiteral("Price feed: idle"));
        QCOMPARE(exchange.connectionCount(), 0);

        Rule r;
        r.name = QStringLiteral("btc-100k");
        r.metric = QStringLiteral("BTCUSDT.price");
        r.condition = RuleCondition::CrossingUp;
        r.value = 100000;
        r.frequency = RuleFrequency::Every;
        r.priority = Priority::High;
        r.titleTemplate = QStringLiteral("BTC crossed 100k");
        r.messageTemplate = QStringLiteral("{metric} is {value} (rule {rule}).");
        std::optional<FieldError> error;
        QVERIFY(f.onEngine([&](Engine& e) { error = e.rules().addRule(r); }));
        QVERIFY2(!error, qPrintable(error ? error->toString() : QString()));

        // The feed follows the rule: it streams BTCUSDT's ticker.
        QTRY_COMPARE_WITH_TIMEOUT(exchange.clientCount(), 1, 10000);
        QCOMPARE(exchange.lastUrl().query(), QStringLiteral("streams=btcusdt@ticker"));
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Price feed: connected"), 10000);
        QVERIFY(status->toolTip().contains(QStringLiteral("1 symbol")));

        AlertsPage* page = f.window->alertsPage();
        QCOMPARE(rowWithTitle(page, QStringLiteral("BTC crossed 100k")), -1);
        const auto tick = [&](const char* symbol, const char* price) {
            exchange.sendToAll(FakeExchange::ticker(QLatin1String(symbol), QLatin1String(price),
                QDateTime::currentMSecsSinceEpoch(), QStringLiteral("2.10")));
        };
        tick("BTCUSDT", "99800.00");
        tick("ETHUSDT", "120000.00"); // no rule watches it
        tick("BTCUSDT", "100500.50");
        QTRY_VERIFY_WITH_TIMEOUT(rowWithTitle(page, QStringLiteral("BTC crossed 100k")) >= 0, 10000);
        const int row = rowWithTitle(page, QStringLiteral("BTC crossed 100k"));
        QCOMPARE(page->model()->rowCount(), 1); // one crossing, one alert
        const QString id = page->model()->alertId(row);
        QString message;
        QVERIFY(f.onEngine([&](Engine& e) {
            if (const auto a = e.alerts().get(id))
                message = a->message;
        }));
        QCOMPARE(message, QStringLiteral("BTCUSDT.price is 100500.5 (rule btc-100k)."));

        // Silence: the status bar says stale, and a HEALTH alert joins the table; a tick ends it.
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Price feed: stale"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), 2, 10000);
        tick("BTCUSDT", "100600.00");
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Price feed: connected"), 10000);

        // The exchange drops the connection: reconnecting, then connected again.
        exchange.closeAll();
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Price feed: reconnecting"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(exchange.connectionCount(), 2, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Price feed: connected"), 10000);

        // The rule goes: nothing left to stream.
        bool removed = false;
        QString why;
        QVERIFY(f.onEngine([&](Engine& e) { removed = e.rules().removeRule(QStringLiteral("btc-100k"), &why); }));
        QVERIFY2(removed, qPrintable(why));
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Price feed: idle"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(exchange.clientCount(), 0, 10000);
    }

    void offWhenDisabledOrMisconfigured_data()
    {
        QTest::addColumn<QString>("enabled");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("tooltip");
        QTest::newRow("disabled") << QStringLiteral("false") << QStringLiteral("ws://127.0.0.1:9/stream")
                                  << QStringLiteral("feed.enabled true");
        QTest::newRow("not a WebSocket URL") << QStringLiteral("true") << QStringLiteral("http://127.0.0.1:9/stream")
                                             << QStringLiteral("feed.url must be a ws:// or wss:// URL");
    }
    void offWhenDisabledOrMisconfigured()
    {
        QFETCH(QString, enabled);
        QFETCH(QString, url);
        QFETCH(QString, tooltip);
        WindowFixture f;
        QVERIFY(setSettings(
            f.dir.path(), { { QStringLiteral("feed.enabled"), enabled }, { QStringLiteral("feed.url"), url } }));
        QVERIFY(f.start());
        QLabel* status = f.window->feedStatusLabel();
        QTRY_VERIFY_WITH_TIMEOUT(status->isVisible(), 10000);
        QCOMPARE(status->text(), QStringLiteral("Price feed: off"));
        QVERIFY2(status->toolTip().contains(tooltip), qPrintable(status->toolTip()));
        bool running = true;
        QVERIFY(f.onEngine([&](Engine& e) { running = e.priceFeed() != nullptr; }));
        QVERIFY(!running);
    }
};

QTEST_MAIN(TestWindowPriceFeed)
#include "TestWindowPriceFeed.moc"
