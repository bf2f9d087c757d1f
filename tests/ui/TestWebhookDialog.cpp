#include "ChannelsModel.h"
#include "ChannelsPage.h"
#include "UiTestSupport.h"
#include "WebhookDialog.h"

#include "config/Profile.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// "Add webhook…" checks the form as the user types: a message that says what is wrong, Save
// disabled, and nothing saved, whatever the user presses.
class TestWebhookDialog final : public QObject {
    Q_OBJECT

    static QStringList savedChannels(WindowFixture& f)
    {
        QStringList names;
        f.onEngine([&names](Engine& e) {
            for (const ChannelConfig& c : e.profile().channels())
                names << c.name;
        });
        return names;
    }

private Q_SLOTS:
    void check_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("headers");
        QTest::addColumn<QString>("error");   // a part of the message; empty: valid
        QTest::addColumn<QString>("warning");
        QTest::newRow("valid") << "desk" << "https://hooks.example.com/in" << "" << "" << "";
        QTest::newRow("valid with headers") << "desk" << "https://hooks.example.com/in"
                                            << "Authorization: Bearer x\n\nX-Team: desk" << "" << "";
        QTest::newRow("plain http warns") << "desk" << "http://hooks.example.com/in" << "" << "" << "unencrypted";
        QTest::newRow("http to loopback") << "desk" << "http://127.0.0.1:8080/in" << "" << "" << "";
        QTest::newRow("no name") << "" << "https://hooks.example.com/in" << "" << "Enter a name" << "";
        QTest::newRow("bad name") << "my desk!" << "https://hooks.example.com/in" << "" << "The name may use" << "";
        QTest::newRow("taken name") << "taken" << "https://hooks.example.com/in" << "" << "exists already" << "";
        QTest::newRow("no URL") << "desk" << "" << "" << "Enter the URL" << "";
        QTest::newRow("not a URL") << "desk" << "not a url" << "" << "The URL is not valid" << "";
        QTest::newRow("ftp") << "desk" << "ftp://example.com/in" << "" << "must start with https:// or http://" << "";
        QTest::newRow("no host") << "desk" << "https:///in" << "" << "no host" << "";
        QTest::newRow("header without colon") << "desk" << "https://hooks.example.com/in" << "Authorization Bearer x"
                                              << "Header line 1 needs the form" << "";
        QTest::newRow("bad header name") << "desk" << "https://hooks.example.com/in" << "X-Ok: 1\nBad Name: x"
                                         << "Header line 2: \"Bad Name\" is not a valid header name" << "";
    }

    void check()
    {
        QFETCH(QString, name);
        QFETCH(QString, url);
        QFETCH(QString, headers);
        QFETCH(QString, error);
        QFETCH(QString, warning);
        const WebhookDialog::Check c = WebhookDialog::check({name, url, headers, QString(), true}, {QStringLiteral("taken")});
        if (error.isEmpty()) {
            QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
            QCOMPARE(c.config.kind, QStringLiteral("webhook"));
            QCOMPARE(c.secrets.value(QStringLiteral("url")), url);
            QCOMPARE(c.secrets.contains(QStringLiteral("headers")), !headers.trimmed().isEmpty());
        } else {
            QVERIFY2(c.error.contains(error), qPrintable(c.error));
        }
        if (warning.isEmpty())
            QVERIFY2(c.warning.isEmpty(), qPrintable(c.warning));
        else
            QVERIFY2(c.warning.contains(warning), qPrintable(c.warning));
    }

    void headersAndSecretBecomeKeychainSecrets()
    {
        const WebhookDialog::Check c = WebhookDialog::check(
            {QStringLiteral("desk"), QStringLiteral(" https://h.example.com/x "), QStringLiteral("Authorization:  Bearer t0k "),
             QStringLiteral("s3cret"), false},
            {});
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        QCOMPARE(c.config.enabled, false);
        QVERIFY(c.config.settings.isEmpty()); // nothing secret in the profile's JSON
        QCOMPARE(c.secrets.value(QStringLiteral("url")), QStringLiteral("https://h.example.com/x"));
        QCOMPARE(c.secrets.value(QStringLiteral("headers")), QStringLiteral("{\"Authorization\":\"Bearer t0k\"}"));
        QCOMPARE(c.secrets.value(QStringLiteral("hmac_secret")), QStringLiteral("s3cret"));
    }

    void badInputShowsItsMessageAndSavesNothing_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a URL") << "desk" << "not a url" << "The URL is not valid";
        QTest::newRow("ftp") << "desk" << "ftp://example.com/in" << "must start with https:// or http://";
        QTest::newRow("no host") << "desk" << "http://" << "no host";
        QTest::newRow("bad name") << "a b" << "https://hooks.example.com/in" << "The name may use";
    }

    void badInputShowsItsMessageAndSavesNothing()
    {
        QFETCH(QString, name);
        QFETCH(QString, url);
        QFETCH(QString, message);
        WindowFixture f;
        QVERIFY(f.start());
        f.window->showPage(MainWindow::ChannelsPageIndex);
        QPointer<WebhookDialog> dialog = f.window->channelsPage()->openAddWebhook();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QVERIFY(!dialog->saveButton()->isEnabled()); // empty form

        QTest::keyClicks(dialog->nameEdit(), name);
        QTest::keyClicks(dialog->urlEdit(), url);
        QVERIFY2(dialog->messageLabel()->text().contains(message), qPrintable(dialog->messageLabel()->text()));
        QVERIFY(dialog->messageLabel()->isVisible());
        QVERIFY(!dialog->saveButton()->isEnabled());

        // Neither Enter nor a click on the disabled button saves anything.
        QTest::keyClick(dialog->urlEdit(), Qt::Key_Return);
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(savedChannels(f).isEmpty());
        QVERIFY(f.window->channelsPage()->showsEmptyState());
        QFile config(f.dir.path() + QStringLiteral("/config.json"));
        if (config.open(QIODevice::ReadOnly))
            QVERIFY(!config.readAll().contains(QByteArray(name.toUtf8() + QByteArrayLiteral("\""))));

        // Fixing the URL enables Save, and the message says so.
        dialog->urlEdit()->clear();
        QTest::keyClicks(dialog->urlEdit(), QStringLiteral("https://hooks.example.com/in"));
        if (Profile::isValidChannelName(name)) {
            QVERIFY(dialog->saveButton()->isEnabled());
            QCOMPARE(dialog->messageLabel()->text(), QStringLiteral("Ready to save."));
        }
        dialog->reject();
    }
};

QTEST_MAIN(TestWebhookDialog)
#include "TestWebhookDialog.moc"
