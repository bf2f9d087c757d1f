// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "channels/ChannelDialog.h"
#include "channels/ChannelsModel.h"
#include "channels/ChannelsPage.h"

#include "config/ChannelArgs.h"
#include "config/Profile.h"
#include "config/SecretStore.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTranslator>

using namespace alertdesk;
using namespace alertdesk::test;

// The channel forms: one per kind, its fields from the command line's option table, checked
// by the kind's own builder as the user types (messages in the form's words, Save disabled
// while wrong), saved through the engine (secrets to the keychain, the rest to the profile:
// exactly what `alertdesk-cli channel add` stores), and edited with the secrets kept.
class TestChannelDialog final : public QObject {
    Q_OBJECT

    struct Fixture {
        QAtomicPointer<MemorySecretStore> store;
        WindowFixture f { memoryEngineFactory(&store) };
    };

    static QStringList savedChannels(WindowFixture& f)
    {
        QStringList names;
        f.onEngine([&names](Engine& e) {
            for (const ChannelConfig& c : e.profile().channels())
                names << c.name;
        });
        return names;
    }

    static std::optional<ChannelConfig> storedChannel(WindowFixture& f, const QString& name)
    {
        std::optional<ChannelConfig> out;
        f.onEngine([&out, name](Engine& e) {
            if (const ChannelConfig* c = e.profile().channel(name))
                out = *c;
        });
        return out;
    }

    // The channel's secrets as the engine's store holds them, by field.
    static SecretMap storedSecrets(Fixture& x, const QString& name)
    {
        SecretMap out;
        x.f.onEngine([&out, &x, name](Engine& e) {
            const QString prefix = SecretStore::key(e.profile().id(), name, QString());
            const QHash<QString, QString>& all = x.store.loadAcquire()->values();
            for (auto it = all.begin(); it != all.end(); ++it) {
                if (it.key().startsWith(prefix))
                    out.insert(it.key().mid(prefix.size()), it.value());
            }
        });
        return out;
    }

    // Selects kind in the dialog's kind box with the keyboard.
    static bool chooseKind(ChannelDialog* d, const QString& kind)
    {
        QComboBox* box = d->kindBox();
        box->setFocus();
        QTest::keyClick(box, Qt::Key_Home);
        for (int i = 0; i < box->count() && box->currentData().toString() != kind; ++i)
            QTest::keyClick(box, Qt::Key_Down);
        return box->currentData().toString() == kind;
    }

    // Types values into the option's field as a user would.
    static bool fill(ChannelDialog* d, const QString& option, const QStringList& values)
    {
        QWidget* w = d->field(option);
        if (auto* line = qobject_cast<QLineEdit*>(w)) {
            line->setFocus();
            line->selectAll();
            QTest::keyClick(line, Qt::Key_Delete);
            QTest::keyClicks(line, values.join(QLatin1Char(' ')));
            return true;
        }
        if (auto* text = qobject_cast<QPlainTextEdit*>(w)) {
            text->setFocus();
            text->selectAll();
            QTest::keyClick(text, Qt::Key_Delete);
            for (int i = 0; i < values.size(); ++i) {
                if (i > 0)
                    QTest::keyClick(text, Qt::Key_Return);
                QTest::keyClicks(text, values.at(i));
            }
            return true;
        }
        if (auto* box = qobject_cast<QComboBox*>(w)) {
            box->setFocus();
            QTest::keyClick(box, Qt::Key_Home);
            for (int i = 0; i < box->count() && box->currentData().toString() != values.value(0); ++i)
                QTest::keyClick(box, Qt::Key_Down);
            return box->currentData().toString() == values.value(0);
        }
        return false;
    }

    // Every text the dialog shows (fields, labels), to prove a secret is never displayed.
    static QString shownTexts(QWidget* w)
    {
        QStringList out;
        for (QLineEdit* l : w->findChildren<QLineEdit*>())
            out << l->text() << l->placeholderText();
        for (QPlainTextEdit* t : w->findChildren<QPlainTextEdit*>())
            out << t->toPlainText();
        for (QLabel* l : w->findChildren<QLabel*>())
            out << l->text();
        return out.join(QLatin1Char('\n'));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DISPLAY"))
            QSKIP("needs an X server: run inside scripts/with-test-services.sh");
    }

    void check_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("name");
        QTest::addColumn<ChannelOptions>("options");
        QTest::addColumn<QString>("error"); // the whole message; empty: valid
        QTest::addColumn<QString>("warning");
        const ChannelOptions hook { { "url", { "https://hooks.example.com/in" } } };
        QTest::newRow("webhook") << "webhook"
                                 << "desk" << hook << ""
                                 << "";
        QTest::newRow("webhook headers") << "webhook"
                                         << "desk"
                                         << ChannelOptions { { "url", { "https://hooks.example.com/in" } },
                                                { "header", { "Authorization: Bearer x", "X-Team: desk" } } }
                                         << ""
                                         << "";
        QTest::newRow("plain http warns")
            << "webhook"
            << "desk" << ChannelOptions { { "url", { "http://hooks.example.com/in" } } } << ""
            << "Plain http:// sends your alerts unencrypted (URL); use https:// if the receiver offers it.";
        QTest::newRow("http to loopback")
            << "webhook"
            << "desk" << ChannelOptions { { "url", { "http://127.0.0.1:8080/in" } } } << ""
            << "";
        QTest::newRow("no name") << "webhook"
                                 << "" << hook << "Enter a name for the channel."
                                 << "";
        QTest::newRow("bad name") << "webhook"
                                  << "my desk!" << hook
                                  << "The name may use letters, digits, '_', '.' and '-' (at most 64), and must start "
                                     "with a letter or a digit."
                                  << "";
        QTest::newRow("taken name") << "webhook"
                                    << "taken" << hook << "A channel named taken exists already."
                                    << "";
        QTest::newRow("no URL") << "webhook"
                                << "desk" << ChannelOptions {} << "“URL” is required."
                                << "";
        QTest::newRow("not a URL") << "webhook"
                                   << "desk" << ChannelOptions { { "url", { "not a url" } } }
                                   << "“URL” contains a space or a line break; a URL has none."
                                   << "";
        QTest::newRow("no scheme") << "webhook"
                                   << "desk" << ChannelOptions { { "url", { "hooks.example.com/in" } } }
                                   << "“URL” has no scheme: it must start with https:// or http://."
                                   << "";
        QTest::newRow("stray characters")
            << "webhook"
            << "desk" << ChannelOptions { { "url", { "https://hooks.example.com/in<b>\\" } } }
            << "“URL” holds characters a URL cannot: '<>\\'."
            << "";
        QTest::newRow("ftp") << "webhook"
                             << "desk" << ChannelOptions { { "url", { "ftp://example.com/in" } } }
                             << "“URL” must start with https:// or http://."
                             << "";
        QTest::newRow("no host") << "webhook"
                                 << "desk" << ChannelOptions { { "url", { "https:///in" } } } << "“URL” has no host."
                                 << "";
        QTest::newRow("header without colon")
            << "webhook"
            << "desk"
            << ChannelOptions { { "url", { "https://h.example.com/" } }, { "header", { "Authorization Bearer x" } } }
            << "“Headers” must look like Name:Value (one of them has no name before a ':')"
            << "";
        QTest::newRow("slack nothing") << "slack"
                                       << "s" << ChannelOptions {}
                                       << "“Webhook URL”, or “Bot token” with “Channel IDs”, is required."
                                       << "";
        QTest::newRow("slack token without ids")
            << "slack"
            << "s" << ChannelOptions { { "bot-token", { "xoxb-1" } } } << "“Channel IDs” is required with “Bot token”."
            << "";
        QTest::newRow("slack second URL bad")
            << "slack"
            << "s" << ChannelOptions { { "webhook-url", { "https://hooks.slack.com/a", "hooks.slack.com/b" } } }
            << "“Webhook URL” has no scheme: it must start with https://."
            << "";
        QTest::newRow("slack over http")
            << "slack"
            << "s" << ChannelOptions { { "webhook-url", { "http://hooks.slack.com/services/T/B/C" } } }
            << "“Webhook URL” must start with https://: over http:// its secret would travel unencrypted."
            << "";
        QTest::newRow("discord over http on this computer")
            << "discord"
            << "d" << ChannelOptions { { "webhook-url", { "http://127.0.0.1:8080/api/webhooks/1/abc" } } } << ""
            << "";
        QTest::newRow("telegram bad token")
            << "telegram"
            << "t" << ChannelOptions { { "bot-token", { "nope" } }, { "chat-id", { "-100123" } } }
            << "“Bot token” does not look like a Telegram bot token (digits:letters)"
            << "";
        QTest::newRow("telegram bad chat")
            << "telegram"
            << "t" << ChannelOptions { { "bot-token", { "123:abc" } }, { "chat-id", { "-100123", "me" } } }
            << "“Chat IDs”: 'me' is not a chat id (a number such as -1001234567890, or "
               "@channelname)"
            << "";
        QTest::newRow("telegram") << "telegram"
                                  << "t"
                                  << ChannelOptions { { "bot-token", { "123:abc" } }, { "chat-id", { "-100123" } } }
                                  << ""
                                  << "";
        const ChannelOptions sms { { "account-sid", { "AC0123456789abcdef0123456789abcdef" } },
            { "auth-token", { "tok" } }, { "from", { "+15551234567" } }, { "to", { "+15557654321" } } };
        QTest::newRow("sms") << "sms"
                             << "s" << sms << ""
                             << "";
        ChannelOptions smsBad = sms;
        smsBad.insert("to", { "+15557654321", "5550000" });
        QTest::newRow("sms bad recipient")
            << "sms"
            << "s" << smsBad << "“To”: '5550000' is not an E.164 number such as +15551234567."
            << "";
        QTest::newRow("sms no sid") << "sms"
                                    << "s" << ChannelOptions { { "auth-token", { "tok" } } }
                                    << "“Account SID” is required."
                                    << "";
        const ChannelOptions voice { { "account-sid", { "AC0123456789abcdef0123456789abcdef" } },
            { "auth-token", { "tok" } }, { "from", { "+15551234567" } }, { "to", { "+15557654321" } } };
        QTest::newRow("voice") << "voice"
                               << "v" << voice << ""
                               << "";
        ChannelOptions voiceSender = voice;
        voiceSender.insert("from", { "Desk" });
        QTest::newRow("voice calls from a number")
            << "voice"
            << "v" << voiceSender << "“From” 'Desk' is not an E.164 number such as +15551234567."
            << "";
        ChannelOptions voiceRepeat = voice;
        voiceRepeat.insert("repeat", { "9" });
        QTest::newRow("voice repeat") << "voice"
                                      << "v" << voiceRepeat << "“Repeat” must be a whole number from 1 to 5."
                                      << "";
        QTest::newRow("ntfy") << "ntfy"
                              << "n" << ChannelOptions { { "topic", { "desk-alerts" } } } << ""
                              << "";
        QTest::newRow("ntfy bad topic") << "ntfy"
                                        << "n" << ChannelOptions { { "topic", { "desk alerts" } } }
                                        << "“Topic” 'desk alerts' may hold only letters, digits, - and _ (at most 64)"
                                        << "";
        QTest::newRow("ntfy token and user") << "ntfy"
                                             << "n"
                                             << ChannelOptions { { "topic", { "desk" } }, { "token", { "tk_a" } },
                                                    { "user", { "u" } }, { "password", { "p" } } }
                                             << "Give either “Access token” or “User” with “Password”, not both."
                                             << "";
        QTest::newRow("ntfy plain http")
            << "ntfy"
            << "n" << ChannelOptions { { "topic", { "desk" } }, { "server", { "http://ntfy.example.com" } } } << ""
            << "Plain http:// sends your alerts unencrypted (Server); use https:// if the receiver offers it.";
        QTest::newRow("pushover short user key")
            << "pushover"
            << "o"
            << ChannelOptions { { "user-key", { "abc" } }, { "app-token", { "azGDORePK8gMaC0QOYAMyEEuzJnyUi" } } }
            << "“User key” must be the 30 letters and digits Pushover shows."
            << "";
        QTest::newRow("pushover expire before retry")
            << "pushover"
            << "o"
            << ChannelOptions { { "user-key", { "uQiRzpo4DXghDmr9QzzfQu27cmVRsG" } },
                   { "app-token", { "azGDORePK8gMaC0QOYAMyEEuzJnyUi" } }, { "retry", { "600" } },
                   { "expire", { "300" } } }
            << "“Emergency expiry (s)” must be from “Emergency retry (s)” to 10800 seconds."
            << "";
        QTest::newRow("pagerduty short key") << "pagerduty"
                                             << "p" << ChannelOptions { { "routing-key", { "abc" } } }
                                             << "“Routing key” must be the 32 letters and digits of an Events API v2 "
                                                "integration key."
                                             << "";
        QTest::newRow("teams two URLs")
            << "teams"
            << "m" << ChannelOptions { { "webhook-url", { "https://a.example.com/x", "https://b.example.com/y" } } }
            << "“Webhook URL”: a Teams channel has one webhook URL (add another channel for another one)"
            << "";
        QTest::newRow("desktop") << "desktop"
                                 << "here" << ChannelOptions {} << ""
                                 << "";
    }

    void check()
    {
        QFETCH(QString, kind);
        QFETCH(QString, name);
        QFETCH(ChannelOptions, options);
        QFETCH(QString, error);
        QFETCH(QString, warning);
        const ChannelDialog::Check c = ChannelDialog::check({ kind, name, true, options }, { QStringLiteral("taken") });
        QCOMPARE(c.error, error);
        QCOMPARE(c.warning, warning);
        if (error.isEmpty()) {
            // What the command line would store for the same options.
            QJsonObject settings;
            SecretMap secrets;
            QCOMPARE(buildChannelFromOptions(kind, options, &settings, &secrets), QString());
            QCOMPARE(c.config.kind, kind);
            QCOMPARE(c.config.name, name);
            QCOMPARE(c.config.settings, settings);
            QCOMPARE(c.secrets, secrets);
        }
    }

    // Every kind: the fields the option table gives it, each of the right sort; a valid form
    // typed in and saved stores what `channel add` would, secrets in the keychain only.
    void everyKindThroughItsForm_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<ChannelOptions>("options");
        QTest::newRow("webhook") << "webhook"
                                 << ChannelOptions { { "url", { "https://hooks.example.com/in" } },
                                        { "header", { "Authorization: Bearer abc", "X-Team: desk" } },
                                        { "hmac-secret", { "s3cret-hmac" } } };
        QTest::newRow("slack") << "slack"
                               << ChannelOptions { { "webhook-url",
                                      { "https://hooks.slack.com/services/T1/B1/xyz1",
                                          "https://hooks.slack.com/services/T2/B2/xyz2" } } };
        QTest::newRow("discord") << "discord"
                                 << ChannelOptions { { "webhook-url",
                                                         { "https://discord.com/api/webhooks/1/tok-abc" } },
                                        { "rate-burst", { "2" } } };
        QTest::newRow("telegram") << "telegram"
                                  << ChannelOptions { { "bot-token", { "123456:ABC-def_9" } },
                                         { "chat-id", { "-1001234567890", "@desk_alerts" } } };
        QTest::newRow("sms") << "sms"
                             << ChannelOptions { { "account-sid", { "AC0123456789abcdef0123456789abcdef" } },
                                    { "auth-token", { "twilio-tok" } }, { "from", { "+15551234567" } },
                                    { "to", { "+15557654321", "+447700900123" } }, { "max-segments", { "3" } } };
        QTest::newRow("email") << "email"
                               << ChannelOptions { { "smtp-host", { "smtp.example.com" } },
                                      { "security", { "starttls" } }, { "username", { "bot@example.com" } },
                                      { "password", { "mail-pw" } }, { "from", { "bot@example.com" } },
                                      { "to", { "a@example.com", "b@example.com" } } };
        QTest::newRow("teams") << "teams"
                               << ChannelOptions { { "webhook-url", { "https://example.webhook.office.com/wf/1" } } };
        QTest::newRow("pagerduty") << "pagerduty"
                                   << ChannelOptions { { "routing-key", { "0123456789abcdef0123456789ABCDEF" } },
                                          { "source", { "desk-1" } } };
        QTest::newRow("voice") << "voice"
                               << ChannelOptions { { "account-sid", { "AC0123456789abcdef0123456789abcdef" } },
                                      { "auth-token", { "twilio-tok" } }, { "from", { "+15551234567" } },
                                      { "to", { "+15557654321", "+447700900123" } }, { "voice", { "Polly.Joanna" } },
                                      { "language", { "en-US" } }, { "repeat", { "3" } } };
        QTest::newRow("ntfy") << "ntfy"
                              << ChannelOptions { { "topic", { "desk-alerts" } },
                                     { "server", { "https://ntfy.example.com" } }, { "user", { "trader" } },
                                     { "password", { "ntfy-pw" } } };
        QTest::newRow("pushover") << "pushover"
                                  << ChannelOptions { { "user-key", { "uQiRzpo4DXghDmr9QzzfQu27cmVRsG" } },
                                         { "app-token", { "azGDORePK8gMaC0QOYAMyEEuzJnyUi" } },
                                         { "device", { "iphone", "pixel" } }, { "sound", { "siren" } },
                                         { "html", { "true" } } };
        QTest::newRow("desktop") << "desktop" << ChannelOptions {};
    }

    void everyKindThroughItsForm()
    {
        QFETCH(QString, kind);
        QFETCH(ChannelOptions, options);
        Fixture x;
        QVERIFY(x.f.start());
        x.f.window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = x.f.window->channelsPage();
        QPointer<ChannelDialog> d = page->openAddChannel();
        QVERIFY(d);
        QVERIFY(QTest::qWaitForWindowExposed(d));
        QCOMPARE(d->kindBox()->currentData().toString(), QStringLiteral("webhook")); // the first kind
        QVERIFY(chooseKind(d, kind));

        // The fields are the option table's, each of its sort.
        const ChannelArgSpec* spec = findChannelArgSpec(kind);
        QVERIFY(spec);
        QStringList expected = spec->valueOptions;
        expected.sort();
        QStringList shown = d->fieldOptions();
        shown.sort();
        QCOMPARE(shown, expected);
        for (const QString& option : spec->valueOptions) {
            QWidget* w = d->field(option);
            QVERIFY(w->isVisible());
            if (!spec->choices(option).isEmpty()) {
                QVERIFY2(qobject_cast<QComboBox*>(w), qPrintable(option));
            } else if (spec->secretOptions.contains(option)) {
                auto* line = qobject_cast<QLineEdit*>(w);
                QVERIFY2(line && line->echoMode() == QLineEdit::Password, qPrintable(option));
                // The eye shows what was typed and masks it again: a click, or Ctrl+H in the field.
                auto* eye = line->findChild<QAction*>(QStringLiteral("revealSecret"));
                QVERIFY2(eye, qPrintable(option));
                QToolButton* eyeButton = nullptr;
                for (QToolButton* b : line->findChildren<QToolButton*>()) {
                    if (b->defaultAction() == eye)
                        eyeButton = b;
                }
                QVERIFY2(eyeButton && eyeButton->isVisible(), qPrintable(option));
                QTest::keyClicks(line, QStringLiteral("https://hooks.example.com/T0/B0/typo"));
                QTest::mouseClick(eyeButton, Qt::LeftButton);
                QCOMPARE(line->echoMode(), QLineEdit::Normal);
                if (const QString dir = qEnvironmentVariable("ALERTDESK_SHOT_DIR"); !dir.isEmpty())
                    d->grab().save(QDir(dir).filePath(QStringLiteral("channel-dialog-%1-shown.png").arg(kind)));
                line->clear();
                // The shortcut is the field's own (Qt::WidgetShortcut): it needs the field to
                // hold the focus, which the dialog's window must be active for.
                d->activateWindow();
                QVERIFY(QTest::qWaitForWindowActive(d));
                line->setFocus();
                QTRY_VERIFY(line->hasFocus());
                QTest::keyClick(line, Qt::Key_H, Qt::ControlModifier);
                QCOMPARE(line->echoMode(), QLineEdit::Password);
                QVERIFY(line->hasFocus());
            } else if (spec->isRepeatable(option)) {
                QVERIFY2(qobject_cast<QPlainTextEdit*>(w), qPrintable(option)); // one per line
            } else {
                QVERIFY2(qobject_cast<QLineEdit*>(w), qPrintable(option));
            }
        }

        const QString name = kind + QStringLiteral("-1");
        QTest::keyClicks(d->nameEdit(), name);
        if (!options.isEmpty()) {
            QVERIFY(!d->saveButton()->isEnabled()); // the required fields are empty
            QVERIFY(!d->messageLabel()->text().isEmpty());
        }
        for (auto it = options.begin(); it != options.end(); ++it)
            QVERIFY2(fill(d, it.key(), it.value()), qPrintable(it.key()));
        QVERIFY2(d->saveButton()->isEnabled(), qPrintable(d->messageLabel()->text()));
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(d.isNull(), qPrintable(d ? d->messageLabel()->text() : QString()), 10000);

        QJsonObject settings;
        SecretMap secrets;
        QCOMPARE(buildChannelFromOptions(kind, options, &settings, &secrets), QString());
        const auto stored = storedChannel(x.f, name);
        QVERIFY(stored);
        QCOMPARE(stored->kind, kind);
        QCOMPARE(stored->settings, settings);
        QVERIFY(stored->enabled);
        QCOMPARE(storedSecrets(x, name), secrets);
        QFile config(x.f.dir.path() + QStringLiteral("/config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QByteArray onDisk = config.readAll();
        for (const QString& s : secrets)
            QVERIFY2(!onDisk.contains(s.toUtf8()), "a secret reached config.json");
        QTRY_COMPARE(page->model()->rowCount(), 1);
        QCOMPARE(page->model()->channel(page->table()->currentIndex().row())->config.name, name);
    }

    // As the user types: the message names the field at fault, Save waits for a valid form,
    // and neither Enter nor a click on Save stores a wrong one.
    void validatedAsYouType()
    {
        Fixture x;
        QVERIFY(x.f.start());
        x.f.window->showPage(MainWindow::ChannelsPageIndex);
        QPointer<ChannelDialog> d = x.f.window->channelsPage()->openAddChannel(QStringLiteral("telegram"));
        QVERIFY(QTest::qWaitForWindowExposed(d));
        QCOMPARE(d->kindBox()->currentData().toString(), QStringLiteral("telegram"));
        QTest::keyClicks(d->nameEdit(), QStringLiteral("tg"));
        QCOMPARE(d->messageLabel()->text(), QStringLiteral("“Bot token” is required."));
        // The field at fault is marked, and only that one.
        QVERIFY(d->field(QStringLiteral("bot-token"))->property("invalid").toBool());
        QVERIFY(!d->field(QStringLiteral("chat-id"))->property("invalid").toBool());
        // The keyboard goes from the name through the kind's fields in the table's order.
        QVERIFY(QTest::qWaitForWindowActive(d));
        d->nameEdit()->setFocus();
        QTest::keyClick(d->nameEdit(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), d->field(QStringLiteral("bot-token")));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), d->field(QStringLiteral("chat-id")));
        QVERIFY(fill(d, QStringLiteral("bot-token"), { QStringLiteral("not-a-token") }));
        QVERIFY(fill(d, QStringLiteral("chat-id"), { QStringLiteral("-100123") }));
        QCOMPARE(d->messageLabel()->text(),
            QStringLiteral("“Bot token” does not look like a Telegram bot token (digits:letters)"));
        QVERIFY(!d->saveButton()->isEnabled());
        QTest::keyClick(d->field(QStringLiteral("bot-token")), Qt::Key_Return);
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QVERIFY(d && d->isVisible());
        QVERIFY(savedChannels(x.f).isEmpty());

        QVERIFY(fill(d, QStringLiteral("bot-token"), { QStringLiteral("123:abc") }));
        QCOMPARE(d->messageLabel()->text(), QStringLiteral("Ready to save."));
        QVERIFY(d->saveButton()->isEnabled());
        QVERIFY(!d->field(QStringLiteral("bot-token"))->property("invalid").toBool());
        QVERIFY(fill(d, QStringLiteral("api-base"), { QStringLiteral("telegram.example.com") }));
        QCOMPARE(d->messageLabel()->text(),
            QStringLiteral("“API base URL” has no scheme: it must start with https:// or http://."));
        QVERIFY(!d->saveButton()->isEnabled());
        QVERIFY(fill(d, QStringLiteral("api-base"), { QStringLiteral("http://telegram.example.com") }));
        QVERIFY(d->messageLabel()->text().startsWith(QStringLiteral("Plain http://"))); // a warning: saved anyway
        QVERIFY(d->saveButton()->isEnabled());

        // Another kind: its own fields, the name kept.
        QVERIFY(chooseKind(d, QStringLiteral("desktop")));
        QVERIFY(d->fieldOptions().isEmpty());
        QCOMPARE(d->nameEdit()->text(), QStringLiteral("tg"));
        QCOMPARE(d->messageLabel()->text(), QStringLiteral("Ready to save."));
        d->reject();
    }

    // Edit: non-secret fields prefilled, secret ones empty meaning "keep", never displayed.
    void editKeepsTheSecretsLeftEmpty()
    {
        Fixture x;
        QVERIFY(x.f.start());
        ChannelConfig c;
        c.name = QStringLiteral("tg");
        c.kind = QStringLiteral("telegram");
        c.enabled = true;
        SecretMap secrets;
        QCOMPARE(buildChannelFromOptions(c.kind,
                     { { QStringLiteral("bot-token"), { QStringLiteral("777:SECRET-token") } },
                         { QStringLiteral("chat-id"), { QStringLiteral("-100111") } },
                         { QStringLiteral("rate-burst"), { QStringLiteral("2") } } },
                     &c.settings, &secrets),
            QString());
        c.settings.insert(QStringLiteral("template"), QStringLiteral("kept: not one of the form's options"));
        QCOMPARE(saveChannel(x.f, c, secrets), QString());
        x.f.window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = x.f.window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        QTRY_VERIFY(page->editButton()->isEnabled());
        QTest::mouseClick(page->editButton(), Qt::LeftButton);
        QPointer<ChannelDialog> d = page->findChild<ChannelDialog*>();
        QVERIFY(d);
        QVERIFY(d->isEditing());
        QVERIFY(QTest::qWaitForWindowExposed(d));
        QTRY_VERIFY(d->storedSecretsRead());
        QCOMPARE(d->nameEdit()->text(), QStringLiteral("tg"));
        QVERIFY(d->nameEdit()->isReadOnly());
        auto* token = qobject_cast<QLineEdit*>(d->field(QStringLiteral("bot-token")));
        QVERIFY(token->text().isEmpty());
        QCOMPARE(token->placeholderText(), QStringLiteral("Stored in the keychain: leave empty to keep it"));
        QCOMPARE(qobject_cast<QPlainTextEdit*>(d->field(QStringLiteral("chat-id")))->toPlainText(),
            QStringLiteral("-100111"));
        QCOMPARE(qobject_cast<QLineEdit*>(d->field(QStringLiteral("rate-burst")))->text(), QStringLiteral("2"));
        QVERIFY(!shownTexts(d).contains(QStringLiteral("SECRET")));
        QVERIFY2(d->saveButton()->isEnabled(), qPrintable(d->messageLabel()->text()));

        // A second chat; the token left as it is.
        QVERIFY(fill(d, QStringLiteral("chat-id"), { QStringLiteral("-100111"), QStringLiteral("@desk_alerts") }));
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(d.isNull(), qPrintable(d ? d->messageLabel()->text() : QString()), 10000);
        auto stored = storedChannel(x.f, QStringLiteral("tg"));
        QVERIFY(stored);
        QCOMPARE(stored->settings.value(QStringLiteral("chat_ids")).toArray(),
            (QJsonArray { QStringLiteral("-100111"), QStringLiteral("@desk_alerts") }));
        QCOMPARE(stored->settings.value(QStringLiteral("template")).toString(),
            QStringLiteral("kept: not one of the form's options"));
        QCOMPARE(storedSecrets(x, QStringLiteral("tg")).value(QStringLiteral("bot_token")),
            QStringLiteral("777:SECRET-token"));

        // Again, with a new token typed in, and disabled: once the page shows the first edit.
        QTRY_COMPARE_WITH_TIMEOUT(page->model()
                                      ->channel(page->model()->rowOf(QStringLiteral("tg")))
                                      ->config.settings.value(QStringLiteral("chat_ids"))
                                      .toArray()
                                      .size(),
            2, 10000);
        d = page->openEditChannel(QStringLiteral("tg"));
        QVERIFY(d);
        QTRY_VERIFY(d->storedSecretsRead());
        QVERIFY(fill(d, QStringLiteral("bot-token"), { QStringLiteral("888:NEW-token") }));
        QTest::mouseClick(d->enabledBox(), Qt::LeftButton, {}, QPoint(4, d->enabledBox()->height() / 2));
        QVERIFY(!d->enabledBox()->isChecked());
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(d.isNull(), 10000);
        stored = storedChannel(x.f, QStringLiteral("tg"));
        QVERIFY(!stored->enabled);
        QCOMPARE(
            storedSecrets(x, QStringLiteral("tg")).value(QStringLiteral("bot_token")), QStringLiteral("888:NEW-token"));
        QCOMPARE(stored->settings.value(QStringLiteral("chat_ids")).toArray().size(), 2);
    }

    // Save through Edit, then Edit again at once: the second form shows the saved values, not
    // the page's report from before the save. The second click is handled in the same turn of
    // the event loop as the save's answer (a click already queued), before the engine can send
    // the page a new report of the channels.
    void editAgainRightAfterSavingShowsTheSavedValues()
    {
        Fixture x;
        QVERIFY(x.f.start());
        ChannelConfig c;
        c.name = QStringLiteral("tg");
        c.kind = QStringLiteral("telegram");
        SecretMap secrets;
        QCOMPARE(buildChannelFromOptions(c.kind,
                     { { QStringLiteral("bot-token"), { QStringLiteral("777:SECRET-token") } },
                         { QStringLiteral("chat-id"), { QStringLiteral("-100111") } } },
                     &c.settings, &secrets),
            QString());
        QCOMPARE(saveChannel(x.f, c, secrets), QString());
        x.f.window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = x.f.window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        QTRY_VERIFY(page->editButton()->isEnabled());

        QTest::mouseClick(page->editButton(), Qt::LeftButton);
        QPointer<ChannelDialog> d = page->findChild<ChannelDialog*>();
        QVERIFY(d);
        QTRY_VERIFY(d->storedSecretsRead());
        QVERIFY(fill(d, QStringLiteral("chat-id"), { QStringLiteral("-100222"), QStringLiteral("@desk_alerts") }));
        QTest::mouseClick(d->enabledBox(), Qt::LeftButton, {}, QPoint(4, d->enabledBox()->height() / 2));
        QVERIFY(!d->enabledBox()->isChecked());
        QPointer<ChannelDialog> second;
        int channelsReports = 0;
        connect(d, &QDialog::accepted, this, [&] {
            QVERIFY(page->editButton()->isEnabled());
            QTest::mouseClick(page->editButton(), Qt::LeftButton);
            for (ChannelDialog* other : page->findChildren<ChannelDialog*>()) {
                if (other != d)
                    second = other;
            }
        });
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(d.isNull(), 10000);
        QVERIFY(second);
        QCOMPARE(qobject_cast<QPlainTextEdit*>(second->field(QStringLiteral("chat-id")))->toPlainText(),
            QStringLiteral("-100222\n@desk_alerts"));
        QVERIFY(!second->enabledBox()->isChecked());
        QTRY_VERIFY(second->storedSecretsRead());
        QVERIFY2(second->saveButton()->isEnabled(), qPrintable(second->messageLabel()->text()));
        // The page's details say the same.
        QVERIFY(page->findChildren<QLabel*>().size() > 0);
        bool shown = false;
        for (QLabel* l : page->findChildren<QLabel*>())
            shown = shown || l->text().contains(QStringLiteral("-100222, @desk_alerts"));
        QVERIFY(shown);
        second->reject();
        connect(page, &ChannelsPage::channelsLoaded, this, [&channelsReports] { ++channelsReports; });
        page->refresh();
        QTRY_VERIFY(channelsReports > 0); // the engine's report agrees
        const ChannelStatus* s = page->model()->channel(page->model()->rowOf(QStringLiteral("tg")));
        QVERIFY(s);
        QVERIFY(!s->config.enabled);
        QCOMPARE(s->config.settings.value(QStringLiteral("chat_ids")).toArray().size(), 2);
    }

    // A Slack channel typed into the form delivers: Send test reaches the server on 127.0.0.1.
    void aFormMadeChannelDelivers()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::ok());
        Fixture x;
        QVERIFY(x.f.start());
        x.f.window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = x.f.window->channelsPage();
        QPointer<ChannelDialog> d = page->openAddChannel();
        QVERIFY(chooseKind(d, QStringLiteral("slack")));
        QTest::keyClicks(d->nameEdit(), QStringLiteral("team"));
        QVERIFY(fill(d, QStringLiteral("webhook-url"), { server.url(QStringLiteral("/services/T/B/x")) }));
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(d.isNull(), 10000);
        QTRY_COMPARE(page->model()->rowCount(), 1);
        QTRY_VERIFY(page->testButton()->isEnabled());
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(page->testResultLabel()->text().startsWith(QStringLiteral("✔ Delivered")),
            qPrintable(page->testResultLabel()->text()), 10000);
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(server.requests().first().path, QByteArray("/services/T/B/x"));
    }

    // Last: it installs the German translation. The checks' messages (core/config,
    // core/channels) come in German too, with the form's German labels.
    void germanMessages()
    {
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(":/i18n/alertdesk_de")));
        QVERIFY(QCoreApplication::installTranslator(&german));
        const auto check = [](const QString& kind, const ChannelOptions& options) {
            return ChannelDialog::check({ kind, QStringLiteral("n"), true, options }, {}).error;
        };
        const QString builder = check(QStringLiteral("telegram"), { { "chat-id", { "-100" } } });
        const QString kindCheck
            = check(QStringLiteral("telegram"), { { "bot-token", { "nope" } }, { "chat-id", { "-100" } } });
        // What is wrong with an address (core/channels/EmailMessage) comes in German as well.
        const ChannelOptions mail { { "smtp-host", { "smtp.example.com" } }, { "security", { "starttls" } },
            { "from", { "alerts@example.com" } }, { "to", { "nobody" } } };
        const QString recipient = check(QStringLiteral("email"), mail);
        ChannelOptions badSender = mail;
        badSender.insert(QStringLiteral("from"), { QStringLiteral("Desk <alerts@example.com") });
        badSender.insert(QStringLiteral("to"), { QStringLiteral("risk@example.com") });
        const QString sender = check(QStringLiteral("email"), badSender);
        QCoreApplication::removeTranslator(&german);
        QCOMPARE(recipient, QStringLiteral("„An“ 'nobody' hat kein @."));
        QCOMPARE(sender, QStringLiteral("„Von“ hat ein '<' ohne '>'."));
        QCOMPARE(builder, QStringLiteral("„Bot-Token“ ist erforderlich."));
        QCOMPARE(
            kindCheck, QStringLiteral("„Bot-Token“ sieht nicht wie ein Telegram-Bot-Token aus (Ziffern:Buchstaben)"));
        // And back in English once the translation is gone.
        QCOMPARE(check(QStringLiteral("telegram"), { { "chat-id", { "-100" } } }),
            QStringLiteral("“Bot token” is required."));
    }
};

QTEST_MAIN(TestChannelDialog)
#include "TestChannelDialog.moc"
