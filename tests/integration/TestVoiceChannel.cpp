// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ChannelTestSupport.h"

#include "channels/VoiceChannel.h"

#include <QJsonArray>
#include <QTest>
#include <QUrlQuery>

using namespace alertdesk;
using namespace alertdesk::test;

// Twilio Programmable Voice against a server on 127.0.0.1 that answers as Twilio does: the call
// is created (201, status queued), then GET .../Calls/{sid}.json reports its progress until a
// final status. A delivery is the call's outcome.
class TestVoiceChannel final : public QObject {
    Q_OBJECT

    static constexpr const char* kSid = "AC0123456789abcdef0123456789abcdef";
    static constexpr const char* kToken = "twilio-voice-auth-token";

    static QJsonObject settingsFor(const ScriptedHttpServer& server, const QStringList& to)
    {
        return { { QStringLiteral("account_sid"), QString::fromLatin1(kSid) },
            { QStringLiteral("from"), QStringLiteral("+15557650002") },
            { QStringLiteral("to"), QJsonArray::fromStringList(to) },
            { QStringLiteral("api_base"), server.url(QStringLiteral("/")) } };
    }

    static SecretMap secrets() { return { { QStringLiteral("auth_token"), QString::fromLatin1(kToken) } }; }

    static QString formValue(const RecordedRequest& r, const QString& key)
    {
        return QUrlQuery(QString::fromLatin1(QByteArray(r.body).replace('+', "%20")))
            .queryItemValue(key, QUrl::FullyDecoded);
    }

    // A call sid per number, as Twilio's are: CA and 32 hexadecimal digits.
    static QByteArray callSid(const QString& to)
    {
        const QByteArray digits = to.toLatin1().right(7);
        return "CA" + QByteArray(32 - digits.size(), '0') + digits;
    }

    static QByteArray accountPath() { return QByteArray("/2010-04-01/Accounts/") + kSid; }

    static ScriptedResponse call(const QByteArray& sid, const QByteArray& status, int http = 200)
    {
        return ScriptedResponse::json(http, R"({"sid":")" + sid + R"(","status":")" + status + R"("})");
    }

    // A Twilio that plays each number's script of statuses, one per status query (the last
    // one repeated); POSTs create the call, or refuse with the number's error.
    struct FakeTwilio {
        QHash<QString, QList<QByteArray>> statuses; // number -> statuses in order
        QHash<QString, ScriptedResponse> refusals; // number -> error answer to the POST
        QHash<QByteArray, QString> numberOfSid;
        QHash<QByteArray, int> asked;
        int creates = 0;
        int polls = 0;

        ScriptedResponse operator()(const RecordedRequest& r)
        {
            if (r.method == "POST") {
                const QString to = formValue(r, QStringLiteral("To"));
                if (refusals.contains(to))
                    return refusals.value(to);
                ++creates;
                numberOfSid.insert(callSid(to), to);
                return call(callSid(to), "queued", 201);
            }
            ++polls;
            const QByteArray sid = r.path.mid(r.path.lastIndexOf('/') + 1).chopped(5); // "CA....json"
            const QList<QByteArray> script = statuses.value(numberOfSid.value(sid));
            const int n = asked[sid]++;
            return call(
                sid, script.isEmpty() ? QByteArray("completed") : script.at(std::min<int>(n, script.size() - 1)));
        }
    };

    // Sends on a channel of its own and moves the fake clock to each status query as soon as
    // the channel has scheduled it, until the delivery ends.
    static std::optional<SendOutcome> sendAndDrive(
        Channel& ch, FakeClock& clock, const QString& key = QStringLiteral("k"))
    {
        std::optional<SendOutcome> out;
        ch.send(goldenAlert(), DeliveryContext { key, 1, 5000 }, [&out](SendOutcome o) { out = o; });
        for (int i = 0; i < 1000; ++i) {
            if (!waitUntil([&] { return out.has_value() || clock.pendingCount() > 0; }, 5000))
                return std::nullopt;
            if (out)
                return out;
            clock.advance(clock.nextDueAt() - clock.nowMs());
        }
        return std::nullopt;
    }

private Q_SLOTS:
    void callsAndWaitsForCompleted()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        FakeTwilio twilio;
        twilio.statuses.insert(QStringLiteral("+15551230001"), { "queued", "ringing", "in-progress", "completed" });
        server.setHandler([&twilio](const RecordedRequest& r) { return twilio(r); });
        QNetworkAccessManager nam;
        FakeClock clock;
        const qint64 start = clock.nowMs();
        QString error;
        auto ch = makeChannel(QStringLiteral("voice"), settingsFor(server, { QStringLiteral("+15551230001") }),
            secrets(), &nam, &clock, &error);
        QVERIFY2(ch, qPrintable(error));
        const auto o = sendAndDrive(*ch, clock);
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Delivered));
        // One call, then its status every poll interval until completed.
        QCOMPARE(twilio.creates, 1);
        QCOMPARE(twilio.polls, 4);
        QCOMPARE(ch->ratePolicy().perSecond, 1.0); // Twilio's default: one call a second
        QCOMPARE(ch->ratePolicy().burst, 1);
        QCOMPARE(clock.nowMs() - start, 4 * VoiceLimits::pollIntervalMs);
        const QByteArray auth = "Basic " + QByteArray(QByteArray(kSid) + ':' + kToken).toBase64();
        const RecordedRequest& create = server.requests().first();
        QCOMPARE(create.method, QByteArray("POST"));
        QCOMPARE(create.path, accountPath() + "/Calls.json");
        QCOMPARE(create.header("Authorization"), auth);
        QCOMPARE(create.header("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
        QCOMPARE(create.body,
            twilioCallForm(QStringLiteral("+15551230001"), QStringLiteral("+15557650002"),
                voiceTwiml(goldenAlert(), {}, {}, VoiceLimits::defaultRepeat)));
        for (int i = 1; i < server.requestCount(); ++i) {
            const RecordedRequest& poll = server.requests().at(i);
            QCOMPARE(poll.method, QByteArray("GET"));
            QCOMPARE(poll.path, accountPath() + "/Calls/" + callSid(QStringLiteral("+15551230001")) + ".json");
            QCOMPARE(poll.header("Authorization"), auth);
        }
    }

    void unansweredCallsAreToBeRetried_data()
    {
        QTest::addColumn<QByteArray>("status");
        QTest::newRow("no-answer") << QByteArray("no-answer");
        QTest::newRow("busy") << QByteArray("busy");
        QTest::newRow("failed") << QByteArray("failed");
        QTest::newRow("canceled") << QByteArray("canceled");
    }

    void unansweredCallsAreToBeRetried()
    {
        QFETCH(QByteArray, status);
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        FakeTwilio twilio;
        twilio.statuses.insert(QStringLiteral("+15551230001"), { "ringing", "ringing", status });
        server.setHandler([&twilio](const RecordedRequest& r) { return twilio(r); });
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(
            QStringLiteral("voice"), settingsFor(server, { QStringLiteral("+15551230001") }), secrets(), &nam, &clock);
        QVERIFY(ch);
        const auto o = sendAndDrive(*ch, clock);
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Retry));
        QVERIFY(!o->rateLimited);
        QCOMPARE(o->error,
            QStringLiteral("call %1 ended %2")
                .arg(QString::fromLatin1(callSid(QStringLiteral("+15551230001"))), QString::fromLatin1(status)));
        QCOMPARE(twilio.creates, 1);
        QCOMPARE(twilio.polls, 3);
    }

    void aCallThatNeverEndsIsGivenUp()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        FakeTwilio twilio;
        twilio.statuses.insert(QStringLiteral("+15551230001"), { "ringing" }); // forever
        server.setHandler([&twilio](const RecordedRequest& r) { return twilio(r); });
        QNetworkAccessManager nam;
        FakeClock clock;
        const qint64 start = clock.nowMs();
        auto ch = makeChannel(
            QStringLiteral("voice"), settingsFor(server, { QStringLiteral("+15551230001") }), secrets(), &nam, &clock);
        QVERIFY(ch);
        const auto o = sendAndDrive(*ch, clock);
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Retry));
        QVERIFY2(o->error.endsWith(QStringLiteral("(last status: ringing)")), qPrintable(o->error));
        QVERIFY(clock.nowMs() - start <= VoiceLimits::pollLimitMs);
        QCOMPARE(twilio.polls, int(VoiceLimits::pollLimitMs / VoiceLimits::pollIntervalMs));
        QCOMPARE(clock.pendingCount(), 0); // no query left behind
    }

    void aLostStatusAnswerDoesNotCallAgain()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        FakeTwilio twilio;
        int gets = 0;
        server.setHandler([&](const RecordedRequest& r) {
            if (r.method == "GET" && ++gets <= 2)
                return gets == 1 ? ScriptedResponse::withStatus(503, "busy") : ScriptedResponse::reset();
            return twilio(r);
        });
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(
            QStringLiteral("voice"), settingsFor(server, { QStringLiteral("+15551230001") }), secrets(), &nam, &clock);
        QVERIFY(ch);
        const auto o = sendAndDrive(*ch, clock);
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Delivered));
        QCOMPARE(twilio.creates, 1);
        QCOMPARE(gets, 3);
    }

    void twilioErrorsFailAtOnce_data()
    {
        QTest::addColumn<int>("http");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::newRow("21211 invalid number")
            << 400
            << QByteArray("{\"code\":21211,\"message\":\"The 'To' number +15551230001 is not a valid phone number.\","
                          "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}")
            << QStringLiteral("Twilio error 21211: The 'To' number +15551230001 is not a valid phone number.");
        QTest::newRow("21215 geo permission")
            << 400
            << QByteArray(
                   R"({"code":21215,"message":"Account not authorized to call +15551230001. Perhaps you need to enable some international permissions.","status":400})")
            << QStringLiteral("Twilio error 21215: Account not authorized to call +15551230001. Perhaps you need to "
                              "enable some international permissions.");
        QTest::newRow("20003 authentication")
            << 401 << QByteArray(R"({"code":20003,"message":"Authenticate","status":401})")
            << QStringLiteral("Twilio error 20003: Authenticate");
    }

    void twilioErrorsFailAtOnce()
    {
        QFETCH(int, http);
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::json(http, body));
        QCOMPARE(saveChannel(p, QStringLiteral("voice"), QStringLiteral("phone"),
                     settingsFor(server, { QStringLiteral("+15551230001") }), secrets()),
            QString());
        QVERIFY(p.start().isEmpty());
        QSignalSpy attempts(&p.engine().notifications().dispatcher(), &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        QVERIFY(p.engine().alertManager().submit(alertFor(QStringLiteral("phone")), &fe));
        QVERIFY(done.wait(5000));
        const ChannelResult r = done.first().first().value<DeliveryReport>().results.first();
        QCOMPARE(r.status, DeliveryStatus::Failed);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.error, error);
        clock.advance(600000); // long past every retry and status query
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(server.requestCount(), 1); // never asked after a call that was not placed
    }

    void aNumberNobodyAnswersIsCalledAgainByTheDeliveryPolicy()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QVERIFY(p.setSetting(QStringLiteral("delivery.retry_delay_ms"), QStringLiteral("1000")));
        QVERIFY(p.setSetting(QStringLiteral("delivery.jitter"), QStringLiteral("0")));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        // The first call rings out unanswered; the second is picked up.
        int creates = 0;
        int queries = 0;
        server.setHandler([&](const RecordedRequest& r) {
            if (r.method == "POST") {
                ++creates;
                return call(creates == 1 ? "CA00000000000000000000000000000001" : "CA00000000000000000000000000000002",
                    "queued", 201);
            }
            ++queries;
            const bool first = r.path.contains("CA00000000000000000000000000000001");
            return call(first ? "CA00000000000000000000000000000001" : "CA00000000000000000000000000000002",
                first ? "no-answer" : "completed");
        });
        QCOMPARE(saveChannel(p, QStringLiteral("voice"), QStringLiteral("phone"),
                     settingsFor(server, { QStringLiteral("+15551230001") }), secrets()),
            QString());
        QVERIFY(p.start().isEmpty());
        QSignalSpy attempts(&p.engine().notifications().dispatcher(), &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        QVERIFY(p.engine().alertManager().submit(alertFor(QStringLiteral("phone")), &fe));
        // Let each answer arrive, then move the clock to the next thing due (a status query, the retry).
        for (int i = 0; i < 50 && done.isEmpty(); ++i) {
            const int seen = server.requestCount();
            waitUntil([&] { return !done.isEmpty() || server.requestCount() > seen; }, 200);
            waitUntil([&] { return !done.isEmpty(); }, 50);
            if (done.isEmpty() && clock.nextDueAt() >= 0)
                clock.advance(std::max<qint64>(0, clock.nextDueAt() - clock.nowMs()));
        }
        QCOMPARE(done.size(), 1);
        QCOMPARE(creates, 2);
        QCOMPARE(queries, 2);
        QCOMPARE(attempts.size(), 2);
        QCOMPARE(attempts.at(0).at(3).toString(), QStringLiteral("retry"));
        QCOMPARE(
            attempts.at(0).at(5).toString(), QStringLiteral("call CA00000000000000000000000000000001 ended no-answer"));
        const ChannelResult r = done.first().first().value<DeliveryReport>().results.first();
        QCOMPARE(r.status, DeliveryStatus::Delivered);
        QCOMPARE(r.attempts, 2);
    }

    void onlyTheUnansweredNumberIsCalledAgain()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        FakeTwilio twilio;
        twilio.statuses.insert(QStringLiteral("+15550000001"), { "ringing", "completed" });
        twilio.statuses.insert(QStringLiteral("+15550000002"), { "ringing", "busy" });
        server.setHandler([&twilio](const RecordedRequest& r) { return twilio(r); });
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(QStringLiteral("voice"),
            settingsFor(server, { QStringLiteral("+15550000001"), QStringLiteral("+15550000002") }), secrets(), &nam,
            &clock);
        QVERIFY(ch);
        const auto first = sendAndDrive(*ch, clock, QStringLiteral("same-delivery"));
        QVERIFY(first);
        QCOMPARE(int(first->kind), int(SendOutcome::Kind::Retry));
        QCOMPARE(first->error,
            QStringLiteral("+15550000002: call %1 ended busy")
                .arg(QString::fromLatin1(callSid(QStringLiteral("+15550000002")))));
        QCOMPARE(twilio.creates, 2);
        twilio.statuses.insert(QStringLiteral("+15550000002"), { "completed" });
        twilio.asked.clear();
        const auto second = sendAndDrive(*ch, clock, QStringLiteral("same-delivery"));
        QVERIFY(second);
        QCOMPARE(int(second->kind), int(SendOutcome::Kind::Delivered));
        QCOMPARE(twilio.creates, 3); // the number that answered was not called twice
        QCOMPARE(formValue(server.requests().at(server.requestCount() - 2), QStringLiteral("To")),
            QStringLiteral("+15550000002"));
    }

    void aChannelGoneMidCallReportsARetry()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        FakeTwilio twilio;
        twilio.statuses.insert(QStringLiteral("+15551230001"), { "ringing" });
        server.setHandler([&twilio](const RecordedRequest& r) { return twilio(r); });
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(
            QStringLiteral("voice"), settingsFor(server, { QStringLiteral("+15551230001") }), secrets(), &nam, &clock);
        QVERIFY(ch);
        std::optional<SendOutcome> out;
        ch->send(goldenAlert(), DeliveryContext { QStringLiteral("k"), 1, 5000 }, [&out](SendOutcome o) { out = o; });
        QVERIFY(waitUntil([&] { return clock.pendingCount() > 0; })); // placed; its status is asked next
        QVERIFY(!out);
        ch.reset(); // rebuilt with new settings, or removed
        QVERIFY(out);
        QCOMPARE(int(out->kind), int(SendOutcome::Kind::Retry));
        QCOMPARE(out->error,
            QStringLiteral("call %1: the channel changed before the call ended")
                .arg(QString::fromLatin1(callSid(QStringLiteral("+15551230001")))));
        clock.advance(VoiceLimits::pollIntervalMs);
        QCOMPARE(twilio.polls, 0);
    }

    void theAuthTokenNeverShows()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest& r) {
            const QByteArray creds = QByteArray::fromBase64(r.header("Authorization").mid(6));
            if (r.method == "POST")
                return call("CA0123456789abcdef0123456789abcdef", "queued", 201);
            // The status query is refused, echoing what it was sent.
            return ScriptedResponse::json(401,
                R"({"code":20003,"message":"Authenticate )" + creds + " " + r.header("Authorization")
                    + R"(","status":401})");
        });
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(
            QStringLiteral("voice"), settingsFor(server, { QStringLiteral("+15551230001") }), secrets(), &nam, &clock);
        QVERIFY(ch);
        const auto o = sendAndDrive(*ch, clock);
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Failed));
        QVERIFY2(!o->error.contains(QString::fromLatin1(kToken)), qPrintable(o->error));
        QVERIFY2(!o->error.contains(QString::fromLatin1(QByteArray(QByteArray(kSid) + ':' + kToken).toBase64())),
            qPrintable(o->error));
        QVERIFY2(o->error.startsWith(QStringLiteral("call CA0123456789abcdef0123456789abcdef: status unknown: Twilio "
                                                    "error 20003: Authenticate ")),
            qPrintable(o->error));
    }
};

QTEST_GUILESS_MAIN(TestVoiceChannel)
#include "TestVoiceChannel.moc"
