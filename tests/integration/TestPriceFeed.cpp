// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"
#include "FakeExchange.h"
#include "TestProfile.h"

#include "engine/Engine.h"
#include "engine/RuleService.h"
#include "sources/PriceFeed.h"
#include "storage/AlertStore.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The price feed against a local WebSocket server speaking Binance's ticker format, on a
// fake clock: samples, reconnects with backoff, and the staleness HEALTH alerts.
class TestPriceFeed final : public QObject {
    Q_OBJECT

    static constexpr qint64 kStart = 1795687200000; // 2026-11-26T10:00:00Z

    static PriceFeed::Options options(const QUrl& url)
    {
        PriceFeed::Options o;
        o.url = url;
        o.staleAfterMs = 30000;
        o.backoffBaseMs = 1000;
        o.backoffCapMs = 8000;
        o.connectTimeoutMs = 5000;
        return o;
    }

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QStringList>("expected"); // "metric=value@time"
        QTest::newRow("combined 24hrTicker")
            << FakeExchange::ticker(QStringLiteral("BTCUSDT"), QStringLiteral("100500.50"), 1700000000123)
            << QStringList { "BTCUSDT.price=100500.5@1700000000123", "BTCUSDT.change_24h_pct=1.25@1700000000123" };
        QTest::newRow("raw mini ticker") << QByteArray(
            R"({"e":"24hrMiniTicker","E":5,"s":"ethusdt","c":"3500.1","o":"3400"})")
                                         << QStringList { "ETHUSDT.price=3500.1@5" };
        QTest::newRow("numbers instead of strings") << QByteArray(R"({"e":"24hrTicker","E":7,"s":"SOLUSDT","c":150.5})")
                                                    << QStringList { "SOLUSDT.price=150.5@7" };
        QTest::newRow("all-market array") << QByteArray(
            R"([{"e":"24hrMiniTicker","E":1,"s":"AUSDT","c":"1"},{"e":"24hrMiniTicker","E":2,"s":"BUSDT","c":"2"}])")
                                          << QStringList { "AUSDT.price=1@1", "BUSDT.price=2@2" };
        QTest::newRow("no event time") << QByteArray(R"({"e":"24hrMiniTicker","s":"BTCUSDT","c":"1"})")
                                       << QStringList { "BTCUSDT.price=1@0" };
        QTest::newRow("other event") << QByteArray(R"({"e":"bookTicker","s":"BTCUSDT","b":"1","a":"2"})")
                                     << QStringList {};
        QTest::newRow("subscription answer") << QByteArray(R"({"result":null,"id":1})") << QStringList {};
        QTest::newRow("price not a number")
            << QByteArray(R"({"e":"24hrMiniTicker","E":1,"s":"BTCUSDT","c":"n/a"})") << QStringList {};
        QTest::newRow("bad symbol") << QByteArray(R"({"e":"24hrMiniTicker","E":1,"s":"BTC USDT","c":"1"})")
                                    << QStringList {};
    }

    void parse()
    {
        QFETCH(QByteArray, message);
        QFETCH(QStringList, expected);
        QString error;
        QStringList got;
        for (const TickerSample& s : parseTickerMessage(message, &error))
            got << QStringLiteral("%1=%2@%3").arg(s.metric).arg(s.value, 0, 'g', 15).arg(s.timeMs);
        QCOMPARE(got, expected);
        QVERIFY(error.isEmpty());
    }

    void parseRefusesGarbage()
    {
        QString error;
        QVERIFY(parseTickerMessage("{not json", &error).isEmpty());
        QVERIFY(error.contains(QStringLiteral("not JSON")));
    }

    void urlAndSymbols()
    {
        QCOMPARE(tickerStreamUrl(QUrl(QStringLiteral("wss://stream.binance.com:9443/stream")), { "BTCUSDT", "ETHUSDT" })
                     .toString(),
            QStringLiteral("wss://stream.binance.com:9443/stream?streams=btcusdt@ticker/ethusdt@ticker"));
        QCOMPARE(feedSymbolsForMetrics({ "ETHUSDT.price", "BTCUSDT.change_24h_pct", "pnl.daily", "risk.BTCUSDT",
                     "BTCUSDT.price", "bot.latency_ms", "BTCUSDT.volume" }),
            (QStringList { "BTCUSDT", "ETHUSDT" }));
    }

    void healthAlerts()
    {
        const QUrl url(QStringLiteral("wss://stream.example.com/stream?streams=x&key=SECRET"));
        const Alert stale = feedHealthAlert(true, 30500, url, { "BTCUSDT", "ETHUSDT" });
        QCOMPARE(stale.type, AlertType::Health);
        QCOMPARE(stale.priority, Priority::High);
        QCOMPARE(stale.title, QStringLiteral("Price feed silent for 30s"));
        QCOMPARE(stale.message,
            QStringLiteral("No ticker from stream.example.com for 30s (BTCUSDT, ETHUSDT). Rules on these "
                           "prices see no new values until it recovers."));
        QVERIFY(!stale.message.contains(QStringLiteral("SECRET")));
        const Alert back = feedHealthAlert(false, 95000, url, { "BTCUSDT" });
        QCOMPARE(back.priority, Priority::Low);
        QCOMPARE(back.title, QStringLiteral("Price feed recovered after 1m35s"));
        QVERIFY(!validateAlert(stale) && !validateAlert(back));
    }

    void ticksBecomeSamples()
    {
        FakeExchange exchange;
        QVERIFY(exchange.listen());
        FakeClock clock(kStart);
        PriceFeed feed(options(exchange.url()), clock);
        feed.setSymbols({ "ethusdt", "BTCUSDT", "BTCUSDT" });
        QSignalSpy connected(&feed, &PriceFeed::connectedChanged);
        QSignalSpy samples(&feed, &PriceFeed::sample);
        feed.start();
        QVERIFY(connected.wait(5000));
        QVERIFY(feed.isConnected());
        QCOMPARE(exchange.lastUrl().query(), QStringLiteral("streams=btcusdt@ticker/ethusdt@ticker"));
        exchange.sendToAll(FakeExchange::ticker(QStringLiteral("BTCUSDT"), QStringLiteral("100500.5"), kStart - 10));
        QVERIFY(samples.wait(5000));
        QCOMPARE(samples.size(), 2);
        QCOMPARE(samples.at(0).at(0).toString(), QStringLiteral("BTCUSDT.price"));
        QCOMPARE(samples.at(0).at(1).toDouble(), 100500.5);
        QCOMPARE(samples.at(0).at(2).toLongLong(), kStart - 10);
        // Junk is counted and skipped, not fatal.
        exchange.sendToAll("{oops");
        exchange.sendToAll(FakeExchange::ticker(QStringLiteral("ETHUSDT"), QStringLiteral("3500"), kStart));
        QVERIFY(QTest::qWaitFor([&] { return samples.size() == 4; }, 5000));
        QCOMPARE(feed.messagesIgnored(), 1);
        QCOMPARE(exchange.connectionCount(), 1);
        // A new set of symbols means a new subscription; none means no connection.
        feed.setSymbols({ "SOLUSDT" });
        QVERIFY(QTest::qWaitFor([&] { return exchange.connectionCount() == 2; }, 5000));
        QCOMPARE(exchange.lastUrl().query(), QStringLiteral("streams=solusdt@ticker"));
        feed.setSymbols({});
        QVERIFY(!feed.isConnected());
    }

    void reconnectsWithBackoff()
    {
        FakeExchange exchange;
        QVERIFY(exchange.listen());
        exchange.setCloseEveryConnection(true);
        FakeClock clock(kStart);
        PriceFeed feed(options(exchange.url()), clock);
        feed.setSymbols({ "BTCUSDT" });
        feed.start();
        // Each dropped connection doubles the wait (1 s, 2 s, 4 s, then the 8 s cap), on the clock.
        const QList<qint64> delays { 1000, 2000, 4000, 8000, 8000 };
        for (int i = 0; i < delays.size(); ++i) {
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return exchange.connectionCount() == i + 1 && clock.pendingCount() > 0 && !feed.isConnected()
                        && feed.failedAttempts() == i + 1;
                },
                5000));
            QCOMPARE(feed.nextReconnectDelayMs(), delays[i]);
            clock.advance(delays[i] - 1);
            QTest::qWait(30); // lets a wrongly early attempt arrive; the assertion below is what counts
            QCOMPARE(exchange.connectionCount(), i + 1);
            clock.advance(1);
            QVERIFY(QTest::qWaitFor([&] { return exchange.connectionCount() == i + 2; }, 5000));
        }
        // A connection that delivers a ticker resets the backoff.
        exchange.setCloseEveryConnection(false);
        QVERIFY(QTest::qWaitFor([&] { return feed.failedAttempts() == 6 && clock.pendingCount() > 0; }, 5000));
        clock.advance(8000);
        QSignalSpy samples(&feed, &PriceFeed::sample);
        QVERIFY(QTest::qWaitFor([&] { return feed.isConnected(); }, 5000));
        exchange.sendToAll(FakeExchange::ticker(QStringLiteral("BTCUSDT"), QStringLiteral("1"), kStart));
        QVERIFY(samples.wait(5000));
        QCOMPARE(feed.failedAttempts(), 0);
        exchange.closeAll();
        QVERIFY(QTest::qWaitFor([&] { return !feed.isConnected() && feed.failedAttempts() == 1; }, 5000));
        QCOMPARE(feed.nextReconnectDelayMs(), 1000);
    }

    void handshakeTimeout()
    {
        // Accepts TCP, never answers the WebSocket handshake.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        int accepted = 0;
        connect(&silent, &QTcpServer::newConnection, this, [&] {
            while (silent.nextPendingConnection())
                ++accepted;
        });
        FakeClock clock(kStart);
        PriceFeed feed(options(QUrl(QStringLiteral("ws://127.0.0.1:%1/stream").arg(silent.serverPort()))), clock);
        feed.setSymbols({ "BTCUSDT" });
        feed.start();
        QVERIFY(QTest::qWaitFor([&] { return accepted == 1; }, 5000));
        clock.advance(5000); // the handshake timeout
        QCOMPARE(feed.failedAttempts(), 1);
        clock.advance(1000); // the first backoff
        QVERIFY(QTest::qWaitFor([&] { return accepted == 2; }, 5000));
    }

    void staleThenRecovered()
    {
        FakeExchange exchange;
        QVERIFY(exchange.listen());
        FakeClock clock(kStart);
        PriceFeed feed(options(exchange.url()), clock);
        feed.setSymbols({ "BTCUSDT" });
        QSignalSpy health(&feed, &PriceFeed::healthAlert);
        QSignalSpy samples(&feed, &PriceFeed::sample);
        feed.start();
        QVERIFY(QTest::qWaitFor([&] { return feed.isConnected(); }, 5000));
        clock.advance(10000);
        exchange.sendToAll(FakeExchange::ticker(QStringLiteral("BTCUSDT"), QStringLiteral("1"), clock.nowMs()));
        QVERIFY(samples.wait(5000));
        // Silent for one moment less than the limit: nothing; at the limit: one HEALTH alert.
        clock.advance(30000 - 1);
        QCOMPARE(health.size(), 0);
        clock.advance(1);
        QCOMPARE(health.size(), 1);
        QVERIFY(feed.isStale());
        Alert a = health.at(0).at(0).value<Alert>();
        QCOMPARE(a.type, AlertType::Health);
        QCOMPARE(a.title, QStringLiteral("Price feed silent for 30s"));
        // It stays one alert however long the silence lasts.
        clock.advance(600000);
        QCOMPARE(health.size(), 1);
        exchange.sendToAll(FakeExchange::ticker(QStringLiteral("BTCUSDT"), QStringLiteral("2"), clock.nowMs()));
        QVERIFY(health.wait(5000));
        QCOMPARE(health.size(), 2);
        a = health.at(1).at(0).value<Alert>();
        QCOMPARE(a.title, QStringLiteral("Price feed recovered after 10m30s"));
        QVERIFY(!feed.isStale());
        // And the watch goes on.
        clock.advance(30000);
        QCOMPARE(health.size(), 3);
    }

    void silentFromTheStart()
    {
        // A feed that never delivers (here: nothing listens) is stale after the limit too.
        QTcpServer placeholder;
        QVERIFY(placeholder.listen(QHostAddress::LocalHost, 0));
        const quint16 port = placeholder.serverPort();
        placeholder.close();
        FakeClock clock(kStart);
        PriceFeed feed(options(QUrl(QStringLiteral("ws://127.0.0.1:%1/stream").arg(port))), clock);
        feed.setSymbols({ "BTCUSDT" });
        QSignalSpy health(&feed, &PriceFeed::healthAlert);
        feed.start();
        clock.advance(30000);
        QCOMPARE(health.size(), 1);
    }

    void stateFollowsTheConnection()
    {
        FakeExchange exchange;
        QVERIFY(exchange.listen());
        FakeClock clock(kStart);
        PriceFeed feed(options(exchange.url()), clock);
        QSignalSpy changes(&feed, &PriceFeed::stateChanged);
        auto told = [&] {
            QList<PriceFeed::State> out;
            for (const QList<QVariant>& c : std::as_const(changes))
                out << c.at(0).value<PriceFeed::State>();
            return out;
        };
        QCOMPARE(feed.state(), PriceFeed::State::Off);
        feed.start();
        QCOMPARE(feed.state(), PriceFeed::State::Idle); // no rule watches a price
        feed.setSymbols({ "BTCUSDT" });
        QCOMPARE(feed.state(), PriceFeed::State::Connecting);
        QVERIFY(QTest::qWaitFor([&] { return feed.state() == PriceFeed::State::Connected; }, 5000));
        clock.advance(30000);
        QCOMPARE(feed.state(), PriceFeed::State::Stale);
        QSignalSpy samples(&feed, &PriceFeed::sample);
        exchange.sendToAll(FakeExchange::ticker(QStringLiteral("BTCUSDT"), QStringLiteral("1"), clock.nowMs()));
        QVERIFY(samples.wait(5000));
        QCOMPARE(feed.state(), PriceFeed::State::Connected);
        exchange.closeAll();
        QVERIFY(QTest::qWaitFor([&] { return feed.state() == PriceFeed::State::Reconnecting; }, 5000));
        feed.stop();
        QCOMPARE(feed.state(), PriceFeed::State::Off);
        using S = PriceFeed::State;
        QCOMPARE(told(),
            (QList<S> { S::Idle, S::Connecting, S::Connected, S::Stale, S::Connected, S::Reconnecting, S::Off }));
    }

    // The driver's start (`alertdesk-cli run` and the window): the feed only when feed.enabled.
    void startFeedIfEnabled_data()
    {
        QTest::addColumn<QString>("enabled");
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QString>("error");
        QTest::newRow("off") << QStringLiteral("false") << QStringLiteral("ws://127.0.0.1:9/stream")
                             << int(Engine::FeedStart::Disabled) << QString();
        QTest::newRow("on") << QStringLiteral("true") << QStringLiteral("ws://127.0.0.1:9/stream")
                            << int(Engine::FeedStart::Started) << QString();
        QTest::newRow("on, not a WebSocket URL")
            << QStringLiteral("true") << QStringLiteral("https://127.0.0.1:9/stream") << int(Engine::FeedStart::Failed)
            << QStringLiteral("feed.url must be a ws:// or wss:// URL");
    }
    void startFeedIfEnabled()
    {
        QFETCH(QString, enabled);
        QFETCH(QString, url);
        QFETCH(int, outcome);
        QFETCH(QString, error);
        FakeClock clock(kStart);
        TestProfile p(&clock);
        QVERIFY(p.isValid());
        QVERIFY(p.setSetting(QStringLiteral("feed.enabled"), enabled));
        QVERIFY(p.setSetting(QStringLiteral("feed.url"), url));
        QString why;
        QCOMPARE(int(p.engine().startFeedIfEnabled(&why)), outcome);
        QCOMPARE(why, error);
        QCOMPARE(p.engine().priceFeed() != nullptr, outcome == int(Engine::FeedStart::Started));
    }

    void engineWiring()
    {
        FakeExchange exchange;
        QVERIFY(exchange.listen());
        FakeClock clock(kStart);
        TestProfile p(&clock);
        QVERIFY(p.isValid());
        QCOMPARE(p.addWebhook(QStringLiteral("hook"), QStringLiteral("http://127.0.0.1:9/in")), QString());
        QVERIFY(p.setSetting(QStringLiteral("feed.url"), exchange.url().toString()));
        QVERIFY(p.setSetting(QStringLiteral("feed.stale_after_ms"), QStringLiteral("60000")));
        Rule r;
        r.name = QStringLiteral("btc");
        r.metric = QStringLiteral("BTCUSDT.price");
        r.condition = RuleCondition::CrossingUp;
        r.value = 100000;
        r.frequency = RuleFrequency::Every;
        QVERIFY(!p.engine().rules().addRule(r));
        QString error;
        QVERIFY2(p.engine().startFeed(&error), qPrintable(error));
        QVERIFY(QTest::qWaitFor([&] { return p.engine().priceFeed()->isConnected(); }, 5000));
        QCOMPARE(exchange.lastUrl().query(), QStringLiteral("streams=btcusdt@ticker"));

        exchange.sendToAll(FakeExchange::ticker(QStringLiteral("BTCUSDT"), QStringLiteral("99900"), kStart));
        exchange.sendToAll(FakeExchange::ticker(QStringLiteral("BTCUSDT"), QStringLiteral("100100"), kStart + 1000));
        QVERIFY(QTest::qWaitFor([&] { return p.engine().alerts().count() == 1; }, 5000));
        QCOMPARE(p.engine().alerts().recent(1).first().title, QStringLiteral("BTCUSDT.price crossed up 100000"));

        // A rule on another symbol widens the subscription.
        r.name = QStringLiteral("eth");
        r.metric = QStringLiteral("ETHUSDT.price");
        QVERIFY(!p.engine().rules().addRule(r));
        QVERIFY(QTest::qWaitFor(
            [&] { return exchange.connectionCount() == 2 && p.engine().priceFeed()->isConnected(); }, 5000));
        QCOMPARE(exchange.lastUrl().query(), QStringLiteral("streams=btcusdt@ticker/ethusdt@ticker"));

        // Silence becomes a HEALTH alert in the history, like any other alert.
        clock.advance(60000);
        QCOMPARE(p.engine().alerts().count(), 2);
        const Alert health = p.engine().alerts().recent(1).first();
        QCOMPARE(health.type, AlertType::Health);
        QCOMPARE(health.title, QStringLiteral("Price feed silent for 1m"));
    }
};

QTEST_GUILESS_MAIN(TestPriceFeed)
#include "TestPriceFeed.moc"
