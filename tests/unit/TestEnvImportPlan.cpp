// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "channels/PayloadText.h"
#include "config/EnvImport.h"

#include <QJsonArray>
#include <QTest>

using namespace alertdesk;

// planEnvImport: the seed's variables turned into channels, settings and a verdict per
// variable, before anything is written. Channels are built by the `channel add` builders and
// checked by each kind's validation, so the messages are theirs, told in variable names.
class TestEnvImportPlan final : public QObject {
    Q_OBJECT

    static EnvImportPlan plan(const QString& env, bool fromFile = true)
    {
        const DotEnvParseResult parsed = parseDotEnv(env);
        return planEnvImport(parsed.entries, fromFile);
    }

    static const PlannedChannel* channel(const EnvImportPlan& p, const QString& name)
    {
        for (const PlannedChannel& c : p.channels) {
            if (c.config.name == name)
                return &c;
        }
        return nullptr;
    }

    static std::optional<ImportVariable> variable(const EnvImportPlan& p, const QString& name)
    {
        for (const ImportVariable& v : p.variables) {
            if (v.name == name)
                return v;
        }
        return std::nullopt;
    }

    static QString status(const EnvImportPlan& p, const QString& name)
    {
        const auto v = variable(p, name);
        return v ? ImportVariable::statusName(v->status) : QStringLiteral("(absent)");
    }

    static QString seedEnv()
    {
        // The seed's "Configuration Example", as written there.
        return QStringLiteral("# Email Configuration\n"
                              "EMAIL_NOTIFICATIONS_ENABLED=true\n"
                              "SMTP_HOST=smtp.gmail.com\n"
                              "SMTP_PORT=587\n"
                              "SMTP_USERNAME=alerts@mastertrade.com\n"
                              "SMTP_PASSWORD=app-specific-password\n"
                              "SMTP_FROM_EMAIL=MasterTrade Alerts <alerts@mastertrade.com>\n"
                              "EMAIL_TO=trader@example.com,admin@example.com\n"
                              "\n"
                              "# Slack Configuration\n"
                              "SLACK_NOTIFICATIONS_ENABLED=true\n"
                              "SLACK_WEBHOOK_URLS=https://hooks.slack.com/services/T_EXAMPLE/B_EXAMPLE/example_secret\n"
                              "# OR use Bot API\n"
                              "SLACK_BOT_TOKEN=xoxb-your_bot_token\n"
                              "SLACK_CHANNEL_IDS=C01234567890\n"
                              "\n"
                              "# Telegram Configuration\n"
                              "TELEGRAM_NOTIFICATIONS_ENABLED=true\n"
                              "TELEGRAM_BOT_TOKEN=1234567890:ABCdefGHIjklMNOpqrsTUVwxyz\n"
                              "TELEGRAM_CHAT_IDS=123456789\n"
                              "\n"
                              "# Discord Configuration\n"
                              "DISCORD_NOTIFICATIONS_ENABLED=true\n"
                              "DISCORD_WEBHOOK_URLS=https://discord.com/api/webhooks/123456789/XXXXXXXXXXXXXXXXXXXX\n"
                              "\n"
                              "# Generic Webhooks\n"
                              "WEBHOOK_NOTIFICATIONS_ENABLED=true\n"
                              "WEBHOOK_URLS=https://api.internal.company.com/alerts\n"
                              "\n"
                              "# Notification Settings\n"
                              "NOTIFICATION_MAX_RETRIES=3\n"
                              "NOTIFICATION_RETRY_DELAY=5\n"
                              "NOTIFICATION_PARALLEL_DELIVERY=true\n"
                              "NOTIFICATION_FAIL_FAST=false\n");
    }

private Q_SLOTS:
    void seedExample()
    {
        const EnvImportPlan p = plan(seedEnv());
        QVERIFY(!p.hasRejections());
        QVERIFY(p.rejectedChannels.isEmpty());
        QStringList names;
        for (const PlannedChannel& c : p.channels)
            names << c.config.name;
        QCOMPARE(names,
            QStringList({ QStringLiteral("email"), QStringLiteral("telegram"), QStringLiteral("discord"),
                QStringLiteral("slack"), QStringLiteral("webhook") }));
        for (const ImportVariable& v : p.variables)
            QVERIFY2(v.status == ImportVariable::Status::Used, qPrintable(v.name + QLatin1Char(' ') + v.reason));
        QCOMPARE(p.variables.size(), 22);

        const PlannedChannel* email = channel(p, QStringLiteral("email"));
        QVERIFY(email && email->config.enabled);
        QCOMPARE(email->config.settings,
            QJsonObject({ { QStringLiteral("smtp_host"), QStringLiteral("smtp.gmail.com") },
                { QStringLiteral("smtp_port"), 587 }, { QStringLiteral("security"), QStringLiteral("starttls") },
                { QStringLiteral("username"), QStringLiteral("alerts@mastertrade.com") },
                { QStringLiteral("from"), QStringLiteral("MasterTrade Alerts <alerts@mastertrade.com>") },
                { QStringLiteral("to"),
                    QJsonArray { QStringLiteral("trader@example.com"), QStringLiteral("admin@example.com") } } }));
        QCOMPARE(
            email->secrets, SecretMap({ { QStringLiteral("password"), QStringLiteral("app-specific-password") } }));

        const PlannedChannel* slack = channel(p, QStringLiteral("slack"));
        QVERIFY(slack);
        QCOMPARE(slack->config.settings,
            QJsonObject({ { QStringLiteral("channel_ids"), QJsonArray { QStringLiteral("C01234567890") } } }));
        QCOMPARE(decodeSecretList(slack->secrets.value(QStringLiteral("webhook_urls"))),
            QStringList { QStringLiteral("https://hooks.slack.com/services/T_EXAMPLE/B_EXAMPLE/example_secret") });
        QCOMPARE(slack->secrets.value(QStringLiteral("bot_token")), QStringLiteral("xoxb-your_bot_token"));

        const PlannedChannel* telegram = channel(p, QStringLiteral("telegram"));
        QVERIFY(telegram);
        QCOMPARE(telegram->config.settings,
            QJsonObject({ { QStringLiteral("chat_ids"), QJsonArray { QStringLiteral("123456789") } } }));
        QCOMPARE(telegram->secrets,
            SecretMap({ { QStringLiteral("bot_token"), QStringLiteral("1234567890:ABCdefGHIjklMNOpqrsTUVwxyz") } }));

        const PlannedChannel* discord = channel(p, QStringLiteral("discord"));
        QVERIFY(discord);
        QCOMPARE(decodeSecretList(discord->secrets.value(QStringLiteral("webhook_urls"))),
            QStringList { QStringLiteral("https://discord.com/api/webhooks/123456789/XXXXXXXXXXXXXXXXXXXX") });

        const PlannedChannel* webhook = channel(p, QStringLiteral("webhook"));
        QVERIFY(webhook);
        QCOMPARE(webhook->secrets,
            SecretMap({ { QStringLiteral("url"), QStringLiteral("https://api.internal.company.com/alerts") } }));

        QCOMPARE(p.settings.size(), 4);
        QMap<QString, QJsonValue> settings;
        for (const PlannedSetting& s : p.settings)
            settings.insert(s.key, s.value);
        QCOMPARE(settings.value(QStringLiteral("delivery.max_retries")).toInt(), 3);
        QCOMPARE(settings.value(QStringLiteral("delivery.retry_delay_ms")).toInt(), 5000);
        QCOMPARE(settings.value(QStringLiteral("delivery.parallel")), QJsonValue(true));
        QCOMPARE(settings.value(QStringLiteral("delivery.fail_fast")), QJsonValue(false));
    }

    void smtpSecurity_data()
    {
        QTest::addColumn<QString>("extra");
        QTest::addColumn<QString>("security");
        QTest::addColumn<int>("port");
        const QString login = QStringLiteral("SMTP_USERNAME=u\nSMTP_PASSWORD=p\n");
        QTest::newRow("465 tls") << QStringLiteral("SMTP_HOST=mail.example.com\nSMTP_PORT=465\n") + login
                                 << QStringLiteral("tls") << 465;
        QTest::newRow("587 starttls") << QStringLiteral("SMTP_HOST=mail.example.com\nSMTP_PORT=587\n") + login
                                      << QStringLiteral("starttls") << 587;
        QTest::newRow("25 remote starttls")
            << QStringLiteral("SMTP_HOST=mail.example.com\nSMTP_PORT=25\n") << QStringLiteral("starttls") << 25;
        QTest::newRow("25 loopback none")
            << QStringLiteral("SMTP_HOST=127.0.0.1\nSMTP_PORT=25\n") << QStringLiteral("none") << 25;
        QTest::newRow("25 localhost none")
            << QStringLiteral("SMTP_HOST=localhost\nSMTP_PORT=25\n") << QStringLiteral("none") << 25;
        QTest::newRow("25 loopback with login")
            << QStringLiteral("SMTP_HOST=127.0.0.1\nSMTP_PORT=25\n") + login << QStringLiteral("starttls") << 25;
        QTest::newRow("2525 starttls") << QStringLiteral("SMTP_HOST=mail.example.com\nSMTP_PORT=2525\n")
                                       << QStringLiteral("starttls") << 2525;
        QTest::newRow("no port") << QStringLiteral("SMTP_HOST=mail.example.com\n") + login << QStringLiteral("starttls")
                                 << 587;
        QTest::newRow("override tls") << QStringLiteral(
            "SMTP_HOST=mail.example.com\nSMTP_PORT=2465\nSMTP_SECURITY=TLS\n")
                                      << QStringLiteral("tls") << 2465;
        QTest::newRow("override none loopback")
            << QStringLiteral("SMTP_HOST=::1\nSMTP_PORT=587\nSMTP_SECURITY=none\n") << QStringLiteral("none") << 587;
    }

    void smtpSecurity()
    {
        QFETCH(QString, extra);
        QFETCH(QString, security);
        QFETCH(int, port);
        const EnvImportPlan p = plan(
            QStringLiteral("EMAIL_NOTIFICATIONS_ENABLED=true\nSMTP_FROM_EMAIL=a@example.com\nEMAIL_TO=b@example.com\n")
            + extra);
        QVERIFY2(p.rejectedChannels.isEmpty(),
            qPrintable(p.rejectedChannels.isEmpty() ? QString() : p.rejectedChannels.first().reason));
        const PlannedChannel* email = channel(p, QStringLiteral("email"));
        QVERIFY(email);
        QCOMPARE(email->config.settings.value(QStringLiteral("security")).toString(), security);
        QCOMPARE(email->config.settings.value(QStringLiteral("smtp_port")).toInt(), port);
    }

    void senderFromUsername()
    {
        const EnvImportPlan p = plan(QStringLiteral(
            "EMAIL_NOTIFICATIONS_ENABLED=true\nSMTP_HOST=mail.example.com\nSMTP_USERNAME=desk@example.com\n"
            "SMTP_PASSWORD=pw\nEMAIL_TO=b@example.com\n"));
        const PlannedChannel* email = channel(p, QStringLiteral("email"));
        QVERIFY(email);
        QCOMPARE(email->config.settings.value(QStringLiteral("from")).toString(), QStringLiteral("desk@example.com"));
        QVERIFY(email->notes.join(QLatin1Char('\n')).contains(QLatin1String("SMTP_FROM_EMAIL is not set")));
    }

    // A bad value is rejected with its reason in the variable's own name; the channel's other
    // variables are skipped (not imported, no fault of theirs); the rest of the file imports.
    void rejected_data()
    {
        QTest::addColumn<QString>("env");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QStringList>("skipped");
        QTest::addColumn<QString>("channel"); // not imported
        const QString email = QStringLiteral(
            "EMAIL_NOTIFICATIONS_ENABLED=true\nSMTP_HOST=mail.example.com\nSMTP_USERNAME=u\nSMTP_PASSWORD=hunter22\n"
            "SMTP_FROM_EMAIL=a@example.com\nEMAIL_TO=b@example.com\n");
        QTest::newRow("smtp port text") << email + QStringLiteral("SMTP_PORT=abc\n") << QStringLiteral("SMTP_PORT")
                                        << QStringLiteral("SMTP_PORT must be a number from 1 to 65535, not 'abc'")
                                        << QStringList { QStringLiteral("SMTP_HOST"), QStringLiteral("SMTP_PASSWORD"),
                                               QStringLiteral("EMAIL_TO") }
                                        << QStringLiteral("email");
        QTest::newRow("smtp port range") << email + QStringLiteral("SMTP_PORT=70000\n") << QStringLiteral("SMTP_PORT")
                                         << QStringLiteral("SMTP_PORT must be a number from 1 to 65535, not '70000'")
                                         << QStringList {} << QStringLiteral("email");
        QTest::newRow("email to") << QStringLiteral(
            "EMAIL_NOTIFICATIONS_ENABLED=true\nSMTP_HOST=mail.example.com\nSMTP_FROM_EMAIL=a@example.com\n"
            "EMAIL_TO=b@example.com,nobody\n")
                                  << QStringLiteral("EMAIL_TO") << QStringLiteral("EMAIL_TO 'nobody' has no @")
                                  << QStringList { QStringLiteral("SMTP_HOST") } << QStringLiteral("email");
        QTest::newRow("security word") << email + QStringLiteral("SMTP_SECURITY=ssl\n")
                                       << QStringLiteral("SMTP_SECURITY")
                                       << QStringLiteral("SMTP_SECURITY must be tls, starttls or none, not 'ssl'")
                                       << QStringList {} << QStringLiteral("email");
        QTest::newRow("clear text remote")
            << email + QStringLiteral("SMTP_SECURITY=none\n") << QStringLiteral("SMTP_SECURITY")
            << QStringLiteral("SMTP_SECURITY none sends everything in clear text") << QStringList {}
            << QStringLiteral("email");
        QTest::newRow("telegram token")
            << QStringLiteral(
                   "TELEGRAM_NOTIFICATIONS_ENABLED=true\nTELEGRAM_BOT_TOKEN=not-a-token\nTELEGRAM_CHAT_IDS=1\n")
            << QStringLiteral("TELEGRAM_BOT_TOKEN")
            << QStringLiteral("TELEGRAM_BOT_TOKEN does not look like a Telegram bot token (digits:letters)")
            << QStringList { QStringLiteral("TELEGRAM_CHAT_IDS") } << QStringLiteral("telegram");
        QTest::newRow("telegram chat") << QStringLiteral(
            "TELEGRAM_NOTIFICATIONS_ENABLED=true\nTELEGRAM_BOT_TOKEN=1:abc\nTELEGRAM_CHAT_IDS=123,chat room\n")
                                       << QStringLiteral("TELEGRAM_CHAT_IDS")
                                       << QStringLiteral("TELEGRAM_CHAT_IDS: 'chat room' is not a chat id")
                                       << QStringList { QStringLiteral("TELEGRAM_BOT_TOKEN") }
                                       << QStringLiteral("telegram");
        QTest::newRow("slack bot without channel")
            << QStringLiteral("SLACK_NOTIFICATIONS_ENABLED=true\nSLACK_BOT_TOKEN=xoxb-1\n")
            << QStringLiteral("SLACK_BOT_TOKEN") << QStringLiteral("SLACK_CHANNEL_IDS is required with SLACK_BOT_TOKEN")
            << QStringList {} << QStringLiteral("slack");
        QTest::newRow("slack url") << QStringLiteral(
            "SLACK_NOTIFICATIONS_ENABLED=true\nSLACK_WEBHOOK_URLS=hooks.slack.com/services/x\n")
                                   << QStringLiteral("SLACK_WEBHOOK_URLS")
                                   << QStringLiteral("SLACK_WEBHOOK_URLS has no scheme: it must start with https://")
                                   << QStringList {} << QStringLiteral("slack");
        QTest::newRow("slack api base") << QStringLiteral(
            "SLACK_NOTIFICATIONS_ENABLED=true\nSLACK_BOT_TOKEN=xoxb-1\nSLACK_CHANNEL_IDS=C1\n"
            "SLACK_API_BASE=ftp://x\n") << QStringLiteral("SLACK_API_BASE")
                                        << QStringLiteral("SLACK_API_BASE must start with https:// or http://")
                                        << QStringList { QStringLiteral("SLACK_BOT_TOKEN"),
                                               QStringLiteral("SLACK_CHANNEL_IDS") }
                                        << QStringLiteral("slack");
        QTest::newRow("sms sid") << QStringLiteral(
            "SMS_NOTIFICATIONS_ENABLED=true\nTWILIO_ACCOUNT_SID=ACxxxx\nTWILIO_AUTH_TOKEN=t\n"
            "TWILIO_FROM_NUMBER=+15551234567\nSMS_TO=+15557654321\n")
                                 << QStringLiteral("TWILIO_ACCOUNT_SID")
                                 << QStringLiteral("TWILIO_ACCOUNT_SID must be AC followed by 32 hexadecimal digits")
                                 << QStringList { QStringLiteral("TWILIO_AUTH_TOKEN"), QStringLiteral("SMS_TO") }
                                 << QStringLiteral("sms");
        QTest::newRow("sms to") << QStringLiteral(
            "SMS_NOTIFICATIONS_ENABLED=true\nTWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef\n"
            "TWILIO_AUTH_TOKEN=t\nTWILIO_FROM_NUMBER=+15551234567\nSMS_TO=+15557654321,555-1234\n")
                                << QStringLiteral("SMS_TO")
                                << QStringLiteral("SMS_TO: '555-1234' is not an E.164 number")
                                << QStringList { QStringLiteral("TWILIO_ACCOUNT_SID") } << QStringLiteral("sms");
        QTest::newRow("pagerduty key") << QStringLiteral("PAGERDUTY_ROUTING_KEY=short\n")
                                       << QStringLiteral("PAGERDUTY_ROUTING_KEY")
                                       << QStringLiteral("PAGERDUTY_ROUTING_KEY must be the 32 letters and digits")
                                       << QStringList {} << QStringLiteral("pagerduty");
        QTest::newRow("enabled word") << QStringLiteral(
            "DISCORD_NOTIFICATIONS_ENABLED=maybe\nDISCORD_WEBHOOK_URLS=https://discord.com/api/webhooks/1/t\n")
                                      << QStringLiteral("DISCORD_NOTIFICATIONS_ENABLED")
                                      << QStringLiteral(
                                             "DISCORD_NOTIFICATIONS_ENABLED must be true or false, not 'maybe'")
                                      << QStringList { QStringLiteral("DISCORD_WEBHOOK_URLS") }
                                      << QStringLiteral("discord");
        QTest::newRow("enabled without values")
            << QStringLiteral("SMS_NOTIFICATIONS_ENABLED=true\n") << QStringLiteral("SMS_NOTIFICATIONS_ENABLED")
            << QStringLiteral("SMS_NOTIFICATIONS_ENABLED is true but none of TWILIO_ACCOUNT_SID") << QStringList {}
            << QStringLiteral("sms");
        QTest::newRow("retries") << QStringLiteral("NOTIFICATION_MAX_RETRIES=many\n")
                                 << QStringLiteral("NOTIFICATION_MAX_RETRIES")
                                 << QStringLiteral(
                                        "NOTIFICATION_MAX_RETRIES: delivery.max_retries must be a number, not 'many'")
                                 << QStringList {} << QString();
        QTest::newRow("delay negative") << QStringLiteral("NOTIFICATION_RETRY_DELAY=-1\n")
                                        << QStringLiteral("NOTIFICATION_RETRY_DELAY")
                                        << QStringLiteral(
                                               "NOTIFICATION_RETRY_DELAY must be a number of seconds, not '-1'")
                                        << QStringList {} << QString();
        QTest::newRow("parallel word") << QStringLiteral("NOTIFICATION_PARALLEL_DELIVERY=sometimes\n")
                                       << QStringLiteral("NOTIFICATION_PARALLEL_DELIVERY")
                                       << QStringLiteral(
                                              "NOTIFICATION_PARALLEL_DELIVERY: delivery.parallel must be true or false")
                                       << QStringList {} << QString();
    }

    void rejected()
    {
        QFETCH(QString, env);
        QFETCH(QString, variable);
        QFETCH(QString, reason);
        QFETCH(QStringList, skipped);
        QFETCH(QString, channel);
        const QString varName = variable;
        const QString channelName = channel;
        // A good channel next to the bad one still imports.
        const EnvImportPlan p
            = plan(env + QStringLiteral("WEBHOOK_NOTIFICATIONS_ENABLED=true\nWEBHOOK_URLS=https://example.com/hook\n"));
        QVERIFY(p.hasRejections());
        const auto v = TestEnvImportPlan::variable(p, varName);
        QVERIFY(v);
        QCOMPARE(ImportVariable::statusName(v->status), QStringLiteral("rejected"));
        QVERIFY2(v->reason.startsWith(reason), qPrintable(v->reason));
        QVERIFY2(!v->reason.contains(QLatin1String("hunter22")), qPrintable(v->reason));
        QVERIFY(v->line > 0);
        for (const QString& s : skipped)
            QCOMPARE(status(p, s), QStringLiteral("skipped"));
        if (!channelName.isEmpty()) {
            QVERIFY(!TestEnvImportPlan::channel(p, channelName));
            QVERIFY(std::any_of(p.rejectedChannels.begin(), p.rejectedChannels.end(),
                [&](const RejectedChannel& r) { return r.name == channelName; }));
        }
        QVERIFY(TestEnvImportPlan::channel(p, QStringLiteral("webhook")));
        QCOMPARE(status(p, QStringLiteral("WEBHOOK_URLS")), QStringLiteral("used"));
    }

    void enabledFlag_data()
    {
        QTest::addColumn<QString>("flag");
        QTest::addColumn<bool>("imported");
        QTest::addColumn<bool>("enabled");
        QTest::newRow("true") << QStringLiteral("DISCORD_NOTIFICATIONS_ENABLED=true\n") << true << true;
        QTest::newRow("TRUE") << QStringLiteral("DISCORD_NOTIFICATIONS_ENABLED=TRUE\n") << true << true;
        QTest::newRow("1") << QStringLiteral("DISCORD_NOTIFICATIONS_ENABLED=1\n") << true << true;
        QTest::newRow("false") << QStringLiteral("DISCORD_NOTIFICATIONS_ENABLED=false\n") << true << false;
        QTest::newRow("no") << QStringLiteral("DISCORD_NOTIFICATIONS_ENABLED=no\n") << true << false;
        QTest::newRow("unset") << QString() << true << false;
        QTest::newRow("empty") << QStringLiteral("DISCORD_NOTIFICATIONS_ENABLED=\n") << true << false;
    }

    void enabledFlag()
    {
        QFETCH(QString, flag);
        QFETCH(bool, imported);
        QFETCH(bool, enabled);
        const EnvImportPlan p = plan(flag
            + QStringLiteral(
                "DISCORD_WEBHOOK_URLS=https://discord.com/api/webhooks/1/a, https://discord.com/api/webhooks/2/b\n"));
        QVERIFY(!p.hasRejections());
        const PlannedChannel* c = channel(p, QStringLiteral("discord"));
        QCOMPARE(c != nullptr, imported);
        QCOMPARE(c->config.enabled, enabled);
        QCOMPARE(decodeSecretList(c->secrets.value(QStringLiteral("webhook_urls"))).size(), 2);
        if (!enabled)
            QVERIFY2(c->notes.join(QLatin1Char('\n')).contains(QLatin1String("imported disabled")),
                qPrintable(c->notes.join(QLatin1Char('\n'))));
    }

    // A channel the user turned off and left incomplete is nothing to complain about.
    void disabledAndIncomplete()
    {
        const EnvImportPlan p = plan(
            QStringLiteral("SMS_NOTIFICATIONS_ENABLED=false\nTWILIO_ACCOUNT_SID=ACxxxx\nTWILIO_AUTH_TOKEN=xxxx\n"));
        QVERIFY(!p.hasRejections());
        QVERIFY(p.channels.isEmpty());
        QCOMPARE(status(p, QStringLiteral("TWILIO_ACCOUNT_SID")), QStringLiteral("ignored"));
        QVERIFY(variable(p, QStringLiteral("TWILIO_ACCOUNT_SID"))
                    ->reason.contains(QLatin1String("disabled and incomplete")));
    }

    void webhookPerUrl()
    {
        const EnvImportPlan p = plan(QStringLiteral(
            "WEBHOOK_NOTIFICATIONS_ENABLED=true\n"
            "WEBHOOK_URLS=https://a.example.com/1,ftp://b.example.com/2, http://c.example.com:8080/3 \n"));
        QStringList names;
        for (const PlannedChannel& c : p.channels)
            names << c.config.name + QLatin1Char('=') + c.secrets.value(QStringLiteral("url"));
        // The bad second URL does not shift the names of the others.
        QCOMPARE(names,
            QStringList({ QStringLiteral("webhook=https://a.example.com/1"),
                QStringLiteral("webhook-3=http://c.example.com:8080/3") }));
        const auto v = variable(p, QStringLiteral("WEBHOOK_URLS"));
        QCOMPARE(ImportVariable::statusName(v->status), QStringLiteral("rejected"));
        QCOMPARE(v->reason, QStringLiteral("WEBHOOK_URLS item 2 must start with https:// or http://"));
        QCOMPARE(p.rejectedChannels.size(), 1);
        QCOMPARE(p.rejectedChannels.first().name, QStringLiteral("webhook-2"));
    }

    void smsAndPagerDuty()
    {
        const EnvImportPlan p = plan(QStringLiteral(
            "SMS_NOTIFICATIONS_ENABLED=true\nTWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef\nTWILIO_AUTH_TOKEN="
            "tok\n"
            "TWILIO_FROM_NUMBER=+15551234567\nSMS_TO=+15557654321, "
            "+447700900123\nTWILIO_API_BASE=http://127.0.0.1:9/twilio\n"
            "PAGERDUTY_ROUTING_KEY=0123456789abcdef0123456789ABCDEF\nPAGERDUTY_API_BASE=http://127.0.0.1:9\n"));
        QVERIFY(!p.hasRejections());
        const PlannedChannel* sms = channel(p, QStringLiteral("sms"));
        QVERIFY(sms);
        QCOMPARE(sms->config.settings,
            QJsonObject({ { QStringLiteral("account_sid"), QStringLiteral("AC0123456789abcdef0123456789abcdef") },
                { QStringLiteral("from"), QStringLiteral("+15551234567") },
                { QStringLiteral("to"),
                    QJsonArray { QStringLiteral("+15557654321"), QStringLiteral("+447700900123") } },
                { QStringLiteral("api_base"), QStringLiteral("http://127.0.0.1:9/twilio") } }));
        QCOMPARE(sms->secrets, SecretMap({ { QStringLiteral("auth_token"), QStringLiteral("tok") } }));
        const PlannedChannel* pd = channel(p, QStringLiteral("pagerduty"));
        QVERIFY(pd && pd->config.enabled); // the seed has no PAGERDUTY_NOTIFICATIONS_ENABLED: a key means on
        QCOMPARE(
            pd->config.settings, QJsonObject({ { QStringLiteral("api_base"), QStringLiteral("http://127.0.0.1:9") } }));
        QCOMPARE(pd->secrets,
            SecretMap({ { QStringLiteral("routing_key"), QStringLiteral("0123456789abcdef0123456789ABCDEF") } }));
    }

    void voiceSharesTheTwilioAccount()
    {
        const QString account
            = QStringLiteral("TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef\nTWILIO_AUTH_TOKEN=tok\n"
                             "TWILIO_FROM_NUMBER=+15551234567\n");
        // Without TWILIO_VOICE_TO the account is the SMS channel's only: no voice channel.
        const EnvImportPlan smsOnly = plan(
            QStringLiteral("SMS_NOTIFICATIONS_ENABLED=true\n") + account + QStringLiteral("SMS_TO=+15557654321\n"));
        QVERIFY(!smsOnly.hasRejections());
        QVERIFY(channel(smsOnly, QStringLiteral("sms")));
        QVERIFY(!channel(smsOnly, QStringLiteral("voice")));
        QCOMPARE(variable(smsOnly, QStringLiteral("TWILIO_AUTH_TOKEN"))->target, QStringLiteral("sms"));

        const EnvImportPlan both = plan(QStringLiteral("SMS_NOTIFICATIONS_ENABLED=true\n") + account
            + QStringLiteral("SMS_TO=+15557654321\nTWILIO_VOICE_TO=+15557654321, +447700900123\n"));
        QVERIFY(!both.hasRejections());
        const PlannedChannel* voice = channel(both, QStringLiteral("voice"));
        QVERIFY(voice && voice->config.enabled); // the seed has no voice: the numbers mean on
        QCOMPARE(voice->config.settings,
            QJsonObject({ { QStringLiteral("account_sid"), QStringLiteral("AC0123456789abcdef0123456789abcdef") },
                { QStringLiteral("from"), QStringLiteral("+15551234567") },
                { QStringLiteral("to"),
                    QJsonArray { QStringLiteral("+15557654321"), QStringLiteral("+447700900123") } } }));
        QCOMPARE(voice->secrets, SecretMap({ { QStringLiteral("auth_token"), QStringLiteral("tok") } }));
        // A shared variable is one row, naming both channels.
        int rows = 0;
        for (const ImportVariable& v : both.variables)
            rows += v.name == QLatin1String("TWILIO_AUTH_TOKEN") ? 1 : 0;
        QCOMPARE(rows, 1);
        QCOMPARE(variable(both, QStringLiteral("TWILIO_AUTH_TOKEN"))->target, QStringLiteral("sms,voice"));
        QCOMPARE(status(both, QStringLiteral("TWILIO_VOICE_TO")), QStringLiteral("used"));

        const EnvImportPlan bad = plan(account + QStringLiteral("TWILIO_VOICE_TO=5557654321\n"));
        QVERIFY(bad.hasRejections());
        QCOMPARE(status(bad, QStringLiteral("TWILIO_VOICE_TO")), QStringLiteral("rejected"));
        QVERIFY(!channel(bad, QStringLiteral("voice")));
    }

    void ntfyAndPushover()
    {
        const EnvImportPlan p = plan(QStringLiteral(
            "NTFY_TOPIC=desk-alerts\nNTFY_SERVER=https://"
            "ntfy.example.com\nNTFY_TOKEN=tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2\n"
            "PUSHOVER_USER_KEY=uQiRzpo4DXghDmr9QzzfQu27cmVRsG\nPUSHOVER_APP_TOKEN=azGDORePK8gMaC0QOYAMyEEuzJnyUi\n"
            "PUSHOVER_DEVICES=iphone,pixel\n"));
        QVERIFY(!p.hasRejections());
        const PlannedChannel* ntfy = channel(p, QStringLiteral("ntfy"));
        QVERIFY(ntfy && ntfy->config.enabled);
        QCOMPARE(ntfy->config.settings,
            QJsonObject({ { QStringLiteral("topic"), QStringLiteral("desk-alerts") },
                { QStringLiteral("server"), QStringLiteral("https://ntfy.example.com") } }));
        QCOMPARE(ntfy->secrets,
            SecretMap({ { QStringLiteral("token"), QStringLiteral("tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2") } }));
        const PlannedChannel* pushover = channel(p, QStringLiteral("pushover"));
        QVERIFY(pushover && pushover->config.enabled);
        QCOMPARE(pushover->config.settings,
            QJsonObject(
                { { QStringLiteral("devices"), QJsonArray { QStringLiteral("iphone"), QStringLiteral("pixel") } } }));
        QCOMPARE(pushover->secrets,
            SecretMap({ { QStringLiteral("user_key"), QStringLiteral("uQiRzpo4DXghDmr9QzzfQu27cmVRsG") },
                { QStringLiteral("app_token"), QStringLiteral("azGDORePK8gMaC0QOYAMyEEuzJnyUi") } }));

        const EnvImportPlan both
            = plan(QStringLiteral("NTFY_TOPIC=desk\nNTFY_TOKEN=tk_x\nNTFY_USER=u\nNTFY_PASSWORD=p\n"));
        QVERIFY(both.hasRejections());
        QVERIFY(!channel(both, QStringLiteral("ntfy")));
        QVERIFY2(variable(both, QStringLiteral("NTFY_TOKEN"))->reason.contains(QLatin1String("NTFY_USER")),
            qPrintable(variable(both, QStringLiteral("NTFY_TOKEN"))->reason));
    }

    void retryDelaySeconds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("ms");
        QTest::newRow("whole") << QStringLiteral("5") << 5000;
        QTest::newRow("fraction") << QStringLiteral("0.25") << 250;
        QTest::newRow("spaces") << QStringLiteral(" 2 ") << 2000;
        QTest::newRow("zero") << QStringLiteral("0") << 0;
    }

    void retryDelaySeconds()
    {
        QFETCH(QString, text);
        QFETCH(int, ms);
        const EnvImportPlan p = plan(QStringLiteral("NOTIFICATION_RETRY_DELAY=\"%1\"\n").arg(text));
        QVERIFY(!p.hasRejections());
        QCOMPARE(p.settings.size(), 1);
        QCOMPARE(p.settings.first().key, QStringLiteral("delivery.retry_delay_ms"));
        QCOMPARE(p.settings.first().value.toInt(), ms);
    }

    void unknownAndDuplicateAndEmpty()
    {
        const EnvImportPlan p
            = plan(QStringLiteral("PATH=/usr/bin\nSLACK_WEBHOOK_URL=https://x\nNOTIFICATION_MAX_RETRIES=2\n"
                                  "NOTIFICATION_MAX_RETRIES=4\nSMTP_HOST=\n"));
        QVERIFY(!p.hasRejections());
        QCOMPARE(status(p, QStringLiteral("PATH")), QStringLiteral("ignored"));
        QVERIFY(variable(p, QStringLiteral("SLACK_WEBHOOK_URL"))->reason.contains(QLatin1String("misspelling")));
        QCOMPARE(p.settings.size(), 1);
        QCOMPARE(p.settings.first().value.toInt(), 4);
        int ignoredRetries = 0;
        for (const ImportVariable& v : p.variables) {
            if (v.name == QLatin1String("NOTIFICATION_MAX_RETRIES") && v.status == ImportVariable::Status::Ignored) {
                ++ignoredRetries;
                QCOMPARE(v.line, 3);
                QCOMPARE(v.reason, QStringLiteral("set again on line 4, which is the one used"));
            }
        }
        QCOMPARE(ignoredRetries, 1);
        QCOMPARE(variable(p, QStringLiteral("SMTP_HOST"))->reason, QStringLiteral("empty"));

        // The process environment holds much that is not ours: only our prefixes are reported.
        const EnvImportPlan env = plan(QStringLiteral("PATH=/usr/bin\nSLACK_WEBHOOK_URL=https://x\n"), false);
        QVERIFY(!variable(env, QStringLiteral("PATH")));
        QCOMPARE(status(env, QStringLiteral("SLACK_WEBHOOK_URL")), QStringLiteral("ignored"));
    }

    void everyVariableIsKnown()
    {
        const QStringList names = envImportVariables();
        for (const char* n :
            { "EMAIL_NOTIFICATIONS_ENABLED", "SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD",
                "SMTP_FROM_EMAIL", "EMAIL_TO", "SMS_NOTIFICATIONS_ENABLED", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
                "TWILIO_FROM_NUMBER", "SMS_TO", "TELEGRAM_NOTIFICATIONS_ENABLED", "TELEGRAM_BOT_TOKEN",
                "TELEGRAM_CHAT_IDS", "DISCORD_NOTIFICATIONS_ENABLED", "DISCORD_WEBHOOK_URLS",
                "SLACK_NOTIFICATIONS_ENABLED", "SLACK_WEBHOOK_URLS", "SLACK_BOT_TOKEN", "SLACK_CHANNEL_IDS",
                "WEBHOOK_NOTIFICATIONS_ENABLED", "WEBHOOK_URLS", "NOTIFICATION_MAX_RETRIES", "NOTIFICATION_RETRY_DELAY",
                "NOTIFICATION_PARALLEL_DELIVERY", "NOTIFICATION_FAIL_FAST", "SLACK_API_BASE", "TELEGRAM_API_BASE",
                "TWILIO_API_BASE", "PAGERDUTY_API_BASE", "PAGERDUTY_ROUTING_KEY", "TWILIO_VOICE_TO", "NTFY_TOPIC",
                "NTFY_SERVER", "NTFY_TOKEN", "PUSHOVER_USER_KEY", "PUSHOVER_APP_TOKEN" })
            QVERIFY2(names.contains(QString::fromLatin1(n)), n);
    }
};

QTEST_GUILESS_MAIN(TestEnvImportPlan)
#include "TestEnvImportPlan.moc"
