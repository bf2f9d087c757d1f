// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ChannelTestSupport.h"

#include "channels/PayloadText.h"
#include "channels/SlackChannel.h"

#include <QJsonArray>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Slack webhooks and chat.postMessage against a server on 127.0.0.1 that answers as Slack does.
class TestSlackChannel final : public QObject {
    Q_OBJECT

    static constexpr const char* kToken = "xoxb-1111_2222_secrettoken";

private Q_SLOTS:
    void webhooksAndBotDeliverTheGoldenPayload()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest& r) {
            if (r.path.startsWith("/api/"))
                return ScriptedResponse::json(200, R"({"ok":true,"channel":"C1","ts":"1.1"})");
            return ScriptedResponse::ok();
        });
        QNetworkAccessManager nam;
        FakeClock clock;
        QString error;
        const QStringList urls { server.url(QStringLiteral("/services/T1/B1/aaaa")),
            server.url(QStringLiteral("/services/T2/B2/bbbb")) };
        auto ch = makeChannel(QStringLiteral("slack"),
            { { QStringLiteral("channel_ids"), QJsonArray { QStringLiteral("C1"), QStringLiteral("C2") } },
                { QStringLiteral("api_base"), server.url(QStringLiteral("/api")) } },
            { { QStringLiteral("webhook_urls"), encodeSecretList(urls) },
                { QStringLiteral("bot_token"), QString::fromLatin1(kToken) } },
            &nam, &clock, &error);
        QVERIFY2(ch, qPrintable(error));
        const Alert a = goldenAlert();
        const auto o = sendAndWait(*ch, a, QStringLiteral("k1"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Delivered));
        QCOMPARE(server.requestCount(), 4);
        int webhooks = 0, posts = 0;
        for (const RecordedRequest& r : server.requests()) {
            QCOMPARE(r.method, QByteArray("POST"));
            if (r.path.startsWith("/services/")) {
                ++webhooks;
                QCOMPARE(r.body, slackWebhookPayload(a));
                QVERIFY(r.header("Authorization").isEmpty());
            } else {
                ++posts;
                QCOMPARE(r.path, QByteArray("/api/chat.postMessage"));
                QCOMPARE(r.header("Authorization"), QByteArray("Bearer ") + kToken);
                QCOMPARE(r.header("Content-Type"), QByteArray("application/json; charset=utf-8"));
                const QString id = r.json().value(QStringLiteral("channel")).toString();
                QCOMPARE(r.body, slackPostMessagePayload(a, id));
            }
        }
        QCOMPARE(webhooks, 2);
        QCOMPARE(posts, 2);
        QCOMPARE(static_cast<SlackChannel*>(ch.get())->fanout().rememberedDeliveries(), 0); // done: nothing kept
    }

    void okFalseIsAFailureWithSlacksCode()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(ScriptedResponse::json(200, R"({"ok":false,"error":"channel_not_found"})"));
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(QStringLiteral("slack"),
            { { QStringLiteral("channel_ids"), QJsonArray { QStringLiteral("C404") } },
                { QStringLiteral("api_base"), server.url(QStringLiteral("/api/")) } },
            { { QStringLiteral("bot_token"), QString::fromLatin1(kToken) } }, &nam, &clock);
        QVERIFY(ch);
        const auto o = sendAndWait(*ch, goldenAlert(), QStringLiteral("k2"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Failed));
        QCOMPARE(o->error, QStringLiteral("Slack error: channel_not_found"));
        QCOMPARE(server.requests().first().path, QByteArray("/api/chat.postMessage"));
    }

    void webhookErrorsAreRedacted()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        const QString url = server.url(QStringLiteral("/services/T1/B1/verysecretpart"));
        // A server that echoes the URL back must not leak it into the history.
        server.enqueue(ScriptedResponse::withStatus(404, "no_service for " + url.toUtf8()));
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(QStringLiteral("slack"), {},
            { { QStringLiteral("webhook_urls"), encodeSecretList({ url }) } }, &nam, &clock);
        QVERIFY(ch);
        const auto o = sendAndWait(*ch, goldenAlert(), QStringLiteral("k3"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Failed));
        QVERIFY2(o->error.startsWith(QStringLiteral("HTTP 404: no_service")), qPrintable(o->error));
        QVERIFY(!o->error.contains(QStringLiteral("verysecretpart")));
        QVERIFY(o->error.contains(QStringLiteral("[redacted]")));
    }

    void retryAfterIsObeyedExactly_data()
    {
        QTest::addColumn<QByteArray>("firstAnswer");
        QTest::addColumn<int>("firstStatus");
        QTest::addColumn<bool>("bot");
        QTest::newRow("webhook 429") << QByteArray("rate limited") << 429 << false;
        QTest::newRow("bot 429") << QByteArray(R"({"ok":false,"error":"ratelimited"})") << 429 << true;
        QTest::newRow("bot ok:false ratelimited") << QByteArray(R"({"ok":false,"error":"ratelimited"})") << 200 << true;
    }

    void retryAfterIsObeyedExactly()
    {
        QFETCH(QByteArray, firstAnswer);
        QFETCH(int, firstStatus);
        QFETCH(bool, bot);
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(ScriptedResponse::withStatus(firstStatus, firstAnswer).header("Retry-After", "7"));
        server.enqueue(bot ? ScriptedResponse::json(200, R"({"ok":true})") : ScriptedResponse::ok());
        QJsonObject settings;
        SecretMap secrets;
        if (bot) {
            settings.insert(QStringLiteral("channel_ids"), QJsonArray { QStringLiteral("C1") });
            settings.insert(QStringLiteral("api_base"), server.url(QStringLiteral("/api")));
            secrets.insert(QStringLiteral("bot_token"), QString::fromLatin1(kToken));
        } else {
            secrets.insert(QStringLiteral("webhook_urls"), encodeSecretList({ server.url(QStringLiteral("/hook")) }));
        }
        QCOMPARE(saveChannel(p, QStringLiteral("slack"), QStringLiteral("slack"), settings, secrets), QString());
        QVERIFY(p.start().isEmpty());
        Dispatcher& d = p.engine().notifications().dispatcher();
        QSignalSpy attempts(&d, &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        const auto alert = p.engine().alertManager().submit(alertFor(QStringLiteral("slack")), &fe);
        QVERIFY2(alert, qPrintable(fe.toString()));
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        QCoreApplication::processEvents(); // the dispatcher's queued pump plans the retry
        const qint64 firstAt = clock.nowMs();
        QCOMPARE(p.engine().outbox().forAlert(alert->id).first().nextAttemptAt, firstAt + 7000);
        clock.advance(6999);
        QCOMPARE(d.inFlightCount(), 0); // nothing started before Slack's wait is over
        clock.advance(1);
        QCOMPARE(d.inFlightCount(), 1);
        QVERIFY(done.wait(5000));
        QCOMPARE(server.requestCount(), 2);
        const DeliveryReport r = done.first().first().value<DeliveryReport>();
        QCOMPARE(r.results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(r.results.first().attempts, 2);
    }

    void retrySkipsWebhooksThatAlreadyGotTheMessage()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QVERIFY(p.setSetting(QStringLiteral("delivery.retry_delay_ms"), QStringLiteral("1000")));
        QVERIFY(p.setSetting(QStringLiteral("delivery.jitter"), QStringLiteral("0")));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        int secondCalls = 0;
        server.setHandler([&secondCalls](const RecordedRequest& r) {
            if (r.path == "/second" && ++secondCalls == 1)
                return ScriptedResponse::withStatus(503, "try later");
            return ScriptedResponse::ok();
        });
        const QStringList urls { server.url(QStringLiteral("/first")), server.url(QStringLiteral("/second")) };
        QCOMPARE(saveChannel(p, QStringLiteral("slack"), QStringLiteral("team"), {},
                     { { QStringLiteral("webhook_urls"), encodeSecretList(urls) } }),
            QString());
        QVERIFY(p.start().isEmpty());
        QSignalSpy attempts(&p.engine().notifications().dispatcher(), &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        QVERIFY(p.engine().alertManager().submit(alertFor(QStringLiteral("team")), &fe));
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        QCOMPARE(attempts.first().at(5).toString(), QStringLiteral("webhook 2: HTTP 503: try later"));
        QCOMPARE(server.requestCount(), 2);
        clock.advance(1000);
        QVERIFY(done.wait(5000));
        const DeliveryReport r = done.first().first().value<DeliveryReport>();
        QCOMPARE(r.results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(server.requestCount(), 3); // /first once, /second twice
        QCOMPARE(server.requests().at(2).path, QByteArray("/second"));
    }
};

QTEST_GUILESS_MAIN(TestSlackChannel)
#include "TestSlackChannel.moc"
