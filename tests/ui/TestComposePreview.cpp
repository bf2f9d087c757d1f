// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "UiTestSupport.h"
#include "compose/ComposePage.h"

#include "channels/PayloadText.h"
#include "config/Profile.h"

#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>

using namespace alertdesk;
using namespace alertdesk::test;

// The Compose page's live preview: for each chosen channel, what the channel's own payload
// builder makes of the alert being typed (with the profile's template), never a secret.
class TestComposePreview final : public QObject {
    Q_OBJECT

    static constexpr const char* kSlackUrl = "https://hooks.slack.com/services/T0000/B0000/previewsecretpart";
    static constexpr const char* kTwilioToken = "twilio-auth-token-secret";
    static constexpr const char* kRoutingKey = "pdroutingkeysecret0123456789abcd";

    static bool addChannels(WindowFixture& f)
    {
        const QList<std::pair<ChannelConfig, SecretMap>> channels {
            { { QStringLiteral("desk-slack"), QStringLiteral("slack"), true, {}, {} },
                { { QStringLiteral("webhook_urls"), encodeSecretList({ QString::fromLatin1(kSlackUrl) }) } } },
            { { QStringLiteral("phone"), QStringLiteral("sms"), true,
                  QJsonObject { { QStringLiteral("account_sid"), QStringLiteral("AC0123456789abcdef0123456789abcdef") },
                      { QStringLiteral("from"), QStringLiteral("+15557650002") },
                      { QStringLiteral("to"), QJsonArray { QStringLiteral("+15557650003") } } },
                  {} },
                { { QStringLiteral("auth_token"), QString::fromLatin1(kTwilioToken) } } },
            { { QStringLiteral("mail"), QStringLiteral("email"), true,
                  QJsonObject { { QStringLiteral("smtp_host"), QStringLiteral("127.0.0.1") },
                      { QStringLiteral("smtp_port"), 2525 }, { QStringLiteral("security"), QStringLiteral("none") },
                      { QStringLiteral("from"), QStringLiteral("Desk <alerts@example.com>") },
                      { QStringLiteral("to"), QJsonArray { QStringLiteral("trader@example.com") } } },
                  {} },
                {} },
            { { QStringLiteral("oncall"), QStringLiteral("pagerduty"), true, {}, {} },
                { { QStringLiteral("routing_key"), QString::fromLatin1(kRoutingKey) } } },
            { { QStringLiteral("cluster"), QStringLiteral("alertmanager"), true,
                  QJsonObject { { QStringLiteral("urls"), QJsonArray { QStringLiteral("http://127.0.0.1:9") } },
                      { QStringLiteral("instance"), QStringLiteral("desk-1") } },
                  {} },
                {} },
            { { QStringLiteral("archive"), QStringLiteral("webhook"), false, {}, {} },
                { { QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/in") } } },
        };
        for (const auto& [config, secrets] : channels) {
            const QString error = saveChannel(f, config, secrets);
            if (!error.isEmpty()) {
                qWarning() << config.name << error;
                return false;
            }
        }
        return true;
    }

    static void check(ComposePage* page, const QString& channel)
    {
        for (int i = 0; i < page->channelList()->count(); ++i) {
            QListWidgetItem* item = page->channelList()->item(i);
            if (item->data(Qt::UserRole).toString() == channel)
                item->setCheckState(Qt::Checked);
        }
    }

private Q_SLOTS:
    void previewShowsWhatEachChannelReceives()
    {
        WindowFixture f;
        QVERIFY(f.start());
        QVERIFY(addChannels(f));
        f.window->showPage(MainWindow::ComposePageIndex);
        ComposePage* page = f.window->composePage();
        QTRY_COMPARE(page->channelList()->count(), 6);

        // Typing a burst of keys makes one preview, once the typing pauses.
        QSignalSpy updates(page, &ComposePage::previewUpdated);
        QTest::keyClicks(page->titleEdit(), QStringLiteral("BTC above 70,000"));
        QTest::keyClicks(page->symbolEdit(), QStringLiteral("BTCUSDT"));
        QTest::keyClicks(page->messageEdit(), QStringLiteral("Crossed on the 1m close <check> & act"));
        QVERIFY(updates.wait(2000));
        QCOMPARE(updates.count(), 1);

        // None checked: every enabled channel (not the disabled archive).
        for (const char* c : { "desk-slack", "phone", "mail", "oncall", "cluster" })
            QVERIFY2(!page->previewFor(QString::fromLatin1(c)).isEmpty(), c);
        QVERIFY(page->previewFor(QStringLiteral("archive")).isEmpty());
        // The alert Alertmanager receives: the title names it, the desk is its instance.
        const QString cluster = page->previewFor(QStringLiteral("cluster"));
        QVERIFY2(cluster.contains(QStringLiteral("POST /api/v2/alerts to every peer, severity warning")),
            qPrintable(cluster));
        QVERIFY(cluster.contains(QStringLiteral("\"alertname\": \"BTC above 70,000\"")));
        QVERIFY(cluster.contains(QStringLiteral("\"instance\": \"desk-1\"")));

        // Only the checked ones once some are checked.
        check(page, QStringLiteral("desk-slack"));
        check(page, QStringLiteral("phone"));
        check(page, QStringLiteral("mail"));
        QTRY_VERIFY(page->previewFor(QStringLiteral("oncall")).isEmpty());

        const QString slack = page->previewFor(QStringLiteral("desk-slack"));
        QVERIFY2(slack.contains(QStringLiteral("\"blocks\"")), qPrintable(slack));
        QVERIFY(slack.contains(QStringLiteral("🟡 BTC above 70,000"))); // the header block
        QVERIFY(slack.contains(QStringLiteral("Notification text: 🟡 MEDIUM: BTC above 70,000")));
        QVERIFY(slack.contains(QStringLiteral("Crossed on the 1m close <check> & act"))); // plain_text: as typed

        const QString sms = page->previewFor(QStringLiteral("phone"));
        QVERIFY2(sms.contains(QStringLiteral("1 segment, GSM-7")), qPrintable(sms));
        QVERIFY(sms.contains(QStringLiteral("MEDIUM: BTC above 70,000 (BTCUSDT)")));

        const QString mail = page->previewFor(QStringLiteral("mail"));
        QVERIFY2(mail.contains(QStringLiteral("Subject: 🟡 BTC above 70,000")), qPrintable(mail));
        QVERIFY(mail.contains(QStringLiteral("To: trader@example.com")));
        QVERIFY(mail.contains(QStringLiteral("Crossed on the 1m close <check> & act")));

        // A longer message is cut to the channel's one segment, with a visible marker.
        QTest::keyClicks(page->messageEdit(), QString(200, QLatin1Char('x')));
        QTRY_VERIFY(page->previewFor(QStringLiteral("phone")).contains(QStringLiteral("...")));
        QVERIFY(page->previewFor(QStringLiteral("phone")).contains(QStringLiteral("1 segment")));

        check(page, QStringLiteral("oncall"));
        QTRY_VERIFY(page->previewFor(QStringLiteral("oncall")).contains(QStringLiteral("(routing key)")));

        // No secret anywhere in the preview.
        const QString all = page->preview()->toPlainText();
        for (const char* secret : { kSlackUrl, "hooks.slack.com", kTwilioToken, kRoutingKey })
            QVERIFY2(!all.contains(QString::fromLatin1(secret)), secret);
        QVERIFY(all.contains(QStringLiteral("desk-slack · Slack")));
    }

    void previewOfCallsAndPushes()
    {
        WindowFixture f;
        QVERIFY(f.start());
        const QList<std::pair<ChannelConfig, SecretMap>> channels {
            { { QStringLiteral("call-me"), QStringLiteral("voice"), true,
                  QJsonObject { { QStringLiteral("account_sid"), QStringLiteral("AC0123456789abcdef0123456789abcdef") },
                      { QStringLiteral("from"), QStringLiteral("+15557650002") },
                      { QStringLiteral("to"), QJsonArray { QStringLiteral("+15557650003") } },
                      { QStringLiteral("repeat"), 3 } },
                  {} },
                { { QStringLiteral("auth_token"), QString::fromLatin1(kTwilioToken) } } },
            { { QStringLiteral("ntfy-phone"), QStringLiteral("ntfy"), true,
                  QJsonObject { { QStringLiteral("topic"), QStringLiteral("desk-alerts") } }, {} },
                { { QStringLiteral("token"), QStringLiteral("tk_previewsecret0123456789") } } },
            { { QStringLiteral("pushover-phone"), QStringLiteral("pushover"), true, {}, {} },
                { { QStringLiteral("user_key"), QStringLiteral("uQiRzpo4DXghDmr9QzzfQu27cmVRsG") },
                    { QStringLiteral("app_token"), QStringLiteral("azGDORePK8gMaC0QOYAMyEEuzJnyUi") } } },
        };
        for (const auto& [config, secrets] : channels)
            QCOMPARE(saveChannel(f, config, secrets), QString());
        f.window->showPage(MainWindow::ComposePageIndex);
        ComposePage* page = f.window->composePage();
        QTRY_COMPARE(page->channelList()->count(), 3);
        QSignalSpy updates(page, &ComposePage::previewUpdated);
        QTest::keyClicks(page->titleEdit(), QStringLiteral("Margin call"));
        QTest::keyClicks(page->symbolEdit(), QStringLiteral("ETHUSDT"));
        QTest::keyClicks(page->messageEdit(), QStringLiteral("Margin at 92% add $5,000"));
        QVERIFY(updates.wait(2000));

        // What the call says: words a voice reads well, as often as it will be said.
        const QString call = page->previewFor(QStringLiteral("call-me"));
        QVERIFY2(call.contains(QStringLiteral("What the call says (3 times)")), qPrintable(call));
        QVERIFY2(call.contains(QStringLiteral("priority alert. Margin call. Symbol E T H U S D T. Margin at 92 percent "
                                              "add 5,000 dollars.")),
            qPrintable(call));
        // The pushes as the phone shows them.
        const QString ntfy = page->previewFor(QStringLiteral("ntfy-phone"));
        QVERIFY2(ntfy.contains(QStringLiteral("Margin call (ETHUSDT)\nMargin at 92% add $5,000")), qPrintable(ntfy));
        QVERIFY2(ntfy.contains(QStringLiteral("priority 3 of 5")), qPrintable(ntfy));
        const QString pushover = page->previewFor(QStringLiteral("pushover-phone"));
        QVERIFY2(pushover.contains(QStringLiteral("Margin call (ETHUSDT)\nMargin at 92%")), qPrintable(pushover));
        QVERIFY2(pushover.contains(QStringLiteral("Push, priority 0")), qPrintable(pushover));
        const QString all = page->preview()->toPlainText();
        for (const char* secret : { kTwilioToken, "tk_previewsecret0123456789", "uQiRzpo4DXghDmr9QzzfQu27cmVRsG",
                 "azGDORePK8gMaC0QOYAMyEEuzJnyUi" })
            QVERIFY2(!all.contains(QString::fromLatin1(secret)), secret);
    }

    void previewAppliesTheProfileTemplate()
    {
        WindowFixture f;
        QVERIFY(f.start());
        QVERIFY(addChannels(f));
        QString error;
        QVERIFY(f.onEngine([&error](Engine& e) {
            const QJsonObject policies { { QStringLiteral("templates"),
                QJsonArray { QJsonObject { { QStringLiteral("channel_kind"), QStringLiteral("sms") },
                    { QStringLiteral("title"), QStringLiteral("{{symbol}} at {{data.price}}") } } } } };
            e.profile().setPolicies(policies, &error);
        }));
        QCOMPARE(error, QString());
        f.window->showPage(MainWindow::ComposePageIndex);
        ComposePage* page = f.window->composePage();
        QTRY_COMPARE(page->channelList()->count(), 6);
        page->reloadTemplates();
        QTest::keyClicks(page->titleEdit(), QStringLiteral("ETH spike"));
        QTest::keyClicks(page->symbolEdit(), QStringLiteral("ETHUSDT"));
        QTest::keyClicks(page->dataEdit(), QStringLiteral("{\"price\": 3012.5}"));
        QTRY_VERIFY2(page->previewFor(QStringLiteral("phone")).contains(QStringLiteral("MEDIUM: ETHUSDT at 3012.5")),
            qPrintable(page->previewFor(QStringLiteral("phone"))));
        // Only for SMS: Slack keeps the alert's own title.
        QVERIFY(page->previewFor(QStringLiteral("desk-slack")).contains(QStringLiteral("ETH spike")));
        // A data entry the alert lacks: the default text, and the preview says why.
        QTest::keyClick(page->dataEdit(), Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(page->dataEdit(), QStringLiteral("{\"volume\": 1}"));
        QTRY_VERIFY(page->previewFor(QStringLiteral("phone")).contains(QStringLiteral("MEDIUM: ETH spike")));
        QVERIFY(page->previewFor(QStringLiteral("phone"))
                    .contains(QStringLiteral("Template error, the default text goes out")));
    }
};

QTEST_MAIN(TestComposePreview)
#include "TestComposePreview.moc"
