// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "config/ChannelArgs.h"

#include <QJsonArray>
#include <QTest>

using namespace alertdesk;

using Options = QMap<QString, QStringList>;

// channelOptionsFromConfig() reads a stored channel back into the `channel add` options that
// build it (the channel forms prefill and edit with it): building from them again gives the
// same settings and secrets, for every kind.
class TestChannelOptions final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<Options>("options");
        QTest::newRow("webhook") << "webhook"
                                 << Options { { "url", { "https://hooks.example.com/in" } },
                                        { "header", { "Authorization: Bearer abc", "X-Team: desk" } },
                                        { "hmac-secret", { "s3cret" } }, { "rate-per-second", { "0.5" } } };
        QTest::newRow("slack webhooks") << "slack"
                                        << Options { { "webhook-url",
                                                         { "https://hooks.slack.com/services/A/B/C",
                                                             "https://hooks.slack.com/services/D/E/F" } },
                                               { "rate-burst", { "3" } } };
        QTest::newRow("slack bot") << "slack"
                                   << Options { { "bot-token", { "xoxb-1-2-abc" } },
                                          { "channel-id", { "C0123", "C0456" } },
                                          { "api-base", { "http://127.0.0.1:9/api" } } };
        QTest::newRow("discord") << "discord"
                                 << Options { { "webhook-url", { "https://discord.com/api/webhooks/1/abc" } } };
        QTest::newRow("telegram") << "telegram"
                                  << Options { { "bot-token", { "123456:ABC-def_9" } },
                                         { "chat-id", { "-1001234567890", "@desk_alerts" } } };
        QTest::newRow("sms") << "sms"
                             << Options { { "account-sid", { "AC0123456789abcdef0123456789abcdef" } },
                                    { "auth-token", { "tok" } }, { "from", { "+15551234567" } },
                                    { "to", { "+15557654321", "+447700900123" } }, { "max-segments", { "4" } } };
        QTest::newRow("teams") << "teams" << Options { { "webhook-url", { "https://example.webhook.office.com/x" } } };
        QTest::newRow("pagerduty") << "pagerduty"
                                   << Options { { "routing-key", { "0123456789abcdef0123456789ABCDEF" } },
                                          { "source", { "desk-1" } } };
        QTest::newRow("voice") << "voice"
                               << Options { { "account-sid", { "AC0123456789abcdef0123456789abcdef" } },
                                      { "auth-token", { "tok" } }, { "from", { "+15551234567" } },
                                      { "to", { "+15557654321", "+447700900123" } }, { "voice", { "Polly.Joanna" } },
                                      { "language", { "en-US" } }, { "repeat", { "3" } } };
        QTest::newRow("ntfy token") << "ntfy"
                                    << Options { { "topic", { "desk-alerts" } },
                                           { "server", { "https://ntfy.example.com" } }, { "token", { "tk_abc123" } } };
        QTest::newRow("ntfy user") << "ntfy"
                                   << Options { { "topic", { "desk" } }, { "user", { "trader" } },
                                          { "password", { "pw-pw-pw" } } };
        QTest::newRow("pushover") << "pushover"
                                  << Options { { "user-key", { "uQiRzpo4DXghDmr9QzzfQu27cmVRsG" } },
                                         { "app-token", { "azGDORePK8gMaC0QOYAMyEEuzJnyUi" } },
                                         { "device", { "iphone", "pixel" } }, { "sound", { "siren" } },
                                         { "retry", { "45" } }, { "expire", { "900" } }, { "html", { "true" } },
                                         { "api-base", { "http://127.0.0.1:9" } } };
        QTest::newRow("email") << "email"
                               << Options { { "smtp-host", { "smtp.example.com" } }, { "security", { "starttls" } },
                                      { "username", { "bot@example.com" } }, { "password", { "pw" } },
                                      { "from", { "bot@example.com" } }, { "from-name", { "Desk Bot" } },
                                      { "to", { "a@example.com", "b@example.com" } } };
        QTest::newRow("desktop") << "desktop" << Options {};
        QTest::newRow("alertmanager") << "alertmanager"
                                      << Options { { "url", { "http://am-1:9093", "http://am-2:9093" } },
                                             { "basic-auth", { "ana:pw" } }, { "resend-interval", { "90s" } },
                                             { "instance", { "ana-desk" } }, { "created-by", { "ana" } } };
    }

    void roundTrip()
    {
        QFETCH(QString, kind);
        QFETCH(Options, options);
        ChannelConfig c;
        c.kind = kind;
        SecretMap secrets;
        QString error = buildChannelFromOptions(kind, options, &c.settings, &secrets);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        QStringList used;
        const Options back = channelOptionsFromConfig(c, secrets, &used);
        QJsonObject settings2;
        SecretMap secrets2;
        error = buildChannelFromOptions(kind, back, &settings2, &secrets2);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(settings2, c.settings);
        QCOMPARE(secrets2, secrets);
        // Every setting the builder wrote is one the options stand for.
        for (auto it = c.settings.begin(); it != c.settings.end(); ++it)
            QVERIFY2(used.contains(it.key()), qPrintable(it.key()));

        // Without the secrets: only options whose values are not secret.
        const Options open = channelOptionsFromConfig(c, {});
        const ChannelArgSpec* spec = findChannelArgSpec(kind);
        QVERIFY(spec);
        for (auto it = open.begin(); it != open.end(); ++it) {
            QVERIFY2(!spec->secretOptions.contains(it.key()), qPrintable(it.key()));
            for (const QString& v : it.value()) {
                for (const QString& s : secrets)
                    QVERIFY2(s.isEmpty() || !s.contains(v) || v.size() < 4, qPrintable(it.key()));
            }
        }
    }

    // A cluster's URLs are settings (plain text): a credential in one is refused, as are a resend
    // interval the cluster would outrun and two kinds of credentials at once.
    void alertmanagerRefusals_data()
    {
        QTest::addColumn<Options>("options");
        QTest::addColumn<QString>("option");
        QTest::newRow("no peer") << Options {} << QStringLiteral("url");
        QTest::newRow("user in a URL") << Options { { "url", { "http://ana:pw@am-1:9093" } } } << QStringLiteral("url");
        QTest::newRow("basic auth without a password") << Options { { "url", { "http://am-1:9093" } },
            { "basic-auth", { "ana" } } } << QStringLiteral("basic-auth");
        QTest::newRow("both credentials") << Options { { "url", { "http://am-1:9093" } }, { "basic-auth", { "a:b" } },
            { "bearer-token", { "t" } } } << QStringLiteral("bearer-token");
        QTest::newRow("resend above the resolve timeout") << Options { { "url", { "http://am-1:9093" } },
            { "resend-interval", { "10m" } } } << QStringLiteral("resend-interval");
        QTest::newRow("resend unreadable")
            << Options { { "url", { "http://am-1:9093" } }, { "resend-interval", { "soon" } } }
            << QStringLiteral("resend-interval");
    }

    void alertmanagerRefusals()
    {
        QFETCH(Options, options);
        QFETCH(QString, option);
        QJsonObject settings;
        SecretMap secrets;
        const auto e = checkChannelOptions(QStringLiteral("alertmanager"), options, &settings, &secrets);
        QVERIFY(e);
        QCOMPARE(e->field, option);
        QVERIFY2(!e->text().contains(QStringLiteral("pw")), qPrintable(e->text()));
    }

    void repeatableAndChoices()
    {
        const ChannelArgSpec* slack = findChannelArgSpec(QStringLiteral("slack"));
        QVERIFY(slack->isRepeatable(QStringLiteral("channel-id")));
        QVERIFY(!slack->isRepeatable(QStringLiteral("bot-token")));
        QVERIFY(!findChannelArgSpec(QStringLiteral("teams"))->isRepeatable(QStringLiteral("webhook-url")));
        const ChannelArgSpec* email = findChannelArgSpec(QStringLiteral("email"));
        QCOMPARE(email->choices(QStringLiteral("security")),
            (QStringList { QStringLiteral("tls"), QStringLiteral("starttls"), QStringLiteral("none") }));
        QVERIFY(email->choices(QStringLiteral("smtp-host")).isEmpty());
        // Every repeatable option and every choice is an option of its kind.
        for (const ChannelArgSpec& s : channelArgSpecs()) {
            for (const QString& o : s.valueOptions)
                QVERIFY(s.choices(o).isEmpty() || !s.isRepeatable(o));
        }
    }
};

QTEST_GUILESS_MAIN(TestChannelOptions)
#include "TestChannelOptions.moc"
