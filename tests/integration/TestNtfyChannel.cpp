// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ChannelTestSupport.h"

#include "channels/NtfyChannel.h"

#include <QJsonArray>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// ntfy's JSON publishing against a server on 127.0.0.1 that answers as ntfy does: the message
// back on success, {"code","http","error"} otherwise, 429 when a visitor is over its limit.
class TestNtfyChannel final : public QObject {
    Q_OBJECT

    static QJsonObject settingsFor(const ScriptedHttpServer& server)
    {
        return { { QStringLiteral("topic"), QStringLiteral("desk-alerts") },
            { QStringLiteral("server"), server.url(QStringLiteral("/")) } };
    }

    static ScriptedResponse published()
    {
        return ScriptedResponse::json(
            200, R"({"id":"sPs71M8A2T","time":1795000000,"event":"message","topic":"desk-alerts"})");
    }

private Q_SLOTS:
    void publishesJsonToTheServerRoot_data()
    {
        QTest::addColumn<SecretMap>("secrets");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QByteArray>("authorization");
        QTest::newRow("anonymous") << SecretMap {} << QString() << QByteArray();
        QTest::newRow("token") << SecretMap {
            { QStringLiteral("token"), QStringLiteral("tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2") }
        } << QString() << QByteArray("Bearer tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2");
        QTest::newRow("user and password")
            << SecretMap { { QStringLiteral("password"), QStringLiteral("s3cret pass") } } << QStringLiteral("trader")
            << QByteArray("Basic " + QByteArray("trader:s3cret pass").toBase64());
    }

    void publishesJsonToTheServerRoot()
    {
        QFETCH(SecretMap, secrets);
        QFETCH(QString, user);
        QFETCH(QByteArray, authorization);
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(published());
        QNetworkAccessManager nam;
        FakeClock clock;
        QJsonObject settings = settingsFor(server);
        if (!user.isEmpty())
            settings.insert(QStringLiteral("user"), user);
        QString error;
        auto ch = makeChannel(QStringLiteral("ntfy"), settings, secrets, &nam, &clock, &error);
        QVERIFY2(ch, qPrintable(error));
        const auto o = sendAndWait(*ch, goldenAlert(), QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Delivered));
        QCOMPARE(server.requestCount(), 1);
        const RecordedRequest& r = server.requests().first();
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.path, QByteArray("/"));
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(r.header("Authorization"), authorization);
        QCOMPARE(r.body, ntfyPayload(goldenAlert(), QStringLiteral("desk-alerts")));
        // ntfy.sh's visitor limit: a burst of 60, then one request every 5 seconds.
        QCOMPARE(ch->ratePolicy().perSecond, 0.2);
        QCOMPARE(ch->ratePolicy().burst, 60);
    }

    void tooManyRequestsIsRetried()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(
            ScriptedResponse::json(429, R"({"code":42901,"http":429,"error":"limit reached: too many requests"})")
                .header("Retry-After", "5"));
        server.enqueue(published());
        QCOMPARE(saveChannel(p, QStringLiteral("ntfy"), QStringLiteral("phone"), settingsFor(server), {}), QString());
        QVERIFY(p.start().isEmpty());
        Dispatcher& d = p.engine().notifications().dispatcher();
        QSignalSpy attempts(&d, &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        const auto alert = p.engine().alertManager().submit(alertFor(QStringLiteral("phone")), &fe);
        QVERIFY(alert);
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        QCOMPARE(
            attempts.first().at(5).toString(), QStringLiteral("ntfy error 42901: limit reached: too many requests"));
        QCoreApplication::processEvents();
        QCOMPARE(p.engine().outbox().forAlert(alert->id).first().nextAttemptAt, clock.nowMs() + 5000);
        clock.advance(4999);
        QCOMPARE(d.inFlightCount(), 0);
        clock.advance(1);
        QVERIFY(done.wait(5000));
        QCOMPARE(done.first().first().value<DeliveryReport>().results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(server.requestCount(), 2);
    }

    void forbiddenFailsAtOnceWithNtfysText()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest& r) {
            return ScriptedResponse::json(
                403, R"({"code":40301,"http":403,"error":"forbidden )" + r.header("Authorization") + R"("})");
        });
        QNetworkAccessManager nam;
        FakeClock clock;
        QJsonObject settings = settingsFor(server);
        settings.insert(QStringLiteral("user"), QStringLiteral("trader"));
        auto ch = makeChannel(QStringLiteral("ntfy"), settings,
            { { QStringLiteral("password"), QStringLiteral("wrong-password") } }, &nam, &clock);
        QVERIFY(ch);
        const auto o = sendAndWait(*ch, goldenAlert(), QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Failed));
        QCOMPARE(o->error, QStringLiteral("ntfy error 40301: forbidden Basic [redacted]"));
    }
};

QTEST_GUILESS_MAIN(TestNtfyChannel)
#include "TestNtfyChannel.moc"
