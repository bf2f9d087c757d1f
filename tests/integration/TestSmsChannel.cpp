// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ChannelTestSupport.h"

#include "channels/SmsChannel.h"

#include <QJsonArray>
#include <QTest>
#include <QUrlQuery>

using namespace alertdesk;
using namespace alertdesk::test;

// Twilio's Messages API against a server on 127.0.0.1 that answers as Twilio does.
class TestSmsChannel final : public QObject {
    Q_OBJECT

    static constexpr const char* kSid = "AC0123456789abcdef0123456789abcdef";
    static constexpr const char* kToken = "twilio-auth-token-secret";

    static QJsonObject settingsFor(const ScriptedHttpServer& server, const QStringList& to)
    {
        return { { QStringLiteral("account_sid"), QString::fromLatin1(kSid) },
            { QStringLiteral("from"), QStringLiteral("+15557650002") },
            { QStringLiteral("to"), QJsonArray::fromStringList(to) },
            { QStringLiteral("api_base"), server.url(QStringLiteral("/")) } };
    }

    static SecretMap secrets() { return { { QStringLiteral("auth_token"), QString::fromLatin1(kToken) } }; }

    static QString toOf(const RecordedRequest& r)
    {
        return QUrlQuery(QString::fromLatin1(QByteArray(r.body).replace('+', "%20")))
            .queryItemValue(QStringLiteral("To"), QUrl::FullyDecoded);
    }

    static ScriptedResponse created() { return ScriptedResponse::json(201, R"({"sid":"SM0123","status":"queued"})"); }
    static ScriptedResponse unsubscribed()
    {
        return ScriptedResponse::json(
            400, R"({"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400})");
    }
    static ScriptedResponse tooMany()
    {
        return ScriptedResponse::json(429, R"({"code":20429,"message":"Too Many Requests","status":429})")
            .header("Retry-After", "2");
    }

private Q_SLOTS:
    void sendsTheFormWithBasicAuthToEveryRecipient()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(created());
        QNetworkAccessManager nam;
        FakeClock clock;
        QString error;
        auto ch = makeChannel(QStringLiteral("sms"),
            settingsFor(server, { QStringLiteral("+15551230001"), QStringLiteral("+447700900123") }), secrets(), &nam,
            &clock, &error);
        QVERIFY2(ch, qPrintable(error));
        const Alert a = goldenAlert();
        const auto o = sendAndWait(*ch, a, QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Delivered));
        QCOMPARE(server.requestCount(), 2);
        QStringList to;
        for (const RecordedRequest& r : server.requests()) {
            QCOMPARE(r.path, QByteArray("/2010-04-01/Accounts/") + kSid + "/Messages.json");
            QCOMPARE(r.header("Authorization"), "Basic " + QByteArray(QByteArray(kSid) + ':' + kToken).toBase64());
            QCOMPARE(r.header("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
            QCOMPARE(r.body, twilioForm(toOf(r), QStringLiteral("+15557650002"), smsText(a)));
            to << toOf(r);
        }
        to.sort();
        QCOMPARE(to, (QStringList { QStringLiteral("+15551230001"), QStringLiteral("+447700900123") }));
    }

    void unsubscribedIsNeverRetried()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QVERIFY(p.setSetting(QStringLiteral("delivery.retry_delay_ms"), QStringLiteral("1000")));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(unsubscribed());
        QCOMPARE(saveChannel(p, QStringLiteral("sms"), QStringLiteral("sms"),
                     settingsFor(server, { QStringLiteral("+15551230001") }), secrets()),
            QString());
        QVERIFY(p.start().isEmpty());
        QSignalSpy attempts(&p.engine().notifications().dispatcher(), &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        QVERIFY(p.engine().alertManager().submit(alertFor(QStringLiteral("sms")), &fe));
        QVERIFY(done.wait(5000));
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("failed"));
        const ChannelResult r = done.first().first().value<DeliveryReport>().results.first();
        QCOMPARE(r.status, DeliveryStatus::Failed);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.error, QStringLiteral("Twilio error 21610: Attempt to send to unsubscribed recipient"));
        clock.advance(600000); // long past every retry the settings would allow
        QCOMPARE(p.engine().notifications().dispatcher().inFlightCount(), 0);
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(server.requestCount(), 1);
    }

    void tooManyRequestsIsRetriedAfterRetryAfter()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(tooMany());
        server.enqueue(created());
        QCOMPARE(saveChannel(p, QStringLiteral("sms"), QStringLiteral("sms"),
                     settingsFor(server, { QStringLiteral("+15551230001") }), secrets()),
            QString());
        QVERIFY(p.start().isEmpty());
        Dispatcher& d = p.engine().notifications().dispatcher();
        QSignalSpy attempts(&d, &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        const auto alert = p.engine().alertManager().submit(alertFor(QStringLiteral("sms")), &fe);
        QVERIFY(alert);
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        QCOMPARE(attempts.first().at(5).toString(), QStringLiteral("Twilio error 20429: Too Many Requests"));
        QCoreApplication::processEvents();
        QCOMPARE(p.engine().outbox().forAlert(alert->id).first().nextAttemptAt, clock.nowMs() + 2000);
        clock.advance(1999);
        QCOMPARE(d.inFlightCount(), 0);
        clock.advance(1);
        QCOMPARE(d.inFlightCount(), 1);
        QVERIFY(done.wait(5000));
        QCOMPARE(done.first().first().value<DeliveryReport>().results.first().status, DeliveryStatus::Delivered);
    }

    void oneUnsubscribedRecipientDoesNotStopTheOthers()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        int busyCalls = 0;
        server.setHandler([&busyCalls](const RecordedRequest& r) {
            const QString to = toOf(r);
            if (to == QLatin1String("+15550000001"))
                return unsubscribed();
            if (to == QLatin1String("+15550000002") && ++busyCalls == 1)
                return tooMany();
            return created();
        });
        QCOMPARE(
            saveChannel(p, QStringLiteral("sms"), QStringLiteral("sms"),
                settingsFor(server,
                    { QStringLiteral("+15550000001"), QStringLiteral("+15550000002"), QStringLiteral("+15550000003") }),
                secrets()),
            QString());
        QVERIFY(p.start().isEmpty());
        QSignalSpy attempts(&p.engine().notifications().dispatcher(), &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        QVERIFY(p.engine().alertManager().submit(alertFor(QStringLiteral("sms")), &fe));
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        QCOMPARE(server.requestCount(), 3);
        clock.advance(2000);
        QVERIFY(done.wait(5000));
        // Only the rate-limited recipient was asked again; the unsubscribed one never.
        QCOMPARE(server.requestCount(), 4);
        QCOMPARE(toOf(server.requests().at(3)), QStringLiteral("+15550000002"));
        const ChannelResult r = done.first().first().value<DeliveryReport>().results.first();
        QCOMPARE(r.status, DeliveryStatus::Failed);
        QCOMPARE(
            r.error, QStringLiteral("+15550000001: Twilio error 21610: Attempt to send to unsubscribed recipient"));
    }

    void theAuthTokenNeverShows()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest& r) {
            const QByteArray creds = QByteArray::fromBase64(r.header("Authorization").mid(6));
            return ScriptedResponse::json(
                401, R"({"code":20003,"message":"Authenticate )" + creds + R"(","status":401})");
        });
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(
            QStringLiteral("sms"), settingsFor(server, { QStringLiteral("+15551230001") }), secrets(), &nam, &clock);
        QVERIFY(ch);
        const auto o = sendAndWait(*ch, goldenAlert(), QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Failed));
        QCOMPARE(
            o->error, QStringLiteral("Twilio error 20003: Authenticate %1:[redacted]").arg(QString::fromLatin1(kSid)));
    }
};

QTEST_GUILESS_MAIN(TestSmsChannel)
#include "TestSmsChannel.moc"
