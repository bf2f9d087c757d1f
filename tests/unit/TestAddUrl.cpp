// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "InProcessCli.h"
#include "MemorySecretStore.h"

#include "channels/PayloadText.h"
#include "cli/Cli.h"
#include "config/Profile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// `alertdesk-cli channel add-url URL [NAME]` in-process, with in-memory secrets: every
// Apprise form we take, and what lands in the profile and in the secret store; bad URLs exit 2
// with a message that says what is wrong and never quotes the URL or a secret of it.
class TestAddUrl final : public QObject {
    Q_OBJECT

    using Run = InProcessRun;

    Run run(const QStringList& args, const QByteArray& stdinData = {})
    {
        return runCliInProcess(m_dir->path(), m_secrets.get(), args, stdinData);
    }

    std::optional<Profile> profile()
    {
        QString err;
        return Profile::load(m_dir->path(), &err);
    }

    SecretMap secretsOf(const QString& channel)
    {
        SecretMap out;
        const auto p = profile();
        const QString prefix = p->id() + QLatin1Char('/') + channel + QLatin1Char('/');
        for (auto it = m_secrets->values().begin(); it != m_secrets->values().end(); ++it) {
            if (it.key().startsWith(prefix))
                out.insert(it.key().mid(prefix.size()), it.value());
        }
        return out;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;
    QTemporaryDir m_caDir;
    QString m_caFile;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_caDir.isValid());
        m_caFile = m_caDir.filePath(QStringLiteral("ca.pem"));
        QFile f(m_caFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
    }

    void forms_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QJsonObject>("settings");
        QTest::addColumn<SecretMap>("secrets");
        QTest::addColumn<QString>("note"); // a note expected on stderr ("" none)

        auto list = [](std::initializer_list<const char*> items) {
            QJsonArray a;
            for (const char* i : items)
                a.append(QString::fromUtf8(i));
            return a;
        };
        auto urls = [](std::initializer_list<const char*> items) {
            QStringList l;
            for (const char* i : items)
                l << QString::fromUtf8(i);
            return encodeSecretList(l);
        };
        const QString key = QStringLiteral("0123456789abcdef0123456789ABCDEF");

        // Telegram
        QTest::newRow("tgram")
            << QStringLiteral("tgram://123456789:ABCdef_ghi-JKL/-1001234567890/@alerts_channel")
            << QStringLiteral("telegram")
            << QJsonObject { { QStringLiteral("chat_ids"), list({ "-1001234567890", "@alerts_channel" }) } }
            << SecretMap { { QStringLiteral("bot_token"), QStringLiteral("123456789:ABCdef_ghi-JKL") } } << QString();
        QTest::newRow("tgram bot prefix, to, api_base")
            << QStringLiteral("tgram://bot123:abc/111?to=222,333&api_base=http://127.0.0.1:8081/")
            << QStringLiteral("telegram")
            << QJsonObject { { QStringLiteral("chat_ids"), list({ "111", "222", "333" }) },
                   { QStringLiteral("api_base"), QStringLiteral("http://127.0.0.1:8081") } }
            << SecretMap { { QStringLiteral("bot_token"), QStringLiteral("123:abc") } } << QString();
        QTest::newRow("tgram encoded colon")
            << QStringLiteral("tgram://123%3Aabc/5?format=markdown") << QStringLiteral("telegram")
            << QJsonObject { { QStringLiteral("chat_ids"), list({ "5" }) } }
            << SecretMap { { QStringLiteral("bot_token"), QStringLiteral("123:abc") } }
            << QStringLiteral("ignored the URL option 'format'");
        // Discord
        QTest::newRow("discord") << QStringLiteral("discord://987654321/tok-EN_x") << QStringLiteral("discord")
                                 << QJsonObject {}
                                 << SecretMap { { QStringLiteral("webhook_urls"),
                                        urls({ "https://discord.com/api/webhooks/987654321/tok-EN_x" }) } }
                                 << QString();
        QTest::newRow("discord bot name, api_base")
            << QStringLiteral("discord://Desk@1/t?api_base=http://127.0.0.1:9") << QStringLiteral("discord")
            << QJsonObject {}
            << SecretMap { { QStringLiteral("webhook_urls"), urls({ "http://127.0.0.1:9/api/webhooks/1/t" }) } }
            << QStringLiteral("ignored the bot name");
        // Slack
        QTest::newRow("slack webhook") << QStringLiteral("slack://T1ABC/B2DEF/xyzSecret") << QStringLiteral("slack")
                                       << QJsonObject {}
                                       << SecretMap { { QStringLiteral("webhook_urls"),
                                              urls({ "https://hooks.slack.com/services/T1ABC/B2DEF/xyzSecret" }) } }
                                       << QString();
        QTest::newRow("slack webhook api_base, channel")
            << QStringLiteral("slack://T1/B2/C3/#general?api_base=http://127.0.0.1:7/") << QStringLiteral("slack")
            << QJsonObject {}
            << SecretMap { { QStringLiteral("webhook_urls"), urls({ "http://127.0.0.1:7/services/T1/B2/C3" }) } }
            << QStringLiteral("an incoming webhook posts to the channel it was made for");
        QTest::newRow("slack bot") << QStringLiteral("slack://xoxb-1234_5678_abcd/#alerts/C0123")
                                   << QStringLiteral("slack")
                                   << QJsonObject { { QStringLiteral("channel_ids"), list({ "#alerts", "C0123" }) } }
                                   << SecretMap { { QStringLiteral("bot_token"),
                                          QStringLiteral("xoxb-1234_5678_abcd") } }
                                   << QString();
        QTest::newRow("slack bot to, api_base")
            << QStringLiteral("slack://xoxb-1/?to=%23ops,C9&api_base=http://127.0.0.1:7/api") << QStringLiteral("slack")
            << QJsonObject { { QStringLiteral("channel_ids"), list({ "#ops", "C9" }) },
                   { QStringLiteral("api_base"), QStringLiteral("http://127.0.0.1:7/api") } }
            << SecretMap { { QStringLiteral("bot_token"), QStringLiteral("xoxb-1") } } << QString();
        // Email
        QTest::newRow("mailto full") << QStringLiteral(
            "mailto://"
            "trader:p%40ss@mail.example.com:587?to=a@example.com,b@example.org&from=alerts@example.com&name=Desk")
                                     << QStringLiteral("email")
                                     << QJsonObject { { QStringLiteral("smtp_host"),
                                                          QStringLiteral("mail.example.com") },
                                            { QStringLiteral("smtp_port"), 587 },
                                            { QStringLiteral("security"), QStringLiteral("starttls") },
                                            { QStringLiteral("username"), QStringLiteral("trader") },
                                            { QStringLiteral("from"), QStringLiteral("\"Desk\" <alerts@example.com>") },
                                            { QStringLiteral("to"), list({ "a@example.com", "b@example.org" }) } }
                                     << SecretMap { { QStringLiteral("password"), QStringLiteral("p@ss") } }
                                     << QStringLiteral("security starttls");
        QTest::newRow("mailto apprise defaults")
            << QStringLiteral("mailto://joe:pw@example.com") << QStringLiteral("email")
            << QJsonObject { { QStringLiteral("smtp_host"), QStringLiteral("example.com") },
                   { QStringLiteral("smtp_port"), 25 }, { QStringLiteral("security"), QStringLiteral("starttls") },
                   { QStringLiteral("username"), QStringLiteral("joe") },
                   { QStringLiteral("from"), QStringLiteral("joe@example.com") },
                   { QStringLiteral("to"), list({ "joe@example.com" }) } }
            << SecretMap { { QStringLiteral("password"), QStringLiteral("pw") } }
            << QStringLiteral("recipient: the sender");
        QTest::newRow("mailto smtp server, path recipient")
            << QStringLiteral("mailto://joe:pw@example.com/ops@example.com?smtp=smtp.example.com")
            << QStringLiteral("email")
            << QJsonObject { { QStringLiteral("smtp_host"), QStringLiteral("smtp.example.com") },
                   { QStringLiteral("smtp_port"), 25 }, { QStringLiteral("security"), QStringLiteral("starttls") },
                   { QStringLiteral("username"), QStringLiteral("joe") },
                   { QStringLiteral("from"), QStringLiteral("joe@example.com") },
                   { QStringLiteral("to"), list({ "ops@example.com" }) } }
            << SecretMap { { QStringLiteral("password"), QStringLiteral("pw") } } << QString();
        QTest::newRow("mailto local clear text")
            << QStringLiteral("mailto://127.0.0.1:2525?from=desk@example.com&to=me@example.com&mode=none")
            << QStringLiteral("email")
            << QJsonObject { { QStringLiteral("smtp_host"), QStringLiteral("127.0.0.1") },
                   { QStringLiteral("smtp_port"), 2525 }, { QStringLiteral("security"), QStringLiteral("none") },
                   { QStringLiteral("from"), QStringLiteral("desk@example.com") },
                   { QStringLiteral("to"), list({ "me@example.com" }) } }
            << SecretMap {} << QString();
        QTest::newRow("mailto local port 25")
            << QStringLiteral("mailto://localhost?from=desk@example.com") << QStringLiteral("email")
            << QJsonObject { { QStringLiteral("smtp_host"), QStringLiteral("localhost") },
                   { QStringLiteral("smtp_port"), 25 }, { QStringLiteral("security"), QStringLiteral("none") },
                   { QStringLiteral("from"), QStringLiteral("desk@example.com") },
                   { QStringLiteral("to"), list({ "desk@example.com" }) } }
            << SecretMap {} << QString();
        QTest::newRow("mailtos starttls")
            << QStringLiteral("mailtos://u:p@smtp.example.com?to=a@example.com&from=u@example.com")
            << QStringLiteral("email")
            << QJsonObject { { QStringLiteral("smtp_host"), QStringLiteral("smtp.example.com") },
                   { QStringLiteral("smtp_port"), 587 }, { QStringLiteral("security"), QStringLiteral("starttls") },
                   { QStringLiteral("username"), QStringLiteral("u") },
                   { QStringLiteral("from"), QStringLiteral("u@example.com") },
                   { QStringLiteral("to"), list({ "a@example.com" }) } }
            << SecretMap { { QStringLiteral("password"), QStringLiteral("p") } } << QString();
        QTest::newRow("mailtos 465")
            << QStringLiteral("mailtos://u:p@smtp.example.com:465?to=a@example.com&from=u@example.com")
            << QStringLiteral("email")
            << QJsonObject { { QStringLiteral("smtp_host"), QStringLiteral("smtp.example.com") },
                   { QStringLiteral("smtp_port"), 465 }, { QStringLiteral("security"), QStringLiteral("tls") },
                   { QStringLiteral("username"), QStringLiteral("u") },
                   { QStringLiteral("from"), QStringLiteral("u@example.com") },
                   { QStringLiteral("to"), list({ "a@example.com" }) } }
            << SecretMap { { QStringLiteral("password"), QStringLiteral("p") } } << QString();
        QTest::newRow("mailtos mode ssl, user, pass, ca_file")
            << QStringLiteral("mailtos://"
                              "smtp.example.com?mode=ssl&user=u%40example.com&pass=p%26w&from=Desk%20%3Cu%40example."
                              "com%3E&to=a@example.com&ca_file=")
                + QString::fromUtf8(QUrl::toPercentEncoding(m_caFile))
            << QStringLiteral("email")
            << QJsonObject { { QStringLiteral("smtp_host"), QStringLiteral("smtp.example.com") },
                   { QStringLiteral("smtp_port"), 465 }, { QStringLiteral("security"), QStringLiteral("tls") },
                   { QStringLiteral("username"), QStringLiteral("u@example.com") },
                   { QStringLiteral("from"), QStringLiteral("Desk <u@example.com>") },
                   { QStringLiteral("to"), list({ "a@example.com" }) }, { QStringLiteral("ca_file"), m_caFile } }
            << SecretMap { { QStringLiteral("password"), QStringLiteral("p&w") } } << QString();
        // Webhooks
        QTest::newRow("json") << QStringLiteral("json://127.0.0.1:8080/hooks/alerts") << QStringLiteral("webhook")
                              << QJsonObject {}
                              << SecretMap { { QStringLiteral("url"),
                                     QStringLiteral("http://127.0.0.1:8080/hooks/alerts") } }
                              << QString();
        QTest::newRow("json bare host") << QStringLiteral("json://example.com") << QStringLiteral("webhook")
                                        << QJsonObject {}
                                        << SecretMap { { QStringLiteral("url"),
                                               QStringLiteral("http://example.com/") } }
                                        << QString();
        const QJsonObject headers {
            { QStringLiteral("Authorization"),
                QString(QStringLiteral("Basic ") + QString::fromLatin1(QByteArray("user:pa:ss").toBase64())) },
            { QStringLiteral("x-api-key"), QStringLiteral("k3y") }
        };
        QTest::newRow("jsons basic auth, header")
            << QStringLiteral("jsons://user:pa%3Ass@hooks.example.com/in?+X-Api-Key=k3y&-title=x")
            << QStringLiteral("webhook")
            << QJsonObject { { QStringLiteral("header_names"), list({ "Authorization", "x-api-key" }) } }
            << SecretMap { { QStringLiteral("url"), QStringLiteral("https://hooks.example.com/in") },
                   { QStringLiteral("headers"),
                       QString::fromUtf8(QJsonDocument(headers).toJson(QJsonDocument::Compact)) } }
            << QStringLiteral("ignored Apprise's payload changes");
        // PagerDuty
        QTest::newRow("pagerduty apprise")
            << QStringLiteral("pagerduty://%1@apikey123/trading-desk/engine").arg(key) << QStringLiteral("pagerduty")
            << QJsonObject { { QStringLiteral("source"), QStringLiteral("trading-desk") } }
            << SecretMap { { QStringLiteral("routing_key"), key } } << QStringLiteral("the API key was not stored");
        QTest::newRow("pagerduty key only, eu")
            << QStringLiteral("pagerduty://%1?region=eu").arg(key) << QStringLiteral("pagerduty")
            << QJsonObject { { QStringLiteral("api_base"), QStringLiteral("https://events.eu.pagerduty.com") } }
            << SecretMap { { QStringLiteral("routing_key"), key } } << QString();
        QTest::newRow("pagerduty query keys, api_base")
            << QStringLiteral("pagerduty://?integrationkey=%1&apikey=abc&source=desk&api_base=http://127.0.0.1:9/")
                   .arg(key)
            << QStringLiteral("pagerduty")
            << QJsonObject { { QStringLiteral("source"), QStringLiteral("desk") },
                   { QStringLiteral("api_base"), QStringLiteral("http://127.0.0.1:9") } }
            << SecretMap { { QStringLiteral("routing_key"), key } } << QStringLiteral("the API key was not stored");
        // ntfy
        QTest::newRow("ntfy public topic")
            << QStringLiteral("ntfy://desk-alerts_7Hq") << QStringLiteral("ntfy")
            << QJsonObject { { QStringLiteral("topic"), QStringLiteral("desk-alerts_7Hq") } } << SecretMap {}
            << QString();
        QTest::newRow("ntfy public topic, user and password")
            << QStringLiteral("ntfy://trader:pa%40ss@desk-alerts") << QStringLiteral("ntfy")
            << QJsonObject { { QStringLiteral("topic"), QStringLiteral("desk-alerts") },
                   { QStringLiteral("user"), QStringLiteral("trader") } }
            << SecretMap { { QStringLiteral("password"), QStringLiteral("pa@ss") } } << QString();
        QTest::newRow("ntfys self-hosted, token")
            << QStringLiteral("ntfys://tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2@ntfy.example.com/desk?priority=high")
            << QStringLiteral("ntfy")
            << QJsonObject { { QStringLiteral("topic"), QStringLiteral("desk") },
                   { QStringLiteral("server"), QStringLiteral("https://ntfy.example.com") } }
            << SecretMap { { QStringLiteral("token"), QStringLiteral("tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2") } }
            << QStringLiteral("ignored priority=");
        QTest::newRow("ntfy self-hosted on a port, token=")
            << QStringLiteral("ntfy://127.0.0.1:8093/desk?token=tk_secret0123456789") << QStringLiteral("ntfy")
            << QJsonObject { { QStringLiteral("topic"), QStringLiteral("desk") },
                   { QStringLiteral("server"), QStringLiteral("http://127.0.0.1:8093") } }
            << SecretMap { { QStringLiteral("token"), QStringLiteral("tk_secret0123456789") } } << QString();
        // Pushover
        const QString user = QStringLiteral("uQiRzpo4DXghDmr9QzzfQu27cmVRsG");
        const QString token = QStringLiteral("azGDORePK8gMaC0QOYAMyEEuzJnyUi");
        QTest::newRow("pover") << QStringLiteral("pover://%1@%2").arg(user, token) << QStringLiteral("pushover")
                               << QJsonObject {}
                               << SecretMap { { QStringLiteral("user_key"), user },
                                      { QStringLiteral("app_token"), token } }
                               << QString();
        QTest::newRow("pover devices, sound, emergency")
            << QStringLiteral("pover://%1@%2/iphone/pixel?sound=siren&retry=90&expire=7200&priority=emergency")
                   .arg(user, token)
            << QStringLiteral("pushover")
            << QJsonObject { { QStringLiteral("devices"), list({ "iphone", "pixel" }) },
                   { QStringLiteral("sound"), QStringLiteral("siren") }, { QStringLiteral("retry"), 90 },
                   { QStringLiteral("expire"), 7200 } }
            << SecretMap { { QStringLiteral("user_key"), user }, { QStringLiteral("app_token"), token } }
            << QStringLiteral("ignored priority=");
    }

    void forms()
    {
        QFETCH(QString, url);
        QFETCH(QString, kind);
        QFETCH(QJsonObject, settings);
        QFETCH(SecretMap, secrets);
        QFETCH(QString, note);
        const Run r = run({ QStringLiteral("channel"), QStringLiteral("add-url"), url });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out,
            QStringLiteral("added channel %1 (%1, from a %2:// URL)\n")
                .arg(kind, url.section(QLatin1String("://"), 0, 0)));
        const auto p = profile();
        QVERIFY(p);
        QCOMPARE(p->channels().size(), 1);
        const ChannelConfig c = p->channels().first();
        QCOMPARE(c.name, kind);
        QCOMPARE(c.kind, kind);
        QVERIFY(c.enabled);
        QCOMPARE(c.settings, settings);
        QCOMPARE(secretsOf(c.name), secrets);
        QCOMPARE(QSet<QString>(c.secretFields.begin(), c.secretFields.end()),
            QSet<QString>(secrets.keyBegin(), secrets.keyEnd()));
        if (note.isEmpty())
            QVERIFY2(!r.err.contains(QLatin1String("ignored")), qPrintable(r.err));
        else
            QVERIFY2(r.err.contains(note), qPrintable(r.err));
        // No secret value is printed, and none is in config.json.
        QFile config(p->configPath());
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QByteArray onDisk = config.readAll();
        for (const QString& s : std::as_const(secrets)) {
            if (s.size() < 6)
                continue; // "pw" is in many words
            QVERIFY2(!r.out.contains(s) && !r.err.contains(s), qPrintable(s));
            QVERIFY2(!onDisk.contains(s.toUtf8()), qPrintable(s));
        }
    }

    void bad_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("secret"); // must not be printed

        const QString key = QStringLiteral("0123456789abcdef0123456789ABCDEF");
        QTest::newRow("unsupported") << QStringLiteral("foo://secret-token@x")
                                     << QStringLiteral(
                                            "unsupported URL scheme 'foo://' (supported: tgram, discord, "
                                            "slack, mailto, mailtos, json, jsons, pagerduty, ntfy, ntfys, pover)")
                                     << QStringLiteral("secret-token");
        QTest::newRow("ntfy two topics") << QStringLiteral("ntfys://tk_secret0123456789@ntfy.example.com/a/b")
                                         << QStringLiteral("ntfys:// URL: AlertDesk publishes to one topic per channel")
                                         << QStringLiteral("tk_secret0123456789");
        QTest::newRow("pover no user key") << QStringLiteral("pover://azGDORePK8gMaC0QOYAMyEEuzJnyUi")
                                           << QStringLiteral("pover:// URL: expected pover://USER_KEY@APP_TOKEN")
                                           << QStringLiteral("azGDORePK8gMaC0QOYAMyEEuzJnyUi");
        QTest::newRow("pover short key") << QStringLiteral("pover://short@azGDORePK8gMaC0QOYAMyEEuzJnyUi")
                                         << QStringLiteral(
                                                "the user key must be the 30 letters and digits Pushover shows")
                                         << QStringLiteral("azGDORePK8gMaC0QOYAMyEEuzJnyUi");
        QTest::newRow("http is no apprise url")
            << QStringLiteral("https://hooks.slack.com/services/T/B/secretC")
            << QStringLiteral("unsupported URL scheme 'https://'") << QStringLiteral("secretC");
        QTest::newRow("no scheme") << QStringLiteral("xoxb-secret_token")
                                   << QStringLiteral("not a URL of the form SCHEME://...")
                                   << QStringLiteral("secret-token");
        QTest::newRow("tgram no token") << QStringLiteral("tgram://secretword/123")
                                        << QStringLiteral("tgram:// URL: expected tgram://BOT_TOKEN/CHAT_ID")
                                        << QStringLiteral("secretword");
        QTest::newRow("tgram no chat") << QStringLiteral("tgram://123:secretTok")
                                       << QStringLiteral("tgram:// URL: no chat id") << QStringLiteral("secretTok");
        QTest::newRow("tgram bad chat") << QStringLiteral("tgram://123:secretTok/not%20a%20chat")
                                        << QStringLiteral("tgram:// URL: the chat ids: 'not a chat' is not a chat id")
                                        << QStringLiteral("secretTok");
        QTest::newRow("tgram bad api base")
            << QStringLiteral("tgram://123:secretTok/5?api_base=ftp://x")
            << QStringLiteral("tgram:// URL: api_base= must start with https:// or http://")
            << QStringLiteral("secretTok");
        QTest::newRow("discord no token")
            << QStringLiteral("discord://secretId")
            << QStringLiteral("discord:// URL: expected discord://WEBHOOK_ID/WEBHOOK_TOKEN")
            << QStringLiteral("secretId");
        QTest::newRow("slack two parts") << QStringLiteral("slack://T1/secretB")
                                         << QStringLiteral(
                                                "slack:// URL: an incoming webhook is slack://TOKEN_A/TOKEN_B/TOKEN_C")
                                         << QStringLiteral("secretB");
        QTest::newRow("slack bot no channel")
            << QStringLiteral("slack://xoxb-secret")
            << QStringLiteral("slack:// URL: a bot token needs at least one channel") << QStringLiteral("xoxb-secret");
        QTest::newRow("slack bad base") << QStringLiteral("slack://T1/B2/secretC?api_base=ftp://x")
                                        << QStringLiteral("slack:// URL: the webhook URL must start with https://")
                                        << QStringLiteral("secretC");
        QTest::newRow("mailto port") << QStringLiteral("mailto://u:secretpw@mail.example.com:99999")
                                     << QStringLiteral("mailto:// URL: the port must be a number from 1 to 65535")
                                     << QStringLiteral("secretpw");
        QTest::newRow("mailto bad to") << QStringLiteral(
            "mailto://u:secretpw@mail.example.com?to=nobody&from=a@example.com")
                                       << QStringLiteral("mailto:// URL: to= 'nobody' has no @")
                                       << QStringLiteral("secretpw");
        QTest::newRow("mailto clear text")
            << QStringLiteral("mailto://u:secretpw@mail.example.com?mode=none&from=a@example.com")
            << QStringLiteral("mailto:// URL: mode= none sends everything in clear text") << QStringLiteral("secretpw");
        QTest::newRow("mailto mode") << QStringLiteral("mailtos://u:secretpw@mail.example.com?mode=weird")
                                     << QStringLiteral("mailtos:// URL: mode= must be ssl, starttls or none")
                                     << QStringLiteral("secretpw");
        QTest::newRow("mailto no sender")
            << QStringLiteral("mailto://mail.example.com?pass=secretpw")
            << QStringLiteral("mailto:// URL: no sender: give from=ADDRESS or a USER@ part")
            << QStringLiteral("secretpw");
        QTest::newRow("mailto missing ca")
            << QStringLiteral("mailtos://u:secretpw@mail.example.com?from=a@example.com&ca_file=/nonexistent/ca.pem")
            << QStringLiteral("mailtos:// URL: ca_file= '/nonexistent/ca.pem' cannot be read")
            << QStringLiteral("secretpw");
        QTest::newRow("json no host") << QStringLiteral("json://") << QStringLiteral("json:// URL: no host")
                                      << QString();
        QTest::newRow("json bad port") << QStringLiteral("jsons://u:secretpw@example.com:http/x")
                                       << QStringLiteral("jsons:// URL: the port must be a number from 1 to 65535")
                                       << QStringLiteral("secretpw");
        QTest::newRow("pagerduty short key")
            << QStringLiteral("pagerduty://secretshortkey@apikey")
            << QStringLiteral("pagerduty:// URL: the integration key must be the 32 letters and digits")
            << QStringLiteral("secretshortkey");
        QTest::newRow("pagerduty region") << QStringLiteral("pagerduty://%1?region=mars").arg(key)
                                          << QStringLiteral("pagerduty:// URL: region= must be us or eu") << key;
        QTest::newRow("pagerduty nothing")
            << QStringLiteral("pagerduty://")
            << QStringLiteral("pagerduty:// URL: expected pagerduty://INTEGRATION_KEY@API_KEY") << QString();
    }

    void bad()
    {
        QFETCH(QString, url);
        QFETCH(QString, message);
        QFETCH(QString, secret);
        const Run r = run({ QStringLiteral("channel"), QStringLiteral("add-url"), url });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        if (!url.endsWith(QLatin1String("://"))) // "json://" alone is just the scheme
            QVERIFY2(!r.err.contains(url) && !r.out.contains(url), qPrintable(r.err));
        if (!secret.isEmpty())
            QVERIFY2(!r.err.contains(secret) && !r.out.contains(secret), qPrintable(r.err));
        const auto p = profile();
        QVERIFY(p);
        QVERIFY(p->channels().isEmpty());
        QVERIFY(m_secrets->values().isEmpty());
    }

    void namesAndStdin()
    {
        const QString url = QStringLiteral("tgram://123:abc/42");
        QCOMPARE(run({ QStringLiteral("channel"), QStringLiteral("add-url"), url }).code, 0);
        // The default name is taken: the next free one.
        Run r = run({ QStringLiteral("channel"), QStringLiteral("add-url"), QStringLiteral("-") }, url.toUtf8() + '\n');
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith(QLatin1String("added channel telegram-2 ")), qPrintable(r.out));
        QVERIFY(!r.out.contains(QLatin1String("abc")));
        r = run({ QStringLiteral("channel"), QStringLiteral("add-url"), url, QStringLiteral("desk-bot"),
            QStringLiteral("--disabled") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, QStringLiteral("added channel desk-bot (telegram, disabled, from a tgram:// URL)\n"));
        // A name given and taken: refused, as `channel add` does.
        r = run({ QStringLiteral("channel"), QStringLiteral("add-url"), url, QStringLiteral("desk-bot") });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("a channel named 'desk-bot' exists already")), qPrintable(r.err));
        r = run({ QStringLiteral("channel"), QStringLiteral("add-url"), QStringLiteral("-") }, {});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("nothing to read on standard input")), qPrintable(r.err));
        r = run({ QStringLiteral("channel"), QStringLiteral("add-url") });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("usage: channel add-url URL|- [NAME]")), qPrintable(r.err));

        const auto p = profile();
        QStringList names;
        for (const ChannelConfig& c : p->channels())
            names << c.name + (c.enabled ? QString() : QStringLiteral("(off)"));
        QCOMPARE(names,
            QStringList({ QStringLiteral("telegram"), QStringLiteral("telegram-2"), QStringLiteral("desk-bot(off)") }));
    }
};

QTEST_GUILESS_MAIN(TestAddUrl)
#include "TestAddUrl.moc"
