// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "MemorySecretStore.h"
#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "channels/ChannelsModel.h"
#include "channels/ChannelsPage.h"

#include "config/ChannelArgs.h"

#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// A failing channel cannot be missed: its last error shows as soon as any attempt fails (a
// test send included) and after the window is opened again.
class TestChannelFailures final : public QObject {
    Q_OBJECT

    static QString addWebhook(WindowFixture& f, const QString& name, const QString& url)
    {
        ChannelConfig c;
        c.name = name;
        c.kind = QStringLiteral("webhook");
        SecretMap secrets;
        const QString e
            = buildChannelFromOptions(c.kind, { { QStringLiteral("url"), { url } } }, &c.settings, &secrets);
        return e.isEmpty() ? saveChannel(f, c, secrets) : e;
    }

    // An engine whose keychain holds `secrets` from the start: the same profile opened again.
    static EngineHost::Factory engineWithSecrets(const QHash<QString, QString>& secrets)
    {
        return [secrets](Engine::Options o, QString* error, QString* warning) -> std::unique_ptr<Engine> {
            auto* store = new MemorySecretStore;
            for (auto it = secrets.begin(); it != secrets.end(); ++it)
                store->write(it.key(), it.value(), [](const SecretResult&) {});
            o.secrets = store;
            std::unique_ptr<Engine> e = Engine::open(o, error, warning);
            if (!e) {
                delete store;
                return nullptr;
            }
            store->setParent(e.get());
            return e;
        };
    }

    // Closes the window and its engine and opens them again on the same profile.
    static bool reopen(WindowFixture& f, const QHash<QString, QString>& secrets)
    {
        f.window.reset();
        f.host = std::make_unique<EngineHost>(f.dir.path(), engineWithSecrets(secrets));
        f.window = std::make_unique<MainWindow>(*f.host);
        f.window->resize(1280, 800);
        return f.start();
    }

    static QString errorColumn(ChannelsPage* page, const QString& channel)
    {
        const int row = page->model()->rowOf(channel);
        return page->model()->index(row, ChannelsModel::LastErrorColumn).data().toString();
    }

private Q_SLOTS:
    void failedTestSendIsTheLastError()
    {
        ScriptedHttpServer down;
        QVERIFY(down.listen());
        down.setDefault(ScriptedResponse::withStatus(401, R"({"error":"invalid token"})"));

        QAtomicPointer<MemorySecretStore> store;
        auto f = std::make_unique<WindowFixture>(memoryEngineFactory(&store));
        QVERIFY(f->start());
        QCOMPARE(addWebhook(*f, QStringLiteral("relay"), down.url(QStringLiteral("/in"))), QString());
        f->window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = f->window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        page->selectChannel(QStringLiteral("relay"));
        QTRY_COMPARE(page->lastErrorLabel()->text(), QStringLiteral("none"));

        // The trader presses Send test: the platform refuses it.
        QTRY_VERIFY(page->testButton()->isEnabled());
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page->testResultLabel()->text().startsWith(QStringLiteral("✘ Failed")), 10000);
        QCOMPARE(down.requestCount(), 1);
        QTRY_VERIFY2_WITH_TIMEOUT(page->lastErrorLabel()->text().contains(QStringLiteral("401")),
            qPrintable(page->lastErrorLabel()->text()), 5000);
        QTRY_VERIFY2_WITH_TIMEOUT(errorColumn(page, QStringLiteral("relay")).contains(QStringLiteral("401")),
            qPrintable(errorColumn(page, QStringLiteral("relay"))), 5000);
        // The secret (the webhook URL) is not in it.
        QVERIFY(!page->lastErrorLabel()->text().contains(down.url(QStringLiteral("/in"))));

        // Opened again (a restart): the failed test is still the channel's last error.
        const QHash<QString, QString> secrets = store.loadAcquire()->values();
        QVERIFY(reopen(*f, secrets));
        f->window->showPage(MainWindow::ChannelsPageIndex);
        page = f->window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        page->selectChannel(QStringLiteral("relay"));
        QTRY_VERIFY2_WITH_TIMEOUT(page->lastErrorLabel()->text().contains(QStringLiteral("401")),
            qPrintable(page->lastErrorLabel()->text()), 5000);
        QVERIFY(errorColumn(page, QStringLiteral("relay")).contains(QStringLiteral("401")));
        QCOMPARE(down.requestCount(), 1);
    }

    // Six failed attempts in a row (here Send test refused with a bad token): the circuit opens,
    // and a restart keeps it open.
    void circuitTrueToTheAttempts()
    {
        ScriptedHttpServer down;
        QVERIFY(down.listen());
        down.setDefault(ScriptedResponse::withStatus(401, R"({"error":"invalid token"})"));

        QAtomicPointer<MemorySecretStore> store;
        auto f = std::make_unique<WindowFixture>(memoryEngineFactory(&store));
        QVERIFY(f->start());
        QCOMPARE(addWebhook(*f, QStringLiteral("relay"), down.url(QStringLiteral("/in"))), QString());
        f->window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = f->window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        page->selectChannel(QStringLiteral("relay"));
        QLabel* circuit = page->figureLabel(ChannelsPage::CircuitFigure);
        QTRY_COMPARE(circuit->text(), QStringLiteral("closed"));
        for (int i = 1; i <= 6; ++i) {
            QTRY_VERIFY(page->testButton()->isEnabled());
            QTest::mouseClick(page->testButton(), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(down.requestCount(), i, 10000);
            QTRY_VERIFY(page->testButton()->isEnabled());
        }
        QTRY_VERIFY2_WITH_TIMEOUT(
            circuit->text().startsWith(QStringLiteral("open · probes at ")), qPrintable(circuit->text()), 5000);

        const QHash<QString, QString> secrets = store.loadAcquire()->values();
        QVERIFY(reopen(*f, secrets));
        f->window->showPage(MainWindow::ChannelsPageIndex);
        page = f->window->channelsPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        page->selectChannel(QStringLiteral("relay"));
        circuit = page->figureLabel(ChannelsPage::CircuitFigure);
        QTRY_VERIFY2_WITH_TIMEOUT(
            circuit->text().startsWith(QStringLiteral("open · probes at ")), qPrintable(circuit->text()), 5000);
    }
};

QTEST_MAIN(TestChannelFailures)
#include "TestChannelFailures.moc"
