// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ChannelTestSupport.h"

#include "channels/PushoverChannel.h"

#include <QJsonArray>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Pushover's messages API against a server on 127.0.0.1 that answers as Pushover does:
// {"status":1,"request":...} on success, {"errors":[...],"status":0} otherwise.
class TestPushoverChannel final : public QObject {
    Q_OBJECT

    static constexpr const char* kToken = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";
    static constexpr const char* kUser = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";

    static QJsonObject settingsFor(const ScriptedHttpServer& server)
    {
        return { { QStringLiteral("api_base"), server.url(QStringLiteral("/")) },
            { QStringLiteral("devices"), QJsonArray { QStringLiteral("iphone") } } };
    }

    static SecretMap secrets()
    {
        return { { QStringLiteral("app_token"), QString::fromLatin1(kToken) },
            { QStringLiteral("user_key"), QString::fromLatin1(kUser) } };
    }

private Q_SLOTS:
    void postsTheMessage()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(
            ScriptedResponse::json(200, R"({"status":1,"request":"647d2300-702c-4b38-8b2f-d56326ae460b"})"));
        QNetworkAccessManager nam;
        FakeClock clock;
        QString error;
        auto ch = makeChannel(QStringLiteral("pushover"), settingsFor(server), secrets(), &nam, &clock, &error);
        QVERIFY2(ch, qPrintable(error));
        Alert a = goldenAlert();
        a.priority = Priority::Critical;
        const auto o = sendAndWait(*ch, a, QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Delivered));
        const RecordedRequest& r = server.requests().first();
        QCOMPARE(r.path, QByteArray("/1/messages.json"));
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        PushoverOptions options;
        options.devices = QStringList { QStringLiteral("iphone") };
        QCOMPARE(r.body, pushoverPayload(a, QString::fromLatin1(kToken), QString::fromLatin1(kUser), options));
        QCOMPARE(r.json().value(QStringLiteral("priority")).toInt(), 2);
        QCOMPARE(r.json().value(QStringLiteral("retry")).toInt(), 60);
        QCOMPARE(r.json().value(QStringLiteral("expire")).toInt(), 3600);
    }

    void errorsArrayIsTheFailureAndNothingSecretShows()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        // Pushover names the field it refuses; this one echoes the key as well.
        server.setDefault(ScriptedResponse::json(400,
            R"json({"user":"invalid","errors":["user identifier is not a valid user, group, or subscribed user key (uQiRzpo4DXghDmr9QzzfQu27cmVRsG)"],"status":0,"request":"5042853c-402d-4a18-abcb-168734a801de"})json"));
        QCOMPARE(saveChannel(p, QStringLiteral("pushover"), QStringLiteral("push"), settingsFor(server), secrets()),
            QString());
        QVERIFY(p.start().isEmpty());
        QSignalSpy attempts(&p.engine().notifications().dispatcher(), &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        QVERIFY(p.engine().alertManager().submit(alertFor(QStringLiteral("push")), &fe));
        QVERIFY(done.wait(5000));
        const ChannelResult r = done.first().first().value<DeliveryReport>().results.first();
        QCOMPARE(r.status, DeliveryStatus::Failed);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.error,
            QStringLiteral(
                "Pushover: user identifier is not a valid user, group, or subscribed user key ([redacted])"));
        clock.advance(600000);
        QCOMPARE(server.requestCount(), 1);
    }

    void serverErrorsAreRetried()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::withStatus(502, "bad gateway"));
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(QStringLiteral("pushover"), settingsFor(server), secrets(), &nam, &clock);
        QVERIFY(ch);
        const auto o = sendAndWait(*ch, goldenAlert(), QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Retry));
        QCOMPARE(o->error, QStringLiteral("HTTP 502: bad gateway"));
    }
};

QTEST_GUILESS_MAIN(TestPushoverChannel)
#include "TestPushoverChannel.moc"
