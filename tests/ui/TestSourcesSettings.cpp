// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedNtfyServer.h"
#include "UiTestSupport.h"

#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "settings/SettingsPage.h"
#include "settings/SourceDialog.h"
#include "settings/SourcesEditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Settings › Sources: the ntfy source form, checked as you type with the command line's
// checks, saves through the engine, and the window subscribes at once: the table and the
// status bar follow the connection, and a published message is an alert in the Alerts table.
class TestSourcesSettings final : public QObject {
    Q_OBJECT

    static SourcesEditor* openSources(WindowFixture& f)
    {
        f.window->showPage(MainWindow::SettingsPageIndex);
        SettingsPage* settings = f.window->settingsPage();
        settings->showSection(SettingsPage::SourcesSection);
        return settings->sourcesEditor();
    }

private Q_SLOTS:
    void addCheckSubscribeEditRemove()
    {
        ScriptedNtfyServer server(QStringLiteral("tv-desk-7f3k"));
        QVERIFY(server.listen());
        server.setToken("tk_windowtoken12345");
        WindowFixture f;
        QVERIFY(f.start());
        SourcesEditor* editor = openSources(f);
        QVERIFY(editor->isVisible());
        QCOMPARE(editor->table()->rowCount(), 0);
        QVERIFY(!f.window->sourcesStatusLabel()->isVisible()); // no source: nothing to say

        QTest::mouseClick(editor->addButton(), Qt::LeftButton);
        QTRY_VERIFY(editor->dialog() && editor->dialog()->isVisible());
        SourceDialog* d = editor->dialog();
        QVERIFY(!d->saveButton()->isEnabled());
        QTest::keyClicks(d->nameEdit(), QStringLiteral("tradingview"));
        QTest::keyClicks(d->topicEdit(), QStringLiteral("tv desk")); // a space: not an ntfy topic
        QVERIFY(!d->saveButton()->isEnabled());
        QVERIFY(d->messageLabel()->text().contains(QStringLiteral("“Topic”")));
        QVERIFY(d->topicEdit()->property("invalid").toBool());
        d->topicEdit()->clear();
        QTest::keyClicks(d->topicEdit(), server.topic());
        QTest::keyClicks(d->serverEdit(), QStringLiteral("ftp://nowhere"));
        QVERIFY(!d->saveButton()->isEnabled());
        QVERIFY(d->messageLabel()->text().contains(QStringLiteral("“Server”")));
        d->serverEdit()->clear();
        QTest::keyClicks(d->serverEdit(), server.url());
        QTest::keyClicks(d->tokenEdit(), QStringLiteral("tk_windowtoken12345"));
        d->typeCombo()->setCurrentIndex(d->typeCombo()->findData(QStringLiteral("PRICE")));
        d->priorityCombo()->setCurrentIndex(d->priorityCombo()->findData(QStringLiteral("HIGH")));
        QCOMPARE(d->messageLabel()->text(), QStringLiteral("The source is valid."));
        QVERIFY(d->saveButton()->isEnabled());
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!editor->dialog(), 10000);

        // Subscribed at once, with the token sent and kept in the keychain only.
        QTRY_COMPARE_WITH_TIMEOUT(server.openSubscriptions(), 1, 10000);
        QCOMPARE(server.authorizations().last(), QByteArray("Bearer tk_windowtoken12345"));
        QTRY_COMPARE_WITH_TIMEOUT(editor->table()->rowCount(), 1, 10000);
        QCOMPARE(editor->table()->item(0, 0)->text(), QStringLiteral("tradingview"));
        QTRY_COMPARE_WITH_TIMEOUT(editor->table()->item(0, 3)->text(), QStringLiteral("Connected"), 10000);
        QLabel* status = f.window->sourcesStatusLabel();
        QTRY_VERIFY(status->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("ntfy tradingview: connected"), 10000);
        QVERIFY(status->toolTip().contains(server.topic()));
        QFile config(f.dir.filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QVERIFY(!config.readAll().contains("tk_windowtoken12345"));

        // A TradingView message is an alert in the table.
        server.publish(QStringLiteral("BTCUSDT crossing 100000\n{{interval}} close {{close}}"));
        AlertsPage* alerts = f.window->alertsPage();
        QTRY_COMPARE_WITH_TIMEOUT(alerts->model()->rowCount(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(editor->table()->item(0, 4)->text(), QStringLiteral("1"), 10000);

        // The connection drops: the status bar says so, and it comes back by itself.
        server.setAccepting(false);
        server.dropSubscribers();
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("ntfy tradingview: reconnecting"), 10000);
        server.setAccepting(true);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("ntfy tradingview: connected"), 15000);

        // Edit: the form shows what is stored, the token only as set; a new topic resubscribes.
        editor->table()->selectRow(0);
        QTest::mouseClick(editor->editButton(), Qt::LeftButton);
        QTRY_VERIFY(editor->dialog() && editor->dialog()->isVisible());
        d = editor->dialog();
        QVERIFY(!d->nameEdit()->isEnabled());
        QCOMPARE(d->topicEdit()->text(), server.topic());
        QCOMPARE(d->serverEdit()->text(), server.url());
        QVERIFY(d->tokenEdit()->text().isEmpty());
        QVERIFY(d->removeTokenCheck()->isVisibleTo(d));
        QCOMPARE(d->typeCombo()->currentData().toString(), QStringLiteral("PRICE"));
        QCOMPARE(d->priorityCombo()->currentData().toString(), QStringLiteral("HIGH"));
        d->enabledCheck()->setChecked(false);
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!editor->dialog(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(editor->table()->item(0, 3)->text(), QStringLiteral("Disabled"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(server.openSubscriptions(), 0, 10000);
        QCOMPARE(status->text(), QStringLiteral("ntfy tradingview: disabled"));

        // Remove: asked first, then gone from the table, the status bar and the keychain.
        editor->table()->selectRow(0);
        QTest::mouseClick(editor->removeButton(), Qt::LeftButton);
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = editor->findChild<QMessageBox*>(QStringLiteral("removeSourceQuestion"))));
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(editor->table()->rowCount(), 0, 10000);
        QTRY_VERIFY(!status->isVisible());
    }
};

QTEST_MAIN(TestSourcesSettings)
#include "TestSourcesSettings.moc"
