// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ChannelTestSupport.h"

#include "channels/TelegramChannel.h"
#include "config/Profile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The Telegram Bot API against a server on 127.0.0.1 that answers as Telegram does.
class TestTelegramChannel final : public QObject {
    Q_OBJECT

    static constexpr const char* kToken = "123456789:AAHsecret-token_value";

    static QJsonObject settingsFor(const ScriptedHttpServer& server, const QStringList& chats)
    {
        return { { QStringLiteral("chat_ids"), QJsonArray::fromStringList(chats) },
            { QStringLiteral("api_base"), server.url(QStringLiteral("/tg")) } };
    }

    static SecretMap secrets() { return { { QStringLiteral("bot_token"), QString::fromLatin1(kToken) } }; }

    static QString chatOf(const RecordedRequest& r) { return r.json().value(QStringLiteral("chat_id")).toString(); }

private Q_SLOTS:
    void sendsHtmlToEveryChat()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::json(200, R"({"ok":true,"result":{"message_id":1}})"));
        QNetworkAccessManager nam;
        FakeClock clock;
        QString error;
        auto ch = makeChannel(QStringLiteral("telegram"),
            settingsFor(server, { QStringLiteral("-1001"), QStringLiteral("@alerts_channel") }), secrets(), &nam,
            &clock, &error);
        QVERIFY2(ch, qPrintable(error));
        const Alert a = goldenAlert();
        const auto o = sendAndWait(*ch, a, QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Delivered));
        QCOMPARE(server.requestCount(), 2);
        QStringList chats;
        for (const RecordedRequest& r : server.requests()) {
            QCOMPARE(r.path, QByteArray("/tg/bot") + kToken + "/sendMessage");
            QCOMPARE(r.body, telegramPayload(a, chatOf(r)));
            chats << chatOf(r);
        }
        chats.sort();
        QCOMPARE(chats, (QStringList { QStringLiteral("-1001"), QStringLiteral("@alerts_channel") }));
    }

    void errorsNeverShowTheToken()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest& r) {
            return ScriptedResponse::json(
                404, R"({"ok":false,"error_code":404,"description":"Not Found: )" + r.path + R"("})");
        });
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(
            QStringLiteral("telegram"), settingsFor(server, { QStringLiteral("-1001") }), secrets(), &nam, &clock);
        QVERIFY(ch);
        const auto o = sendAndWait(*ch, goldenAlert(), QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Failed));
        QVERIFY2(!o->error.contains(QStringLiteral("AAHsecret")), qPrintable(o->error));
        QCOMPARE(o->error, QStringLiteral("Telegram 404: Not Found: /tg/bot[redacted]/sendMessage"));
    }

    void retryAfterFromParameters()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        int calls = 0;
        server.setHandler([&calls](const RecordedRequest& r) {
            const bool busy
                = r.json().value(QStringLiteral("chat_id")).toString() == QLatin1String("-2") && ++calls == 1;
            return busy
                ? ScriptedResponse::json(429,
                    R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}})")
                : ScriptedResponse::json(200, R"({"ok":true,"result":{"message_id":1}})");
        });
        QCOMPARE(saveChannel(p, QStringLiteral("telegram"), QStringLiteral("tg"),
                     settingsFor(server, { QStringLiteral("-1"), QStringLiteral("-2") }), secrets()),
            QString());
        QVERIFY(p.start().isEmpty());
        Dispatcher& d = p.engine().notifications().dispatcher();
        QSignalSpy attempts(&d, &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        const auto alert = p.engine().alertManager().submit(alertFor(QStringLiteral("tg")), &fe);
        QVERIFY2(alert, qPrintable(fe.toString()));
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        QCOMPARE(attempts.first().at(5).toString(),
            QStringLiteral("chat -2: Telegram 429: Too Many Requests: retry after 5"));
        QCoreApplication::processEvents();
        QCOMPARE(p.engine().outbox().forAlert(alert->id).first().nextAttemptAt, clock.nowMs() + 5000);
        clock.advance(4999);
        QCOMPARE(d.inFlightCount(), 0);
        clock.advance(1);
        QCOMPARE(d.inFlightCount(), 1);
        QVERIFY(done.wait(5000));
        QCOMPARE(done.first().first().value<DeliveryReport>().results.first().status, DeliveryStatus::Delivered);
        // Chat -1 had its message after the first attempt: the retry went to -2 alone.
        QCOMPARE(server.requestCount(), 3);
        QCOMPARE(chatOf(server.requests().at(2)), QStringLiteral("-2"));
    }

    void migratedChatIsFollowedAndSaved()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest& r) {
            if (r.json().value(QStringLiteral("chat_id")).toString() == QLatin1String("-4001"))
                return ScriptedResponse::json(400,
                    R"({"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1009876543210}})");
            return ScriptedResponse::json(200, R"({"ok":true,"result":{"message_id":1}})");
        });
        QCOMPARE(saveChannel(p, QStringLiteral("telegram"), QStringLiteral("tg"),
                     settingsFor(server, { QStringLiteral("-4001"), QStringLiteral("-5") }), secrets()),
            QString());
        QVERIFY(p.start().isEmpty());
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        QVERIFY(p.engine().alertManager().submit(alertFor(QStringLiteral("tg")), &fe));
        QVERIFY(done.wait(5000));
        const DeliveryReport r = done.first().first().value<DeliveryReport>();
        QCOMPARE(r.results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(r.results.first().attempts, 1); // the resend is part of the same attempt
        QCOMPARE(server.requestCount(), 3);
        QStringList chats;
        for (const RecordedRequest& req : server.requests())
            chats << chatOf(req);
        QVERIFY(chats.contains(QStringLiteral("-1009876543210")));

        // The new id replaced the old one in place, in memory and in config.json.
        const QJsonArray expected { QStringLiteral("-1009876543210"), QStringLiteral("-5") };
        QCOMPARE(
            p.engine().profile().channel(QStringLiteral("tg"))->settings.value(QStringLiteral("chat_ids")).toArray(),
            expected);
        QString error;
        const auto onDisk = Profile::load(p.dir(), &error);
        QVERIFY2(onDisk, qPrintable(error));
        QCOMPARE(onDisk->channel(QStringLiteral("tg"))->settings.value(QStringLiteral("chat_ids")).toArray(), expected);
        QCOMPARE(onDisk->channel(QStringLiteral("tg"))->secretFields, QStringList { QStringLiteral("bot_token") });

        // The next alert goes straight to the new id.
        done.clear();
        QVERIFY(p.engine().alertManager().submit(alertFor(QStringLiteral("tg")), &fe));
        clock.advance(1000); // the channel's pace: one message a second
        QVERIFY(done.wait(5000));
        QCOMPARE(server.requestCount(), 5);
        QStringList second { chatOf(server.requests().at(3)), chatOf(server.requests().at(4)) };
        second.sort();
        QCOMPARE(second, (QStringList { QStringLiteral("-1009876543210"), QStringLiteral("-5") }));
    }

    void aMigrationLoopStops()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::json(400,
            R"({"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-100777}})"));
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(
            QStringLiteral("telegram"), settingsFor(server, { QStringLiteral("-1") }), secrets(), &nam, &clock);
        QVERIFY(ch);
        QSignalSpy changed(ch.get(), &Channel::settingsChanged);
        const auto o = sendAndWait(*ch, goldenAlert(), QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Failed));
        QCOMPARE(server.requestCount(), 2); // the old id, then the new one once: no loop
        QCOMPARE(changed.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestTelegramChannel)
#include "TestTelegramChannel.moc"
