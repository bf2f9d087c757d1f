// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "alerts/AlertsPage.h"
#include "alerts/WelcomePanel.h"
#include "channels/ChannelDialog.h"
#include "channels/ChannelsModel.h"
#include "channels/ChannelsPage.h"

#include "config/Profile.h"
#include "config/SecretStore.h"

#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QTcpServer>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// A new user's path: the welcome panel's "Add a channel…", the dialog (a webhook), Save (secrets to the
// real keychain), then Send test against a webhook receiver on 127.0.0.1 and its live result.
class TestChannelsPage final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The details name a secret as the form does ("Webhook URL"), not by its stored key.
    void secretsAreNamedAsTheFormNamesThem()
    {
        WindowFixture f;
        QVERIFY(f.start());
        QString error = QStringLiteral("pending");
        f.host->addChannelFromUrl(QStringLiteral("slack://T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"),
            QStringLiteral("team"), f.window.get(),
            [&error](const QString&, const QStringList&, const QString& e) { error = e; });
        QTRY_VERIFY(error != QStringLiteral("pending"));
        QCOMPARE(error, QString());
        f.window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = f.window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        page->table()->selectRow(0);
        auto shown = [page] {
            QStringList texts;
            for (const QLabel* l : page->findChildren<QLabel*>())
                texts << l->text();
            return texts;
        };
        QTRY_VERIFY2(shown().contains(QStringLiteral("Webhook URL: set · Bot token: not set")),
            qPrintable(shown().join(QLatin1Char('|'))));
        QVERIFY(!shown().join(QLatin1Char('|')).contains(QStringLiteral("webhook_urls")));
    }

    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("needs the Secret Service: run inside scripts/with-test-services.sh");
    }

    // One engine with the real keychain per process, as in the app: QtKeychain's job queue
    // stays on the first thread that used it and stops answering once that thread has ended.
    void addWebhookThroughTheDialogThenSendTest()
    {
        const QString expected = QStringLiteral("✔ Delivered in");
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::ok());
        const QString url = server.url(QStringLiteral("/hooks/desk"));

        WindowFixture f(EngineHost::systemFactory()); // the real keychain
        QVERIFY(f.start());
        QCOMPARE(f.host->state(), EngineHost::State::Driver);
        AlertsPage* alerts = f.window->alertsPage();
        QVERIFY(alerts->showsWelcome()); // no channel, no alert: the first steps, not an empty table

        QTest::mouseClick(alerts->welcome()->addChannelButton(), Qt::LeftButton);
        QCOMPARE(f.window->currentPage(), MainWindow::ChannelsPageIndex);
        QPointer<ChannelDialog> dialog = f.window->findChild<ChannelDialog*>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("desk"));
        QTest::keyClicks(qobject_cast<QLineEdit*>(dialog->field(QStringLiteral("url"))), url);
        QTest::keyClicks(
            qobject_cast<QLineEdit*>(dialog->field(QStringLiteral("hmac-secret"))), QStringLiteral("s3cret-hmac"));
        QVERIFY2(dialog->saveButton()->isEnabled(), qPrintable(dialog->messageLabel()->text()));
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(dialog.isNull(), qPrintable(dialog ? dialog->messageLabel()->text() : QString()),
            10000); // closes once stored

        ChannelsPage* page = f.window->channelsPage();
        QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), 1, 5000);
        QVERIFY(!page->showsEmptyState());
        QCOMPARE(page->model()->channel(0)->config.name, QStringLiteral("desk"));
        QCOMPARE(page->table()->currentIndex().row(), 0);
        // Secrets: "set" / "not set" in the window, the values in the keychain, never on disk.
        const QList<QLabel*> secrets = page->findChildren<QLabel*>();
        bool shown = false;
        for (QLabel* l : secrets)
            shown = shown || l->text() == QStringLiteral("URL: set · Headers: not set · HMAC secret: set");
        QVERIFY(shown);
        QFile config(f.dir.path() + QStringLiteral("/config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QByteArray onDisk = config.readAll();
        QVERIFY(onDisk.contains("\"desk\""));
        QVERIFY(!onDisk.contains(url.toUtf8()));
        QVERIFY(!onDisk.contains("s3cret-hmac"));
        QString error;
        const auto profile = Profile::load(f.dir.path(), &error);
        QVERIFY2(profile, qPrintable(error));
        const SecretResult stored
            = readEngineSecret(f, SecretStore::key(profile->id(), QStringLiteral("desk"), QStringLiteral("url")));
        QVERIFY2(stored.ok, qPrintable(stored.error));
        QCOMPARE(stored.value, url);

        QVERIFY(page->testButton()->isEnabled());
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page->testResultLabel()->text().startsWith(expected), 10000);
        QVERIFY2(page->testResultLabel()->text().startsWith(expected), qPrintable(page->testResultLabel()->text()));
        QCOMPARE(server.requestCount(), 1);
        const RecordedRequest& r = server.requests().first();
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.path, QByteArray("/hooks/desk"));
        QCOMPARE(r.json().value(QStringLiteral("alert")).toObject().value(QStringLiteral("title")).toString(),
            QStringLiteral("AlertDesk test"));
        QVERIFY(r.header("X-AlertDesk-Signature").startsWith("t="));
        QVERIFY(!r.header("Idempotency-Key").isEmpty());
        QVERIFY(page->testButton()->isEnabled()); // ready for another test
    }

    void sendTestShowsThePlatformsError_data()
    {
        QTest::addColumn<int>("status"); // 0: nobody listens on the port
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("shortcut");
        QTest::newRow("server error") << 500 << QByteArray("boom: receiver down")
                                      << "✘ Failed: HTTP 500: boom: receiver down" << false;
        QTest::newRow("bad token") << 401 << QByteArray("{\"error\":\"invalid token\"}")
                                   << "✘ Failed: HTTP 401: {\"error\":\"invalid token\"}" << true;
        QTest::newRow("nobody listens") << 0 << QByteArray() << "✘ Failed: " << false;
    }

    void sendTestShowsThePlatformsError()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        QFETCH(bool, shortcut);
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::withStatus(status, body));
        QString url = server.url(QStringLiteral("/in"));
        if (status == 0) {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            url = QStringLiteral("http://127.0.0.1:%1/in").arg(closed.serverPort());
        }

        WindowFixture f;
        QVERIFY(f.start());
        QString saveError = QStringLiteral("pending");
        f.host->saveChannel({ QStringLiteral("hook"), QStringLiteral("webhook"), true, {}, {} },
            { { QStringLiteral("url"), url } }, f.window.get(), [&](const QString& e) { saveError = e; });
        QTRY_VERIFY(saveError != QStringLiteral("pending"));
        QCOMPARE(saveError, QString());
        f.window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = f.window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        QTRY_COMPARE(page->table()->currentIndex().row(), 0);
        if (shortcut) {
            f.window->activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
            page->table()->setFocus();
            QTest::keyClick(page->table(), Qt::Key_T, Qt::ControlModifier);
        } else {
            QTest::mouseClick(page->testButton(), Qt::LeftButton);
        }
        QTRY_VERIFY2_WITH_TIMEOUT(
            page->testResultLabel()->text().startsWith(expected), qPrintable(page->testResultLabel()->text()), 10000);
        if (status == 0)
            QVERIFY2(page->testResultLabel()->text().contains(QStringLiteral("refused"), Qt::CaseInsensitive),
                qPrintable(page->testResultLabel()->text()));
        else
            QCOMPARE(server.requestCount(), 1);
    }
};

QTEST_MAIN(TestChannelsPage)
#include "TestChannelsPage.moc"
