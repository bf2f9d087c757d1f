// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "ScriptedHttpServer.h"
#include "SmtpTestServer.h"
#include "TestCertificates.h"
#include "TestKeychain.h"
#include "TestProfile.h"

#include "config/SecretStore.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace alertdesk;
using namespace alertdesk::test;

// import-env and channel add-url end to end: the real alertdesk-cli, the real Secret Service
// (run inside scripts/with-test-services.sh), every platform a server on 127.0.0.1 (scripted
// HTTP servers answering as each platform does, aiosmtpd with STARTTLS and AUTH for email).
class TestImportCli final : public QObject {
    Q_OBJECT

    // One stand-in per platform, answering as the platform does.
    struct Servers {
        ScriptedHttpServer slackHooks, slackApi, telegram, discord, webhook, twilio, pagerduty;
        QList<QPair<QString, ScriptedHttpServer*>> all()
        {
            return { { QStringLiteral("slack webhook"), &slackHooks }, { QStringLiteral("slack api"), &slackApi },
                { QStringLiteral("telegram"), &telegram }, { QStringLiteral("discord"), &discord },
                { QStringLiteral("webhook"), &webhook }, { QStringLiteral("twilio"), &twilio },
                { QStringLiteral("pagerduty"), &pagerduty } };
        }
        bool listen()
        {
            slackHooks.setDefault(ScriptedResponse::ok());
            slackApi.setDefault(ScriptedResponse::json(200, R"({"ok":true,"channel":"C01234567890","ts":"1.1"})"));
            telegram.setDefault(ScriptedResponse::json(200, R"({"ok":true,"result":{"message_id":1}})"));
            discord.setDefault(ScriptedResponse::json(200, R"({"id":"1","type":0,"content":""})"));
            webhook.setDefault(ScriptedResponse::ok());
            twilio.setDefault(ScriptedResponse::json(201, R"({"sid":"SM0123","status":"queued"})"));
            pagerduty.setDefault(ScriptedResponse::json(202, R"({"status":"success","message":"Event processed"})"));
            for (const auto& [name, s] : all()) {
                if (!s->listen())
                    return false;
            }
            return true;
        }
        void reset()
        {
            // Fresh counts: the recorded requests of the earlier step are kept by index.
            for (const auto& [name, s] : all())
                m_seen[s] = s->requestCount();
        }
        int newRequests(ScriptedHttpServer* s) const { return s->requestCount() - m_seen.value(s); }
        QHash<ScriptedHttpServer*, int> m_seen;
    };

    static constexpr const char* kSlackHookToken = "XXXXXXXXXXXXXXXXXXXX";
    static constexpr const char* kSlackBotToken = "xoxb-your_bot_token";
    static constexpr const char* kTelegramToken = "1234567890:ABCdefGHIjklMNOpqrsTUVwxyz";
    static constexpr const char* kDiscordToken = "DiscordTokenXXXXXXXXXXXX";
    static constexpr const char* kTwilioToken = "twilioAuthTokenSecret";
    static constexpr const char* kRoutingKey = "R0utingKeyR0utingKeyR0utingKey12";

    // The seed's "Configuration Example", with every endpoint moved to 127.0.0.1 (and the
    // variables it leaves out, SMS and PagerDuty, added in the seed's own style).
    QString seedEnv(Servers& s, const SmtpTestServer& smtp) const
    {
        return QStringLiteral("# Email Configuration\n"
                              "EMAIL_NOTIFICATIONS_ENABLED=true\n"
                              "SMTP_HOST=127.0.0.1\n"
                              "SMTP_PORT=%1\n"
                              "SMTP_SECURITY=starttls\n"
                              "SMTP_CA_FILE=%2\n"
                              "SMTP_USERNAME=%3\n"
                              "SMTP_PASSWORD=%4\n"
                              "SMTP_FROM_EMAIL=MasterTrade Alerts <alerts@mastertrade.com>\n"
                              "EMAIL_TO=trader@example.com,admin@example.com\n"
                              "\n"
                              "# Slack Configuration\n"
                              "SLACK_NOTIFICATIONS_ENABLED=true\n"
                              "SLACK_WEBHOOK_URLS=%5\n"
                              "# OR use Bot API\n"
                              "SLACK_BOT_TOKEN=%6\n"
                              "SLACK_CHANNEL_IDS=C01234567890\n"
                              "SLACK_API_BASE=%7\n"
                              "\n"
                              "# Telegram Configuration\n"
                              "TELEGRAM_NOTIFICATIONS_ENABLED=true\n"
                              "TELEGRAM_BOT_TOKEN=%8\n"
                              "TELEGRAM_CHAT_IDS=123456789\n"
                              "TELEGRAM_API_BASE=%9\n")
                   .arg(smtp.port())
                   .arg(m_certs.caFile(), QString::fromLatin1(SmtpTestServer::kUser),
                       QString::fromLatin1(SmtpTestServer::kPassword),
                       s.slackHooks.url(
                           QStringLiteral("/services/T00000000/B00000000/") + QString::fromLatin1(kSlackHookToken)),
                       QString::fromLatin1(kSlackBotToken), s.slackApi.url(QStringLiteral("/api")),
                       QString::fromLatin1(kTelegramToken), s.telegram.url(QString()))
            + QStringLiteral("\n"
                             "# Discord Configuration\n"
                             "DISCORD_NOTIFICATIONS_ENABLED=true\n"
                             "DISCORD_WEBHOOK_URLS=%1\n"
                             "\n"
                             "# Generic Webhooks\n"
                             "WEBHOOK_NOTIFICATIONS_ENABLED=true\n"
                             "WEBHOOK_URLS=%2\n"
                             "\n"
                             "# SMS (Twilio)\n"
                             "SMS_NOTIFICATIONS_ENABLED=true\n"
                             "TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef\n"
                             "TWILIO_AUTH_TOKEN=%3\n"
                             "TWILIO_FROM_NUMBER=+15551234567\n"
                             "SMS_TO=+15557654321\n"
                             "TWILIO_API_BASE=%4\n"
                             "\n"
                             "# PagerDuty\n"
                             "PAGERDUTY_ROUTING_KEY=%5\n"
                             "PAGERDUTY_API_BASE=%6\n"
                             "\n"
                             "# Notification Settings\n"
                             "NOTIFICATION_MAX_RETRIES=3\n"
                             "NOTIFICATION_RETRY_DELAY=5\n"
                             "NOTIFICATION_PARALLEL_DELIVERY=true\n"
                             "NOTIFICATION_FAIL_FAST=false\n")
                  .arg(s.discord.url(QStringLiteral("/api/webhooks/123456789/") + QString::fromLatin1(kDiscordToken)),
                      s.webhook.url(QStringLiteral("/alerts")), QString::fromLatin1(kTwilioToken),
                      s.twilio.url(QString()), QString::fromLatin1(kRoutingKey), s.pagerduty.url(QString()));
    }

    QStringList secrets(Servers& s) const
    {
        return { QString::fromLatin1(SmtpTestServer::kPassword), QString::fromLatin1(kSlackHookToken),
            QString::fromLatin1(kSlackBotToken), QString::fromLatin1(kTelegramToken),
            QStringLiteral("ABCdefGHIjklMNOpqrsTUVwxyz"), QString::fromLatin1(kDiscordToken),
            QString::fromLatin1(kTwilioToken), QString::fromLatin1(kRoutingKey),
            s.webhook.url(QStringLiteral("/alerts")) };
    }

    static QString writeFile(const QTemporaryDir& dir, const QString& name, const QString& text)
    {
        const QString path = dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(text.toUtf8());
        return path;
    }

    static QStringList args(std::initializer_list<const char*> words)
    {
        QStringList out;
        for (const char* w : words)
            out << QString::fromUtf8(w);
        return out;
    }

    static QString channelResult(const QJsonObject& report, const QString& name)
    {
        for (const QJsonValue& c : report.value(QStringLiteral("channels")).toArray()) {
            if (c.toObject().value(QStringLiteral("name")).toString() == name)
                return c.toObject().value(QStringLiteral("result")).toString();
        }
        return QStringLiteral("(absent)");
    }

    void scanForSecrets(const CliRunner& cli, const QStringList& values)
    {
        const auto files = readFilesUnder(cli.profileDir());
        QVERIFY(!files.isEmpty());
        for (const QString& secret : values) {
            for (const QByteArray& form : { secret.toUtf8(), QUrl::toPercentEncoding(secret) }) {
                QVERIFY2(!cli.transcript().contains(form),
                    qPrintable(QStringLiteral("the CLI printed a secret: ") + secret));
                for (const auto& f : files)
                    QVERIFY2(!f.second.contains(form),
                        qPrintable(QStringLiteral("%1 holds a secret: %2").arg(f.first, secret)));
            }
        }
    }

    QTemporaryDir m_certDir;
    TestCertificates m_certs;
    TestKeychain m_keychain; // the real Secret Service; the profiles whose secrets go at the end

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFile::exists(QStringLiteral(ALERTDESK_CLI_PATH)));
        const QString problem = m_keychain.start();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
        QVERIFY(m_certDir.isValid());
        const QString e = m_certs.create(m_certDir.path());
        QVERIFY2(e.isEmpty(), qPrintable(e));
    }

    void cleanupTestCase() { m_keychain.purge(); }

    void seedExampleImportedAndDelivered()
    {
        Servers servers;
        QVERIFY(servers.listen());
        SmtpTestServer smtp(SmtpTestServer::options(SmtpTestServer::Mode::StartTls, m_certs));
        const QString started = smtp.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString profileDir = dir.filePath(QStringLiteral("profile"));
        m_keychain << profileDir;
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), profileDir);
        const QString envFile = writeFile(dir, QStringLiteral("alerts.env"), seedEnv(servers, smtp));

        const CliResult first = cli.run({ QStringLiteral("import-env"), envFile });
        QVERIFY2(first.exitedWith(0), qPrintable(first.describe()));
        const QJsonObject report = first.json().object();
        const QStringList channels { QStringLiteral("email"), QStringLiteral("sms"), QStringLiteral("telegram"),
            QStringLiteral("discord"), QStringLiteral("slack"), QStringLiteral("webhook"),
            QStringLiteral("pagerduty") };
        for (const QString& c : channels)
            QCOMPARE(channelResult(report, c), QStringLiteral("added"));
        for (const QJsonValue& v : report.value(QStringLiteral("variables")).toArray())
            QVERIFY2(v.toObject().value(QStringLiteral("status")).toString() == QLatin1String("used"),
                qPrintable(QString::fromUtf8(QJsonDocument(v.toObject()).toJson())));
        QCOMPARE(report.value(QStringLiteral("variables")).toArray().size(), 34);
        QVERIFY2(first.err.contains("channel slack (slack): added"), qPrintable(first.describe()));

        // One alert to every channel reaches every server.
        servers.reset();
        const CliResult send
            = cli.run(args({ "send", "--type", "RISK", "--priority", "HIGH", "--title", "Position Risk Exceeded",
                          "--message", "BTC position exceeds risk limit by 15%", "--symbol", "BTCUSDT", "--data",
                          R"({"position_size": 2.5, "risk_pct": 6.5})" }),
                {}, 60000);
        QVERIFY2(send.exitedWith(0), qPrintable(send.describe()));
        const QJsonArray results = send.json().object().value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), channels.size());
        for (const QJsonValue& r : results)
            QCOMPARE(r.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
        for (const auto& [name, server] : servers.all())
            QVERIFY2(servers.newRequests(server) == 1,
                qPrintable(QStringLiteral("%1 got %2 requests").arg(name).arg(servers.newRequests(server))));
        QCOMPARE(servers.slackApi.requests().last().path, QByteArray("/api/chat.postMessage"));
        QCOMPARE(servers.slackApi.requests().last().header("Authorization"), QByteArray("Bearer ") + kSlackBotToken);
        QCOMPARE(
            servers.slackHooks.requests().last().path, QByteArray("/services/T00000000/B00000000/") + kSlackHookToken);
        QCOMPARE(servers.telegram.requests().last().path, QByteArray("/bot") + kTelegramToken + "/sendMessage");
        QVERIFY(servers.discord.requests().last().path.startsWith(
            QByteArray(QByteArray("/api/webhooks/123456789/") + kDiscordToken)));
        QCOMPARE(servers.twilio.requests().last().path,
            QByteArray("/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json"));
        QCOMPARE(servers.pagerduty.requests().last().json().value(QStringLiteral("routing_key")).toString(),
            QString::fromLatin1(kRoutingKey));
        QCOMPARE(servers.webhook.requests()
                     .last()
                     .json()
                     .value(QStringLiteral("alert"))
                     .toObject()
                     .value(QStringLiteral("title"))
                     .toString(),
            QStringLiteral("Position Risk Exceeded"));
        QCOMPARE(smtp.messageFiles().size(), 1);
        const QJsonObject envelope = smtp.envelope(smtp.messageFiles().first());
        QCOMPARE(envelope.value(QStringLiteral("rcpt_tos")).toArray(),
            QJsonArray({ QStringLiteral("trader@example.com"), QStringLiteral("admin@example.com") }));
        QVERIFY(envelope.value(QStringLiteral("tls")).toBool());
        const QJsonObject mail = SmtpTestServer::parse(smtp.messageFiles().first());
        QCOMPARE(mail.value(QStringLiteral("from")).toObject().value(QStringLiteral("display_name")).toString(),
            QStringLiteral("MasterTrade Alerts"));

        // The same import again: nothing changes, neither config.json nor the keychain.
        QFile config(QDir(profileDir).filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QByteArray configBefore = config.readAll();
        config.close();
        QString error;
        const QMap<QString, QString> keychainBefore = TestKeychain::profileSecrets(profileDir, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(keychainBefore.size(), 8); // slack has two (webhook_urls, bot_token), the others one each
        const CliResult second = cli.run({ QStringLiteral("import-env"), envFile });
        QVERIFY2(second.exitedWith(0), qPrintable(second.describe()));
        for (const QString& c : channels)
            QCOMPARE(channelResult(second.json().object(), c), QStringLiteral("unchanged"));
        for (const QJsonValue& s : second.json().object().value(QStringLiteral("settings")).toArray())
            QCOMPARE(s.toObject().value(QStringLiteral("result")).toString(), QStringLiteral("unchanged"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QCOMPARE(config.readAll(), configBefore);
        QCOMPARE(TestKeychain::profileSecrets(profileDir, &error), keychainBefore);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        const CliResult list = cli.run(args({ "channel", "list" }));
        QVERIFY2(list.exitedWith(0), qPrintable(list.describe()));
        scanForSecrets(cli, secrets(servers));
    }

    void rejectedVariableReported()
    {
        Servers servers;
        QVERIFY(servers.listen());
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(QStringLiteral("profile"));
        m_keychain << profileDir;
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), profileDir);
        const QString envFile = writeFile(dir, QStringLiteral("bad.env"),
            QStringLiteral("EMAIL_NOTIFICATIONS_ENABLED=true\r\n"
                           "SMTP_HOST=127.0.0.1\r\n"
                           "SMTP_PORT=abc\r\n"
                           "SMTP_USERNAME=trader\r\n"
                           "SMTP_PASSWORD=\"s3cret pass # not a comment\"\r\n"
                           "SMTP_FROM_EMAIL=alerts@example.com\r\n"
                           "EMAIL_TO=trader@example.com\r\n"
                           "export WEBHOOK_NOTIFICATIONS_ENABLED=true\r\n"
                           "WEBHOOK_URLS='%1'\r\n")
                .arg(servers.webhook.url(QStringLiteral("/alerts"))));
        const CliResult r = cli.run({ QStringLiteral("import-env"), envFile });
        QVERIFY2(r.exitedWith(2), qPrintable(r.describe()));
        const QJsonObject report = r.json().object();
        QJsonObject port;
        for (const QJsonValue& v : report.value(QStringLiteral("variables")).toArray()) {
            if (v.toObject().value(QStringLiteral("name")).toString() == QLatin1String("SMTP_PORT"))
                port = v.toObject();
        }
        QCOMPARE(port.value(QStringLiteral("status")).toString(), QStringLiteral("rejected"));
        QCOMPARE(port.value(QStringLiteral("reason")).toString(),
            QStringLiteral("SMTP_PORT must be a number from 1 to 65535, not 'abc'"));
        QVERIFY2(r.err.contains("rejected SMTP_PORT (line 3): SMTP_PORT must be a number from 1 to 65535, not 'abc'"),
            qPrintable(r.describe()));
        QCOMPARE(channelResult(report, QStringLiteral("email")), QStringLiteral("not imported"));
        QCOMPARE(channelResult(report, QStringLiteral("webhook")), QStringLiteral("added"));

        // What could be imported works.
        servers.reset();
        const CliResult send
            = cli.run(args({ "send", "--type", "PRICE", "--priority", "LOW", "--title", "BTC above 100k" }));
        QVERIFY2(send.exitedWith(0), qPrintable(send.describe()));
        QCOMPARE(servers.newRequests(&servers.webhook), 1);
        scanForSecrets(
            cli, { QStringLiteral("s3cret pass # not a comment"), servers.webhook.url(QStringLiteral("/alerts")) });
    }

    void fromTheEnvironment()
    {
        Servers servers;
        QVERIFY(servers.listen());
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(QStringLiteral("profile"));
        m_keychain << profileDir;
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), profileDir);
        cli.environment().insert(QStringLiteral("TELEGRAM_NOTIFICATIONS_ENABLED"), QStringLiteral("true"));
        cli.environment().insert(QStringLiteral("TELEGRAM_BOT_TOKEN"), QString::fromLatin1(kTelegramToken));
        cli.environment().insert(QStringLiteral("TELEGRAM_CHAT_IDS"), QStringLiteral("-1001234567890, 42"));
        cli.environment().insert(QStringLiteral("TELEGRAM_API_BASE"), servers.telegram.url(QString()));
        const CliResult r = cli.run({ QStringLiteral("import-env") });
        QVERIFY2(r.exitedWith(0), qPrintable(r.describe()));
        QCOMPARE(r.json().object().value(QStringLiteral("source")).toString(), QStringLiteral("environment"));
        QCOMPARE(channelResult(r.json().object(), QStringLiteral("telegram")), QStringLiteral("added"));
        servers.reset();
        const CliResult test = cli.run({ QStringLiteral("test-channel"), QStringLiteral("telegram") });
        QVERIFY2(test.exitedWith(0), qPrintable(test.describe()));
        QCOMPARE(servers.newRequests(&servers.telegram), 2); // one message per chat
        scanForSecrets(cli, { QString::fromLatin1(kTelegramToken) });
    }

    // Every Apprise form, pointed at the local servers, delivers.
    void addUrlDelivers()
    {
        Servers servers;
        QVERIFY(servers.listen());
        SmtpTestServer smtp(SmtpTestServer::options(SmtpTestServer::Mode::ImplicitTls, m_certs));
        const QString started = smtp.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QTemporaryDir dir;
        const QString profileDir = dir.filePath(QStringLiteral("profile"));
        m_keychain << profileDir;
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), profileDir);

        auto base = [](ScriptedHttpServer& s) { return QString::fromUtf8(QUrl::toPercentEncoding(s.url(QString()))); };
        const QList<QPair<QString, QString>> urls {
            { QStringLiteral("tg"),
                QStringLiteral("tgram://%1/123456789?api_base=%2")
                    .arg(QString::fromLatin1(kTelegramToken), base(servers.telegram)) },
            { QStringLiteral("dc"),
                QStringLiteral("discord://123456789/%1?api_base=%2")
                    .arg(QString::fromLatin1(kDiscordToken), base(servers.discord)) },
            { QStringLiteral("hooks"),
                QStringLiteral("slack://T00000000/B00000000/%1?api_base=%2")
                    .arg(QString::fromLatin1(kSlackHookToken), base(servers.slackHooks)) },
            { QStringLiteral("bot"),
                QStringLiteral("slack://%1/#alerts?api_base=%2")
                    .arg(QString::fromLatin1(kSlackBotToken), base(servers.slackApi)) },
            { QStringLiteral("mail"),
                QStringLiteral(
                    "mailtos://%1:%2@127.0.0.1:%3?mode=ssl&from=desk@example.com&to=trader@example.com&ca_file=%4")
                    .arg(QString::fromLatin1(SmtpTestServer::kUser), QString::fromLatin1(SmtpTestServer::kPassword))
                    .arg(smtp.port())
                    .arg(QString::fromUtf8(QUrl::toPercentEncoding(m_certs.caFile()))) },
            { QStringLiteral("hook"),
                QStringLiteral("json://user:jsonSecretPass@127.0.0.1:%1/alerts?+X-Desk=on")
                    .arg(servers.webhook.port()) },
            { QStringLiteral("pd"),
                QStringLiteral("pagerduty://%1@restApiKey/trading-desk?api_base=%2")
                    .arg(QString::fromLatin1(kRoutingKey), base(servers.pagerduty)) },
        };
        for (const auto& [name, url] : urls) {
            // Through standard input, as a user should give a URL with secrets.
            const CliResult r
                = cli.run({ QStringLiteral("channel"), QStringLiteral("add-url"), QStringLiteral("-"), name },
                    url.toUtf8() + '\n');
            QVERIFY2(r.exitedWith(0), qPrintable(r.describe()));
        }
        servers.reset();
        const CliResult send = cli.run(args({ "send", "--type", "HEALTH", "--priority", "CRITICAL", "--title",
                                           "Feed down", "--message", "No ticks for 60 s" }),
            {}, 60000);
        QVERIFY2(send.exitedWith(0), qPrintable(send.describe()));
        QCOMPARE(send.json().object().value(QStringLiteral("results")).toArray().size(), urls.size());
        for (auto* s : { &servers.telegram, &servers.discord, &servers.slackHooks, &servers.slackApi, &servers.webhook,
                 &servers.pagerduty })
            QCOMPARE(servers.newRequests(s), 1);
        QCOMPARE(servers.slackApi.requests().last().json().value(QStringLiteral("channel")).toString(),
            QStringLiteral("#alerts"));
        QCOMPARE(servers.webhook.requests().last().header("Authorization"),
            QByteArray("Basic ") + QByteArray("user:jsonSecretPass").toBase64());
        QCOMPARE(servers.webhook.requests().last().header("X-Desk"), QByteArray("on"));
        QCOMPARE(servers.pagerduty.requests()
                     .last()
                     .json()
                     .value(QStringLiteral("payload"))
                     .toObject()
                     .value(QStringLiteral("source"))
                     .toString(),
            QStringLiteral("trading-desk"));
        QCOMPARE(smtp.messageFiles().size(), 1);

        // A bad URL: exit 2, the reason, and not a byte of the URL.
        const QString bad = QStringLiteral("tgram://%1/not%20a%20chat").arg(QString::fromLatin1(kTelegramToken));
        const CliResult refused = cli.run({ QStringLiteral("channel"), QStringLiteral("add-url"), bad });
        QVERIFY2(refused.exitedWith(2), qPrintable(refused.describe()));
        QVERIFY2(refused.err.contains("tgram:// URL: the chat ids: 'not a chat' is not a chat id"),
            qPrintable(refused.describe()));
        const CliResult unsupported
            = cli.run({ QStringLiteral("channel"), QStringLiteral("add-url"), QStringLiteral("gotify://secretTopic") });
        QVERIFY2(unsupported.exitedWith(2), qPrintable(unsupported.describe()));
        QVERIFY2(
            unsupported.err.contains("unsupported URL scheme 'gotify://' (supported: tgram, discord, slack, mailto, "
                                     "mailtos, json, jsons, pagerduty, ntfy, ntfys, pover)"),
            qPrintable(unsupported.describe()));
        QVERIFY(!unsupported.err.contains("secretTopic"));

        scanForSecrets(cli,
            { QString::fromLatin1(kTelegramToken), QString::fromLatin1(kDiscordToken),
                QString::fromLatin1(kSlackHookToken), QString::fromLatin1(kSlackBotToken),
                QString::fromLatin1(SmtpTestServer::kPassword), QStringLiteral("jsonSecretPass"),
                QString::fromLatin1(kRoutingKey) });
    }
};

QTEST_GUILESS_MAIN(TestImportCli)
#include "TestImportCli.moc"
