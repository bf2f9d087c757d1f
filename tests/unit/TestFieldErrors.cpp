// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// The channel and rule specifications' structured errors (core/config): the option at fault,
// and one message that the command line prints with its flags and a form with its labels.
#include "config/ChannelArgs.h"
#include "config/CommandArgs.h"
#include "config/RuleArgs.h"
#include "model/FieldError.h"

#include <QTest>

using namespace alertdesk;
using Options = QMap<QString, QStringList>;

class TestFieldErrors final : public QObject {
    Q_OBJECT

    // A form's namer: every name it knows in capitals, so that the test sees which it replaced.
    static QString shout(const QString& name) { return QLatin1Char('<') + name.toUpper() + QLatin1Char('>'); }

private Q_SLOTS:
    void namesAreWrittenByTheNamer()
    {
        const FieldError e { QStringLiteral("bot-token"),
            QStringLiteral("{--bot-token} is required with {--channel-id}") };
        QCOMPARE(e.text(), QStringLiteral("--bot-token is required with --channel-id"));
        QCOMPARE(e.text(&shout), QStringLiteral("<--BOT-TOKEN> is required with <--CHANNEL-ID>"));
    }

    void inputKeepsItsBraces()
    {
        const QString input = QStringLiteral("{evil} {{x}} {");
        const FieldError e { QStringLiteral("when"),
            QStringLiteral("{--when} '%1' is wrong").arg(FieldError::literal(input)) };
        QCOMPARE(e.text(), QStringLiteral("--when '{evil} {{x}} {' is wrong"));
        QCOMPARE(e.text(&shout), QStringLiteral("<--WHEN> '{evil} {{x}} {' is wrong"));
        // Not a placeholder: an unclosed brace stays as it is.
        QCOMPARE((FieldError { QString(), QStringLiteral("a { b") }).text(&shout), QStringLiteral("a { b"));
    }

    void channelErrors_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<Options>("options");
        QTest::addColumn<QString>("field"); // the option at fault
        QTest::addColumn<QString>("cli"); // as alertdesk-cli prints it (unchanged)
        QTest::addColumn<QString>("form"); // with shout() as the namer
        // The builder's own check: named by the option.
        QTest::newRow("required") << "telegram" << Options { { "chat-id", { "1" } } } << "bot-token"
                                  << "--bot-token is required"
                                  << "<--BOT-TOKEN> is required";
        QTest::newRow("several options") << "slack" << Options { { "bot-token", { "xoxb-1" } } } << "channel-id"
                                         << "--channel-id is required with --bot-token"
                                         << "<--CHANNEL-ID> is required with <--BOT-TOKEN>";
        QTest::newRow("url") << "webhook" << Options { { "url", { "ftp://x.example.com/" } } } << "url"
                             << "url must start with https:// or http://"
                             << "<URL> must start with https:// or http://";
        QTest::newRow("email (cli names)")
            << "email" << Options { { "smtp-host", { "mail.example.com" } } } << "security"
            << "--security is required: tls, starttls or none"
            << "<--SECURITY> is required: tls, starttls or none";
        // The kind's check names the settings; the error still points at the option.
        QTest::newRow("kind's check") << "telegram" << Options { { "bot-token", { "nope" } }, { "chat-id", { "1" } } }
                                      << "bot-token"
                                      << "bot_token does not look like a Telegram bot token (digits:letters)"
                                      << "<BOT_TOKEN> does not look like a Telegram bot token (digits:letters)";
        QTest::newRow("list setting")
            << "telegram" << Options { { "bot-token", { "1:a" } }, { "chat-id", { "1", "me" } } } << "chat-id"
            << "chat_ids: 'me' is not a chat id (a number such as -1001234567890, or @channelname)"
            << "<CHAT_IDS>: 'me' is not a chat id (a number such as -1001234567890, or @channelname)";
        QTest::newRow("unknown option") << "discord" << Options { { "nope", { "1" } } } << "nope"
                                        << "a discord channel has no option --nope"
                                        << "a discord channel has no option --nope";
    }

    void channelErrors()
    {
        QFETCH(QString, kind);
        QFETCH(Options, options);
        QFETCH(QString, field);
        QFETCH(QString, cli);
        QFETCH(QString, form);
        QJsonObject settings;
        SecretMap secrets;
        const auto e = checkChannelOptions(kind, options, &settings, &secrets);
        QVERIFY(e);
        QCOMPARE(e->field, field);
        QCOMPARE(e->text(), cli);
        QCOMPARE(e->text(&shout), form);
        // The text form is the same message.
        QCOMPARE(buildChannelFromOptions(kind, options, &settings, &secrets), cli);
        QVERIFY(settings.isEmpty());
    }

    void optionForSettingsNames()
    {
        const ChannelArgSpec* slack = findChannelArgSpec(QStringLiteral("slack"));
        QVERIFY(slack);
        QCOMPARE(slack->optionFor(QStringLiteral("--bot-token")), QStringLiteral("bot-token"));
        QCOMPARE(slack->optionFor(QStringLiteral("bot_token")), QStringLiteral("bot-token"));
        QCOMPARE(slack->optionFor(QStringLiteral("channel_ids")), QStringLiteral("channel-id"));
        QCOMPARE(slack->optionFor(QStringLiteral("webhook_urls[2]")), QStringLiteral("webhook-url"));
        QCOMPARE(slack->optionFor(QStringLiteral("hmac_secret")), QString());
        QCOMPARE(findChannelArgSpec(QStringLiteral("webhook"))->optionFor(QStringLiteral("headers")),
            QStringLiteral("header"));
    }

    void validChannelHasNoError()
    {
        QJsonObject settings;
        SecretMap secrets;
        QVERIFY(!checkChannelOptions(QStringLiteral("telegram"),
            { { "bot-token", { "1:a" } }, { "chat-id", { "-100" } } }, &settings, &secrets));
        QCOMPARE(secrets.value(QStringLiteral("bot_token")), QStringLiteral("1:a"));
    }

    void ruleErrors_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<Options>("options");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("cli");
        QTest::addColumn<QString>("form");
        const Options base { { "metric", { "BTC.price" } }, { "when", { "above" } }, { "value", { "1" } },
            { "type", { "price" } }, { "priority", { "high" } } };
        Options notANumber = base;
        notANumber.insert("value", { "lots" });
        QTest::newRow("not a number") << "r" << notANumber << "value"
                                      << "--value must be a number, not 'lots'"
                                      << "<--VALUE> must be a number, not 'lots'";
        Options noType = base;
        noType.remove("type");
        QTest::newRow("required") << "r" << noType << "type"
                                  << "--type is required"
                                  << "<--TYPE> is required";
        Options range = base;
        range.insert("when", { "enter-range" });
        QTest::newRow("rule check")
            << "r" << range << "value2"
            << "--value2 is required by enter-range: the range is from --value to --value2"
            << "<--VALUE2> is required by enter-range: the range is from <--VALUE> to <--VALUE2>";
        QTest::newRow("name")
            << "bad name" << base << "name"
            << "rule name: 'bad name' is not a valid rule name: use 1-64 letters, digits, '_', '.' or '-', "
               "starting with a letter or digit"
            << "<RULE NAME>: 'bad name' is not a valid rule name: use 1-64 letters, digits, '_', '.' or '-', "
               "starting with a letter or digit";
        Options braces = base;
        braces.insert("title", { "{nope}" });
        QTest::newRow("braces in a check's message")
            << "r" << braces << "title"
            << "--title uses the unknown placeholder {nope} (known: symbol, value, "
               "threshold, condition, time, metric, rule, priority, type)"
            << "<--TITLE> uses the unknown placeholder {nope} (known: symbol, value, "
               "threshold, condition, time, metric, rule, priority, type)";
    }

    void ruleErrors()
    {
        QFETCH(QString, name);
        QFETCH(Options, options);
        QFETCH(QString, field);
        QFETCH(QString, cli);
        QFETCH(QString, form);
        CommandArgs args;
        for (auto it = options.begin(); it != options.end(); ++it)
            args.setValues(it.key(), it.value());
        FieldError e;
        QVERIFY(!ruleFromArgs(name, args, 0, &e));
        QCOMPARE(e.field, field);
        QCOMPARE(e.text(), cli);
        QCOMPARE(e.text(&shout), form);
    }
};

QTEST_GUILESS_MAIN(TestFieldErrors)
#include "TestFieldErrors.moc"
