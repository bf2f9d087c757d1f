// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ChannelTestSupport.h"

#include "channels/DiscordChannel.h"
#include "channels/PayloadText.h"

#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Discord webhooks against a server on 127.0.0.1 that answers as Discord does.
class TestDiscordChannel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyWebhookGetsTheEmbedWithWait()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::json(200, R"({"id":"1234","type":0,"content":""})"));
        QNetworkAccessManager nam;
        FakeClock clock;
        QString error;
        const QStringList urls { server.url(QStringLiteral("/api/webhooks/1/tokA")),
            server.url(QStringLiteral("/api/webhooks/2/tokB?thread_id=7")) };
        auto ch = makeChannel(QStringLiteral("discord"), {},
            { { QStringLiteral("webhook_urls"), encodeSecretList(urls) } }, &nam, &clock, &error);
        QVERIFY2(ch, qPrintable(error));
        const Alert a = goldenAlert();
        const auto o = sendAndWait(*ch, a, QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Delivered));
        QCOMPARE(server.requestCount(), 2);
        QStringList paths;
        for (const RecordedRequest& r : server.requests()) {
            paths << QString::fromLatin1(r.path);
            QCOMPARE(r.body, discordPayload(a));
            QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        }
        paths.sort();
        QCOMPARE(paths,
            (QStringList { QStringLiteral("/api/webhooks/1/tokA?wait=true"),
                QStringLiteral("/api/webhooks/2/tokB?thread_id=7&wait=true") }));
    }

    void unknownWebhookFailsWithDiscordsMessage()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(ScriptedResponse::json(404, R"({"message": "Unknown Webhook", "code": 10015})"));
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(QStringLiteral("discord"), {},
            { { QStringLiteral("webhook_urls"),
                encodeSecretList({ server.url(QStringLiteral("/api/webhooks/9/secrettoken")) }) } },
            &nam, &clock);
        QVERIFY(ch);
        const auto o = sendAndWait(*ch, goldenAlert(), QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Failed));
        QCOMPARE(o->error, QStringLiteral("HTTP 404: Unknown Webhook (code 10015)"));
        QCOMPARE(o->httpStatus, 404);
    }

    void retryAfterFloatIsObeyedToTheMillisecond()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        // Retry-After (whole seconds) disagrees on purpose: the body's float wins.
        server.enqueue(ScriptedResponse::json(
            429, R"({"message":"You are being rate limited.","retry_after":0.631,"global":false})")
                           .header("Retry-After", "1"));
        server.enqueue(ScriptedResponse::json(200, R"({"id":"1"})"));
        QCOMPARE(saveChannel(p, QStringLiteral("discord"), QStringLiteral("dc"), {},
                     { { QStringLiteral("webhook_urls"),
                         encodeSecretList({ server.url(QStringLiteral("/api/webhooks/1/t")) }) } }),
            QString());
        QVERIFY(p.start().isEmpty());
        Dispatcher& d = p.engine().notifications().dispatcher();
        QSignalSpy attempts(&d, &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        const auto alert = p.engine().alertManager().submit(alertFor(QStringLiteral("dc")), &fe);
        QVERIFY2(alert, qPrintable(fe.toString()));
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        QCoreApplication::processEvents(); // the dispatcher's queued pump plans the retry
        QCOMPARE(p.engine().outbox().forAlert(alert->id).first().nextAttemptAt, clock.nowMs() + 631);
        clock.advance(630);
        QCOMPARE(d.inFlightCount(), 0);
        clock.advance(1);
        QCOMPARE(d.inFlightCount(), 1);
        QVERIFY(done.wait(5000));
        QCOMPARE(done.first().first().value<DeliveryReport>().results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(server.requestCount(), 2);
    }

    void rateLimitedWebhookIsRetriedAlone()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        int bCalls = 0;
        server.setHandler([&bCalls](const RecordedRequest& r) {
            if (r.path.startsWith("/b") && ++bCalls == 1)
                return ScriptedResponse::json(429, R"({"message":"slow down","retry_after":2.25,"global":false})");
            return ScriptedResponse::json(200, R"({"id":"1"})");
        });
        QCOMPARE(saveChannel(p, QStringLiteral("discord"), QStringLiteral("dc"), {},
                     { { QStringLiteral("webhook_urls"),
                         encodeSecretList({ server.url(QStringLiteral("/a")), server.url(QStringLiteral("/b")) }) } }),
            QString());
        QVERIFY(p.start().isEmpty());
        QSignalSpy attempts(&p.engine().notifications().dispatcher(), &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        const auto alert = p.engine().alertManager().submit(alertFor(QStringLiteral("dc")), &fe);
        QVERIFY(alert);
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(5).toString(), QStringLiteral("webhook 2: HTTP 429: slow down"));
        QCOMPARE(p.engine().outbox().forAlert(alert->id).first().nextAttemptAt, clock.nowMs() + 2250);
        clock.advance(2250);
        QVERIFY(done.wait(5000));
        QCOMPARE(server.requestCount(), 3);
        QVERIFY(server.requests().at(2).path.startsWith("/b"));
    }
};

QTEST_GUILESS_MAIN(TestDiscordChannel)
#include "TestDiscordChannel.moc"
