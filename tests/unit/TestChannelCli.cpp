// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "InProcessCli.h"
#include "MemorySecretStore.h"

#include "cli/Cli.h"
#include "config/Profile.h"
#include "config/SecretStore.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// `alertdesk-cli channel add KIND NAME ...` for every platform kind, run in-process on a
// temporary profile with in-memory secrets: what is stored where, and the exit code and the
// message when an option is missing or wrong.
class TestChannelCli final : public QObject {
    Q_OBJECT

    using Run = InProcessRun;

    Run run(const QStringList& args, const QByteArray& stdinData = {})
    {
        return runCliInProcess(m_dir->path(), m_secrets.get(), args, stdinData);
    }

    QString storedSecret(const QString& channel, const QString& field)
    {
        QString err;
        const auto p = Profile::load(m_dir->path(), &err);
        return p ? m_secrets->values().value(SecretStore::key(p->id(), channel, field)) : QString();
    }

    std::optional<ChannelConfig> stored(const QString& channel)
    {
        QString err;
        const auto p = Profile::load(m_dir->path(), &err);
        if (!p || !p->channel(channel))
            return std::nullopt;
        return *p->channel(channel);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
    }

    void slackWebhooks()
    {
        const Run r
            = run({ QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("slack"), QStringLiteral("ops"),
                      QStringLiteral("--webhook-url"), QStringLiteral("https://hooks.slack.com/services/T/B/one"),
                      QStringLiteral("--webhook-url"), QStringLiteral("-") },
                "https://hooks.slack.com/services/T/B/two\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto c = stored(QStringLiteral("ops"));
        QVERIFY(c);
        QCOMPARE(c->kind, QStringLiteral("slack"));
        QCOMPARE(c->secretFields, QStringList { QStringLiteral("webhook_urls") });
        QCOMPARE(storedSecret(QStringLiteral("ops"), QStringLiteral("webhook_urls")),
            QStringLiteral(
                "[\"https://hooks.slack.com/services/T/B/one\",\"https://hooks.slack.com/services/T/B/two\"]"));
        // No URL in the profile file.
        QFile f(m_dir->path() + QStringLiteral("/config.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("hooks.slack.com"));
    }

    void slackBot()
    {
        const Run r
            = run({ QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("slack"), QStringLiteral("bot"),
                      QStringLiteral("--bot-token"), QStringLiteral("-"), QStringLiteral("--channel-id"),
                      QStringLiteral("C1"), QStringLiteral("--channel-id"), QStringLiteral("C2"),
                      QStringLiteral("--api-base"), QStringLiteral("http://127.0.0.1:9/api") },
                "xoxb-123_secret\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto c = stored(QStringLiteral("bot"));
        QVERIFY(c);
        QCOMPARE(c->settings.value(QStringLiteral("channel_ids")).toArray(),
            (QJsonArray { QStringLiteral("C1"), QStringLiteral("C2") }));
        QCOMPARE(c->settings.value(QStringLiteral("api_base")).toString(), QStringLiteral("http://127.0.0.1:9/api"));
        QCOMPARE(storedSecret(QStringLiteral("bot"), QStringLiteral("bot_token")), QStringLiteral("xoxb-123_secret"));
    }

    void discord()
    {
        const Run r
            = run({ QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("discord"), QStringLiteral("dc"),
                QStringLiteral("--webhook-url"), QStringLiteral("https://discord.com/api/webhooks/1/a"),
                QStringLiteral("--webhook-url"), QStringLiteral("https://discord.com/api/webhooks/2/b") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(stored(QStringLiteral("dc")));
        QCOMPARE(storedSecret(QStringLiteral("dc"), QStringLiteral("webhook_urls")),
            QStringLiteral("[\"https://discord.com/api/webhooks/1/a\",\"https://discord.com/api/webhooks/2/b\"]"));
    }

    void telegram()
    {
        const Run r
            = run({ QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("telegram"), QStringLiteral("tg"),
                      QStringLiteral("--bot-token"), QStringLiteral("-"), QStringLiteral("--chat-id"),
                      QStringLiteral("-1001234567890"), QStringLiteral("--chat-id"), QStringLiteral("@desk_alerts"),
                      QStringLiteral("--api-base"), QStringLiteral("http://127.0.0.1:8081") },
                "123456:ABC-def_ghi\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto c = stored(QStringLiteral("tg"));
        QVERIFY(c);
        QCOMPARE(c->settings.value(QStringLiteral("chat_ids")).toArray(),
            (QJsonArray { QStringLiteral("-1001234567890"), QStringLiteral("@desk_alerts") }));
        QCOMPARE(c->secretFields, QStringList { QStringLiteral("bot_token") });
        QCOMPARE(storedSecret(QStringLiteral("tg"), QStringLiteral("bot_token")), QStringLiteral("123456:ABC-def_ghi"));
    }

    void sms()
    {
        const Run r
            = run({ QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("sms"), QStringLiteral("phone"),
                      QStringLiteral("--account-sid"), QStringLiteral("AC0123456789abcdef0123456789abcdef"),
                      QStringLiteral("--auth-token"), QStringLiteral("-"), QStringLiteral("--from"),
                      QStringLiteral("+15557650002"), QStringLiteral("--to"), QStringLiteral("+15551230001"),
                      QStringLiteral("--to"), QStringLiteral("+447700900123"), QStringLiteral("--api-base"),
                      QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--max-segments"), QStringLiteral("2") },
                "tok-secret-value\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto c = stored(QStringLiteral("phone"));
        QVERIFY(c);
        QCOMPARE(c->settings.value(QStringLiteral("account_sid")).toString(),
            QStringLiteral("AC0123456789abcdef0123456789abcdef"));
        QCOMPARE(c->settings.value(QStringLiteral("from")).toString(), QStringLiteral("+15557650002"));
        QCOMPARE(c->settings.value(QStringLiteral("to")).toArray(),
            (QJsonArray { QStringLiteral("+15551230001"), QStringLiteral("+447700900123") }));
        QCOMPARE(c->settings.value(QStringLiteral("max_segments")).toInt(), 2);
        QCOMPARE(
            storedSecret(QStringLiteral("phone"), QStringLiteral("auth_token")), QStringLiteral("tok-secret-value"));
    }

    void teams()
    {
        const QString url = QStringLiteral(
            "https://prod-00.westeurope.logic.azure.com/workflows/x/triggers/manual/paths/invoke?sig=abc");
        const Run r = run({ QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("teams"),
                              QStringLiteral("ms"), QStringLiteral("--webhook-url"), QStringLiteral("-") },
            url.toUtf8() + "\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(stored(QStringLiteral("ms")));
        QCOMPARE(storedSecret(QStringLiteral("ms"), QStringLiteral("webhook_url")), url);
    }

    void pagerduty()
    {
        const Run r = run({ QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("pagerduty"),
            QStringLiteral("pd"), QStringLiteral("--routing-key"), QStringLiteral("R0123456789ABCDEF0123456789ABCDE"),
            QStringLiteral("--api-base"), QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--source"),
            QStringLiteral("trading-desk") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto c = stored(QStringLiteral("pd"));
        QVERIFY(c);
        QCOMPARE(c->settings.value(QStringLiteral("api_base")).toString(), QStringLiteral("http://127.0.0.1:9"));
        QCOMPARE(c->settings.value(QStringLiteral("source")).toString(), QStringLiteral("trading-desk"));
        QCOMPARE(storedSecret(QStringLiteral("pd"), QStringLiteral("routing_key")),
            QStringLiteral("R0123456789ABCDEF0123456789ABCDE"));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");

        QTest::newRow("slack nothing") << QStringList { QStringLiteral("slack"), QStringLiteral("s") }
                                       << QStringLiteral("--webhook-url");
        QTest::newRow("slack token without channel") << QStringList { QStringLiteral("slack"), QStringLiteral("s"),
            QStringLiteral("--bot-token"), QStringLiteral("xoxb-1") }
                                                     << QStringLiteral("--channel-id");
        QTest::newRow("slack channel without token") << QStringList { QStringLiteral("slack"), QStringLiteral("s"),
            QStringLiteral("--channel-id"), QStringLiteral("C1") }
                                                     << QStringLiteral("--bot-token");
        QTest::newRow("slack bad url") << QStringList { QStringLiteral("slack"), QStringLiteral("s"),
            QStringLiteral("--webhook-url"), QStringLiteral("ftp://x") }
                                       << QStringLiteral("--webhook-url");
        QTest::newRow("slack bad api base") << QStringList { QStringLiteral("slack"), QStringLiteral("s"),
            QStringLiteral("--webhook-url"), QStringLiteral("https://x/y"), QStringLiteral("--api-base"),
            QStringLiteral("nope") } << QStringLiteral("--api-base");
        QTest::newRow("discord no url") << QStringList { QStringLiteral("discord"), QStringLiteral("d") }
                                        << QStringLiteral("--webhook-url is required");
        QTest::newRow("discord bad url") << QStringList { QStringLiteral("discord"), QStringLiteral("d"),
            QStringLiteral("--webhook-url"), QStringLiteral("discord.com/x") }
                                         << QStringLiteral("--webhook-url");
        QTest::newRow("discord unknown option") << QStringList { QStringLiteral("discord"), QStringLiteral("d"),
            QStringLiteral("--webhook-url"), QStringLiteral("https://x/y"), QStringLiteral("--bot-token"),
            QStringLiteral("t") } << QStringLiteral("--bot-token");
        QTest::newRow("telegram no token") << QStringList { QStringLiteral("telegram"), QStringLiteral("t"),
            QStringLiteral("--chat-id"), QStringLiteral("-1") }
                                           << QStringLiteral("--bot-token is required");
        QTest::newRow("telegram no chat") << QStringList { QStringLiteral("telegram"), QStringLiteral("t"),
            QStringLiteral("--bot-token"), QStringLiteral("1:abc") }
                                          << QStringLiteral("--chat-id is required");
        QTest::newRow("telegram bad token") << QStringList { QStringLiteral("telegram"), QStringLiteral("t"),
            QStringLiteral("--bot-token"), QStringLiteral("1:a/b?c"), QStringLiteral("--chat-id"),
            QStringLiteral("-1") } << QStringLiteral("bot_token");
        QTest::newRow("telegram bad chat")
            << QStringList { QStringLiteral("telegram"), QStringLiteral("t"), QStringLiteral("--bot-token"),
                   QStringLiteral("1:abc"), QStringLiteral("--chat-id"), QStringLiteral("general chat") }
            << QStringLiteral("chat_ids");
        const QStringList sms { QStringLiteral("sms"), QStringLiteral("s"), QStringLiteral("--account-sid"),
            QStringLiteral("AC0123456789abcdef0123456789abcdef"), QStringLiteral("--auth-token"), QStringLiteral("tok"),
            QStringLiteral("--from"), QStringLiteral("+15557650002"), QStringLiteral("--to"),
            QStringLiteral("+15551230001") };
        for (const QString& option : { QStringLiteral("--account-sid"), QStringLiteral("--auth-token"),
                 QStringLiteral("--from"), QStringLiteral("--to") }) {
            QStringList args = sms;
            const qsizetype at = args.indexOf(option);
            args.remove(at, 2);
            QTest::addRow("sms without %s", qPrintable(option)) << args << option + QStringLiteral(" is required");
        }
        QTest::newRow("sms bad sid") << QStringList(sms).replaceInStrings(
            QStringLiteral("AC0123456789abcdef0123456789abcdef"), QStringLiteral("XY1"))
                                     << QStringLiteral("account_sid");
        QTest::newRow("sms bad recipient") << QStringList(sms).replaceInStrings(QStringLiteral("+15551230001"),
            QStringLiteral("555-1234")) << QStringLiteral("to: '555-1234'");
        QTest::newRow("sms bad segments")
            << sms + QStringList { QStringLiteral("--max-segments"), QStringLiteral("11") }
            << QStringLiteral("--max-segments");
        QTest::newRow("teams no url") << QStringList { QStringLiteral("teams"), QStringLiteral("t") }
                                      << QStringLiteral("--webhook-url is required");
        QTest::newRow("teams two urls") << QStringList { QStringLiteral("teams"), QStringLiteral("t"),
            QStringLiteral("--webhook-url"), QStringLiteral("https://a/b"), QStringLiteral("--webhook-url"),
            QStringLiteral("https://c/d") }
                                        << QStringLiteral("--webhook-url");
        const QStringList voice { QStringLiteral("voice"), QStringLiteral("v"), QStringLiteral("--account-sid"),
            QStringLiteral("AC0123456789abcdef0123456789abcdef"), QStringLiteral("--auth-token"), QStringLiteral("tok"),
            QStringLiteral("--from"), QStringLiteral("+15557650002"), QStringLiteral("--to"),
            QStringLiteral("+15551230001") };
        QTest::newRow("voice no number") << voice.mid(0, 8) << QStringLiteral("--to is required");
        QTest::newRow("voice from a sender name") << QStringList(voice).replaceInStrings(QStringLiteral("+15557650002"),
            QStringLiteral("Desk")) << QStringLiteral("from 'Desk' is not an E.164 number");
        QTest::newRow("voice repeat") << voice + QStringList { QStringLiteral("--repeat"), QStringLiteral("6") }
                                      << QStringLiteral("--repeat must be a whole number from 1 to 5");
        QTest::newRow("voice language") << voice
                + QStringList { QStringLiteral("--language"), QStringLiteral("english!") }
                                        << QStringLiteral("language 'english!' is not a language tag");
        QTest::newRow("ntfy no topic") << QStringList { QStringLiteral("ntfy"), QStringLiteral("n") }
                                       << QStringLiteral("--topic is required");
        QTest::newRow("ntfy token and user") << QStringList { QStringLiteral("ntfy"), QStringLiteral("n"),
            QStringLiteral("--topic"), QStringLiteral("t"), QStringLiteral("--token"), QStringLiteral("tk_1"),
            QStringLiteral("--user"), QStringLiteral("u"), QStringLiteral("--password"),
            QStringLiteral("p") } << QStringLiteral("give either --token or --user with --password, not both");
        QTest::newRow("ntfy user without password") << QStringList { QStringLiteral("ntfy"), QStringLiteral("n"),
            QStringLiteral("--topic"), QStringLiteral("t"), QStringLiteral("--user"), QStringLiteral("u") }
                                                    << QStringLiteral("--user and --password go together");
        QTest::newRow("ntfy server") << QStringList {
            QStringLiteral("ntfy"), QStringLiteral("n"), QStringLiteral("--topic"), QStringLiteral("t"),
            QStringLiteral("--server"), QStringLiteral("ntfy.example.com")
        } << QStringLiteral("--server has no scheme: it must start with https:// or http://");
        QTest::newRow("pushover no token") << QStringList { QStringLiteral("pushover"), QStringLiteral("o"),
            QStringLiteral("--user-key"), QStringLiteral("uQiRzpo4DXghDmr9QzzfQu27cmVRsG") }
                                           << QStringLiteral("--app-token is required");
        QTest::newRow("pushover retry") << QStringList { QStringLiteral("pushover"), QStringLiteral("o"),
            QStringLiteral("--user-key"), QStringLiteral("uQiRzpo4DXghDmr9QzzfQu27cmVRsG"),
            QStringLiteral("--app-token"), QStringLiteral("azGDORePK8gMaC0QOYAMyEEuzJnyUi"), QStringLiteral("--retry"),
            QStringLiteral("10") } << QStringLiteral("--retry must be a whole number from 30 to 10800");
        QTest::newRow("pagerduty no key") << QStringList { QStringLiteral("pagerduty"), QStringLiteral("p") }
                                          << QStringLiteral("--routing-key is required");
        QTest::newRow("pagerduty short key") << QStringList { QStringLiteral("pagerduty"), QStringLiteral("p"),
            QStringLiteral("--routing-key"), QStringLiteral("abc123") }
                                             << QStringLiteral("routing_key");
    }

    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        const Run r = run(QStringList { QStringLiteral("channel"), QStringLiteral("add") } + args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(named), qPrintable(r.err));
        QVERIFY(!stored(args.at(1)));
        QVERIFY(m_secrets->values().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestChannelCli)
#include "TestChannelCli.moc"
