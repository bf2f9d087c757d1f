// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "channels/AppriseUrlDialog.h"
#include "channels/ChannelsModel.h"
#include "channels/ChannelsPage.h"

#include "config/Profile.h"
#include "config/SecretStore.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The Channels page's importers with the real keychain: "Import .env…" (the same import as
// `alertdesk-cli import-env FILE`) and "Add from Apprise URL…" (as `channel add-url`), run on
// the engine thread, their report shown; the imported channels deliver at once.
class TestChannelImport final : public QObject {
    Q_OBJECT

    static QByteArray configJson(WindowFixture& f)
    {
        QFile config(f.dir.path() + QStringLiteral("/config.json"));
        return config.open(QIODevice::ReadOnly) ? config.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") || qEnvironmentVariableIsEmpty("DISPLAY"))
            QSKIP("needs the Secret Service and an X server: run inside scripts/with-test-services.sh");
    }

    // One engine with the real keychain per process (see TestChannelsPage): one test function.
    void importEnvThenAppriseUrlThenDeliver()
    {
        ScriptedHttpServer telegram;
        QVERIFY(telegram.listen());
        telegram.setDefault(ScriptedResponse::json(200, R"({"ok":true,"result":{"message_id":7}})"));
        QTemporaryDir files;
        const QString envPath = files.filePath(QStringLiteral("bot.env"));
        QFile env(envPath);
        QVERIFY(env.open(QIODevice::WriteOnly));
        env.write(QStringLiteral("# the seed's variables\n"
                                 "TELEGRAM_NOTIFICATIONS_ENABLED=true\n"
                                 "TELEGRAM_BOT_TOKEN=123456:ENV-token_x\n"
                                 "TELEGRAM_CHAT_IDS=-1001234567890\n"
                                 "TELEGRAM_API_BASE=%1\n"
                                 "NOTIFICATION_MAX_RETRIES=5\n"
                                 "SLACK_NOTIFICATIONS_ENABLED=true\n"
                                 "SLACK_WEBHOOK_URLS=hooks.slack.com/no-scheme\n")
                      .arg(telegram.url())
                      .toUtf8());
        env.close();

        WindowFixture f(EngineHost::systemFactory());
        QVERIFY(f.start());
        f.window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = f.window->channelsPage();
        QVERIFY(page->showsEmptyState());
        QVERIFY(page->importButton()->isEnabled());

        page->importEnvFile(envPath); // what "Import .env…" does once the file is chosen
        QTRY_VERIFY_WITH_TIMEOUT(page->reportBox(), 10000);
        QMessageBox* report = page->reportBox();
        QCOMPARE(report->windowTitle(), QStringLiteral("Import from .env"));
        QCOMPARE(report->text(), QStringLiteral("Imported, but some of the file was rejected: see why below."));
        const QString lines = report->informativeText();
        QVERIFY2(lines.contains(QStringLiteral("channel telegram (telegram): added")), qPrintable(lines));
        QVERIFY2(lines.contains(QStringLiteral("setting delivery.max_retries (from NOTIFICATION_MAX_RETRIES): ")),
            qPrintable(lines));
        QVERIFY2(lines.contains(QStringLiteral("slack")), qPrintable(lines)); // the rejected one, with why
        QVERIFY(!lines.contains(QStringLiteral("ENV-token_x")));
        QTest::keyClick(report, Qt::Key_Return);
        QTRY_VERIFY(!page->reportBox());

        QTRY_COMPARE(page->model()->rowCount(), 1);
        QCOMPARE(page->model()->channel(0)->config.name, QStringLiteral("telegram"));
        const SecretResult token = readEngineSecret(f, QStringLiteral("telegram"), QStringLiteral("bot_token"));
        QVERIFY2(token.ok, qPrintable(token.error));
        QCOMPARE(token.value, QStringLiteral("123456:ENV-token_x"));
        QVERIFY(!configJson(f).contains("ENV-token_x"));
        QVERIFY(configJson(f).contains("\"delivery.max_retries\": 5"));

        // Imported channels deliver at once: Send test reaches the Bot API on 127.0.0.1.
        page->selectChannel(QStringLiteral("telegram"));
        QTRY_VERIFY(page->testButton()->isEnabled());
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(page->testResultLabel()->text().startsWith(QStringLiteral("✔ Delivered")),
            qPrintable(page->testResultLabel()->text()), 10000);
        QCOMPARE(telegram.requests().first().path, QByteArray("/bot123456:ENV-token_x/sendMessage"));

        // An Apprise URL: a bad one says why without quoting it, and saves nothing.
        QTest::mouseClick(page->addFromUrlButton(), Qt::LeftButton);
        QPointer<AppriseUrlDialog> d = page->findChild<AppriseUrlDialog*>();
        QVERIFY(d);
        QVERIFY(QTest::qWaitForWindowExposed(d));
        QCOMPARE(d->urlEdit()->echoMode(), QLineEdit::Password);
        QVERIFY(!d->addButton()->isEnabled());
        QTest::keyClicks(d->urlEdit(), QStringLiteral("nope://secret-part@example.com"));
        QTest::mouseClick(d->addButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(d->messageLabel()->text().startsWith(QStringLiteral("Not added: ")), 10000);
        QVERIFY(!d->messageLabel()->text().contains(QStringLiteral("secret-part")));
        QCOMPARE(page->model()->rowCount(), 1);

        d->urlEdit()->clear();
        QTest::keyClicks(d->urlEdit(), QStringLiteral("tgram://123456:URL-token_y/-100777?api_base=") + telegram.url());
        QTest::keyClicks(d->nameEdit(), QStringLiteral("tg-url"));
        QTest::mouseClick(d->addButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(d.isNull(), qPrintable(d ? d->messageLabel()->text() : QString()), 10000);
        QTRY_VERIFY(page->reportBox());
        QCOMPARE(page->reportBox()->text(), QStringLiteral("The Apprise URL became the channel tg-url."));
        QTest::keyClick(page->reportBox(), Qt::Key_Return);
        QTRY_COMPARE(page->model()->rowCount(), 2);
        const SecretResult urlToken = readEngineSecret(f, QStringLiteral("tg-url"), QStringLiteral("bot_token"));
        QVERIFY2(urlToken.ok, qPrintable(urlToken.error));
        QCOMPARE(urlToken.value, QStringLiteral("123456:URL-token_y"));
        QVERIFY(!configJson(f).contains("URL-token_y"));
        QTRY_COMPARE(
            page->model()->channel(page->table()->currentIndex().row())->config.name, QStringLiteral("tg-url"));
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(page->testResultLabel()->text().startsWith(QStringLiteral("✔ Delivered")),
            qPrintable(page->testResultLabel()->text()), 10000);
        QCOMPARE(telegram.requests().last().path, QByteArray("/bot123456:URL-token_y/sendMessage"));
    }
};

QTEST_MAIN(TestChannelImport)
#include "TestChannelImport.moc"
