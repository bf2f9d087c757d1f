// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "UiText.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "settings/EscalationEditor.h"
#include "settings/QuietHoursEditor.h"
#include "settings/SettingsPage.h"
#include "settings/SourcesEditor.h"
#include "widgets/DurationSpinBox.h"

#include "config/Autostart.h"
#include "config/Profile.h"
#include "config/ProfileLock.h"
#include "policy/PolicyConfig.h"
#include "storage/PolicyStore.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace alertdesk;
using namespace alertdesk::test;

// The Settings page on a real window and engine: the ingest API the window serves (port,
// token), quiet hours and escalation through their forms, the language.
class TestSettingsPage final : public QObject {
    Q_OBJECT

    QNetworkAccessManager m_net;

    // POSTs body to the window's ingest API on 127.0.0.1; returns the HTTP status (0: no answer).
    int post(quint16 port, const QString& path, const QString& token, const QJsonObject& body)
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        QNetworkReply* reply = m_net.post(req, QJsonDocument(body).toJson());
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !done.wait(10000))
            return 0;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        return status;
    }

    static QJsonObject alertJson(const QString& title)
    {
        return { { QStringLiteral("type"), QStringLiteral("PRICE") },
            { QStringLiteral("priority"), QStringLiteral("HIGH") }, { QStringLiteral("title"), title },
            { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") } };
    }

    static bool serving(WindowFixture& f)
    {
        return waitUntil([&f] { return f.host->ingestStatus().known; }, 10000) && f.host->ingestStatus().serving;
    }

    // The token as Copy puts it on the clipboard.
    static QString copiedToken(WindowFixture& f)
    {
        QApplication::clipboard()->clear();
        QTest::mouseClick(f.window->settingsPage()->copyTokenButton(), Qt::LeftButton);
        waitUntil([] { return QApplication::clipboard()->text().startsWith(QStringLiteral("adk_")); }, 10000);
        return QApplication::clipboard()->text();
    }

    static void setProfileSetting(WindowFixture& f, const QString& key, const QString& value)
    {
        QString error;
        auto p = Profile::load(f.dir.path(), &error);
        QVERIFY2(p, qPrintable(error));
        QVERIFY2(p->setSetting(key, value, &error), qPrintable(error));
        QVERIFY2(p->save(&error), qPrintable(error));
    }

    // The profile as stored on disk.
    static Profile stored(WindowFixture& f)
    {
        QString error;
        auto p = Profile::load(f.dir.path(), &error);
        return p ? *p : Profile();
    }

    static PolicyConfig storedPolicies(WindowFixture& f)
    {
        QString error;
        const auto p = Profile::load(f.dir.path(), &error);
        return p ? p->policies() : PolicyConfig();
    }

    // Shows a section of the Settings page once it has read what the profile holds.
    static SettingsPage* openSettings(WindowFixture& f, SettingsPage::Section section)
    {
        SettingsPage* settings = f.window->settingsPage();
        QSignalSpy stored(settings, &SettingsPage::stored);
        // Showing the page reads the profile; when it is shown already, read it again.
        if (f.window->currentPage() == MainWindow::SettingsPageIndex)
            settings->load();
        f.window->showPage(MainWindow::SettingsPageIndex);
        if (!stored.wait(10000))
            qWarning("the Settings page did not load");
        settings->showSection(section);
        return settings;
    }

    static void replaceText(QLineEdit* edit, const QString& text)
    {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, text);
    }

private Q_SLOTS:
    void theWindowServesTheIngestApi()
    {
        QString endpointPath;
        {
            WindowFixture f;
            QVERIFY(f.start());
            QCOMPARE(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }), QString());
            QVERIFY(serving(f));
            const quint16 port = f.host->ingestStatus().port;
            QVERIFY(port > 0);
            QTRY_VERIFY(f.window->ingestStatusLabel()->text().contains(QString::number(port)));

            // The endpoint file tells alertdesk-cli where the API is, as `alertdesk-cli run` writes it.
            endpointPath = f.dir.path() + QStringLiteral("/ingest.json");
            QFile endpoint(endpointPath);
            QVERIFY(endpoint.open(QIODevice::ReadOnly));
            const QJsonObject e = QJsonDocument::fromJson(endpoint.readAll()).object();
            QCOMPARE(e.value(QStringLiteral("port")).toInt(), int(port));
            QCOMPARE(e.value(QStringLiteral("pid")).toInteger(), QCoreApplication::applicationPid());

            f.window->showPage(MainWindow::SettingsPageIndex);
            const QString token = copiedToken(f);
            QVERIFY2(token.startsWith(QStringLiteral("adk_")), qPrintable(QStringLiteral("clipboard: not a token")));
            QVERIFY(!f.window->settingsPage()->tokenLabel()->text().contains(token.mid(4, 8))); // masked

            QCOMPARE(post(port, QStringLiteral("/v1/alerts"), QString(), alertJson(QStringLiteral("no token"))), 401);
            QCOMPARE(
                post(port, QStringLiteral("/v1/alerts"), QStringLiteral("adk_wrong"), alertJson(QStringLiteral("bad"))),
                401);
            QCOMPARE(post(port, QStringLiteral("/v1/alerts"), token, alertJson(QStringLiteral("Posted to the window"))),
                202);

            f.window->showPage(MainWindow::AlertsPageIndex);
            AlertsModel* model = f.window->alertsPage()->model();
            QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() == 1, 10000);
            bool found = false;
            for (int c = 0; c < model->columnCount(); ++c)
                found = found || model->data(model->index(0, c)).toString() == QLatin1String("Posted to the window");
            QVERIFY(found);
        }
        // The window closed: the endpoint file is gone, so no CLI hands alerts to a dead port.
        QVERIFY(!QFile::exists(endpointPath));
    }

    // With the system keychain, as the app runs: alertdesk-cli, another process, finds the
    // window's API through the endpoint file and uses the token the window uses.
    void theCommandLineFindsTheWindowsApi()
    {
        WindowFixture f(EngineHost::systemFactory());
        QVERIFY(f.start());
        QVERIFY(serving(f));
        SettingsPage* settings = openSettings(f, SettingsPage::IngestSection);
        // No token is made at start (storing one could make the keychain prompt): the API
        // refuses every request until one is.
        QTRY_VERIFY2(settings->tokenLabel()->text().startsWith(QStringLiteral("None yet")),
            qPrintable(settings->tokenLabel()->text()));
        const quint16 port = f.host->ingestStatus().port;
        const QString madeUp = QStringLiteral("adk_madeup");
        QCOMPARE(post(port, QStringLiteral("/v1/alerts"), madeUp, alertJson(QStringLiteral("no token yet"))), 503);
        QTRY_COMPARE(post(port, QStringLiteral("/v1/alerts"), madeUp, alertJson(QStringLiteral("no token yet"))), 401);
        const QStringList profile { QStringLiteral("--profile"), f.dir.path() };

        // Made by another process: the window's API takes it up on the next request (a 503
        // with Retry-After meanwhile, which `metric` follows).
        CliProcess apiToken(QStringLiteral(ALERTDESK_CLI_PATH), profile + QStringList { QStringLiteral("api-token") },
            QProcessEnvironment::systemEnvironment());
        QVERIFY(apiToken.start());
        QVERIFY(apiToken.waitForFinished(20000));
        QVERIFY2(apiToken.result().exitedWith(0), qPrintable(apiToken.result().describe()));
        const QString token = QString::fromUtf8(apiToken.out()).trimmed();
        QVERIFY(token.startsWith(QStringLiteral("adk_")));

        CliProcess metric(QStringLiteral(ALERTDESK_CLI_PATH),
            profile
                + QStringList { QStringLiteral("metric"), QStringLiteral("BTCUSDT.price"), QStringLiteral("70123.5") },
            QProcessEnvironment::systemEnvironment());
        QVERIFY(metric.start());
        QVERIFY(metric.waitForFinished(20000));
        QVERIFY2(metric.result().exitedWith(0), qPrintable(metric.result().describe()));
        const QByteArray handedOff = QByteArray("handed the sample to the running instance (pid ")
            + QByteArray::number(QCoreApplication::applicationPid()) + QByteArray(")");
        QVERIFY2(metric.err().contains(handedOff), metric.err().constData());
        QCOMPARE(copiedToken(f), token); // the window uses the same one
        QCOMPARE(post(port, QStringLiteral("/v1/alerts"), token, alertJson(QStringLiteral("with the token"))), 202);
        QTRY_VERIFY(settings->tokenLabel()->text().startsWith(QStringLiteral("adk_")));
    }

    // The window stores nothing in the keychain until a secret is needed, and says why the
    // keychain is about to prompt before it does.
    void theKeychainIsAskedOnlyWhenASecretIsStored()
    {
        WindowFixture f;
        int checks = 0;
        f.host->setKeychainPromptCheck([&checks](QString* keyring) {
            ++checks;
            *keyring = QString();
            return KeychainPrompt::NewKeyring;
        });
        QVERIFY(f.start());
        QVERIFY(serving(f));
        auto tokenKey = [](Engine& e) {
            return SecretStore::key(e.profile().id(), QStringLiteral("ingest"), QStringLiteral("token"));
        };
        QVERIFY(readEngineSecret(f, tokenKey).notFound);
        QCOMPARE(checks, 0); // nothing was about to be stored

        SettingsPage* settings = openSettings(f, SettingsPage::IngestSection);
        QString notice;
        auto answer = [&notice](bool accept) {
            for (QWidget* w : QApplication::topLevelWidgets()) {
                auto* box = qobject_cast<QMessageBox*>(w);
                if (!box || !box->isVisible() || box->objectName() != QLatin1String("keychainNotice"))
                    continue;
                notice = box->text() + QLatin1Char('\n') + box->informativeText();
                for (QAbstractButton* b : box->buttons()) {
                    if ((box->buttonRole(b) == QMessageBox::AcceptRole) == accept)
                        return b->click();
                }
            }
        };
        QTimer cancel;
        connect(&cancel, &QTimer::timeout, this, [&answer] { answer(false); });
        cancel.start(20);
        QTest::mouseClick(settings->copyTokenButton(), Qt::LeftButton);
        cancel.stop();
        QCOMPARE(checks, 1);
        QVERIFY2(notice.contains(QStringLiteral("choose a password for a new one")), qPrintable(notice));
        QTRY_VERIFY2(
            settings->statusLabel()->text().contains(QStringLiteral("cancelled before the keychain was opened")),
            qPrintable(settings->statusLabel()->text()));
        QVERIFY(readEngineSecret(f, tokenKey).notFound);

        notice.clear();
        QApplication::clipboard()->clear();
        QTimer accept;
        connect(&accept, &QTimer::timeout, this, [&answer] { answer(true); });
        accept.start(20);
        QTest::mouseClick(settings->copyTokenButton(), Qt::LeftButton);
        accept.stop();
        QVERIFY(!notice.isEmpty());
        QTRY_VERIFY(QApplication::clipboard()->text().startsWith(QStringLiteral("adk_")));
        const SecretResult stored = readEngineSecret(f, tokenKey);
        QVERIFY(stored.ok);
        QCOMPARE(stored.value, QApplication::clipboard()->text());
        QCOMPARE(post(f.host->ingestStatus().port, QStringLiteral("/v1/alerts"), stored.value,
                     alertJson(QStringLiteral("after the notice"))),
            202);

        // Once there is a token, Copy reads it: no notice, nothing asked.
        QTest::mouseClick(settings->copyTokenButton(), Qt::LeftButton);
        QCOMPARE(checks, 2);
    }

    void aTakenPortIsSaidAndTheWindowKeepsWorking()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        WindowFixture f;
        setProfileSetting(f, QStringLiteral("ingest.port"), QString::number(squatter.serverPort()));
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }), QString());
        QVERIFY(waitUntil([&f] { return f.host->ingestStatus().known; }, 10000));
        QVERIFY(!f.host->ingestStatus().serving);
        QVERIFY(f.host->ingestStatus().portBusy);
        QTRY_VERIFY(f.window->banner()->isVisible());
        QVERIFY2(f.window->banner()->text().contains(QString::number(squatter.serverPort())),
            qPrintable(f.window->banner()->text()));
        QVERIFY(f.window->banner()->text().contains(QStringLiteral("in use")));
        QCOMPARE(f.window->ingestStatusLabel()->text(), QStringLiteral("Ingest API off"));
        f.window->showPage(MainWindow::SettingsPageIndex);
        f.window->settingsPage()->showSection(SettingsPage::IngestSection);
        QTRY_VERIFY(f.window->settingsPage()->ingestStateLabel()->text().contains(QStringLiteral("in use")));

        // Everything else works: an alert composed in the window is stored and shown.
        QString error;
        QVERIFY2(!submitAlert(f, alertJson(QStringLiteral("still here")), &error).isEmpty(), qPrintable(error));
        f.window->showPage(MainWindow::AlertsPageIndex);
        QTRY_COMPARE(f.window->alertsPage()->model()->rowCount(), 1);
    }

    void aNewPortAppliesAtOnce()
    {
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }), QString());
        QVERIFY(serving(f));
        const quint16 before = f.host->ingestStatus().port;
        SettingsPage* settings = openSettings(f, SettingsPage::IngestSection);
        auto* portBox = qobject_cast<QSpinBox*>(settings->editor(QStringLiteral("ingest.port")));
        QVERIFY(portBox);
        QTRY_COMPARE(portBox->value(), 0); // the fixture's "any free port"

        // A port another program holds is refused before anything is stored.
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        portBox->setFocus();
        portBox->selectAll();
        QTest::keyClicks(portBox, QString::number(squatter.serverPort()));
        QVERIFY(settings->applyButton()->isEnabled());
        QTest::mouseClick(settings->applyButton(), Qt::LeftButton);
        QTRY_VERIFY2(settings->statusLabel()->text().contains(QStringLiteral("in use")),
            qPrintable(settings->statusLabel()->text()));
        QCOMPARE(stored(f).setting(QStringLiteral("ingest.port")).toInt(), 0);
        QCOMPARE(f.host->ingestStatus().port, before);

        // A free port: the API moves there, the page says so, and it answers there.
        quint16 freePort = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            freePort = probe.serverPort();
        }
        portBox->selectAll();
        QTest::keyClicks(portBox, QString::number(freePort));
        QCOMPARE(portBox->value(), int(freePort));
        QTest::mouseClick(settings->applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(f.host->ingestStatus().port, freePort, 10000);
        QVERIFY(f.host->ingestStatus().serving);
        QTRY_VERIFY(settings->ingestStateLabel()->text().contains(QString::number(freePort)));
        QVERIFY(settings->ingestAddressLabel()->text().contains(QStringLiteral("127.0.0.1:%1").arg(freePort)));
        QTRY_COMPARE(settings->statusLabel()->text(), QStringLiteral("Applied."));
        QCOMPARE(stored(f).setting(QStringLiteral("ingest.port")).toInt(), int(freePort));
        const QString token = copiedToken(f);
        QCOMPARE(
            post(freePort, QStringLiteral("/v1/alerts"), token, alertJson(QStringLiteral("on the new port"))), 202);
        QCOMPARE(post(before, QStringLiteral("/v1/alerts"), token, alertJson(QStringLiteral("old port"))), 0); // closed
    }

    void durationsAsATraderWritesThem_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("shown");
        QTest::newRow("seconds alone") << QStringLiteral("90") << qint64(90000) << QStringLiteral("1 min 30 s");
        QTest::newRow("minutes and seconds")
            << QStringLiteral("1 min 30 s") << qint64(90000) << QStringLiteral("1 min 30 s");
        QTest::newRow("compact") << QStringLiteral("1h30m") << qint64(5400000) << QStringLiteral("1 h 30 min");
        QTest::newRow("fraction") << QStringLiteral("1.5 s") << qint64(1500) << QStringLiteral("1.5 s");
        QTest::newRow("milliseconds") << QStringLiteral("250ms") << qint64(250) << QStringLiteral("250 ms");
        QTest::newRow("no unit between numbers") << QStringLiteral("1 30") << qint64(-1) << QString();
        QTest::newRow("not a duration") << QStringLiteral("soon") << qint64(-1) << QString();
    }

    void durationsAsATraderWritesThem()
    {
        QFETCH(QString, typed);
        QFETCH(qint64, ms);
        QFETCH(QString, shown);
        QCOMPARE(DurationSpinBox::parse(typed), ms);
        if (ms >= 0)
            QCOMPARE(DurationSpinBox::format(ms), shown);
    }

    void durationSettingsInSecondsAndMinutes()
    {
        WindowFixture f;
        QVERIFY(f.start());
        SettingsPage* settings = openSettings(f, SettingsPage::DeliverySection);
        auto* delay = qobject_cast<DurationSpinBox*>(settings->editor(QStringLiteral("delivery.retry_delay_ms")));
        auto* cap = qobject_cast<DurationSpinBox*>(settings->editor(QStringLiteral("delivery.retry_cap_ms")));
        QVERIFY(delay && cap);
        QTRY_COMPARE(delay->text(), QStringLiteral("5 s")); // not "5,000 ms"
        QCOMPARE(cap->text(), QStringLiteral("5 min"));

        delay->setFocus();
        delay->selectAll();
        QTest::keyClicks(delay, QStringLiteral("1 min 30 s"));
        QTest::keyClick(delay, Qt::Key_Return);
        QCOMPARE(delay->value(), 90000);
        QCOMPARE(delay->text(), QStringLiteral("1 min 30 s"));
        QTest::keyClick(delay, Qt::Key_Up); // a step that suits the size: 5 s here
        QCOMPARE(delay->value(), 95000);
        QVERIFY(settings->applyButton()->isEnabled());
        QTest::mouseClick(settings->applyButton(), Qt::LeftButton);
        QTRY_COMPARE(settings->statusLabel()->text(), QStringLiteral("Applied."));
        QCOMPARE(stored(f).setting(QStringLiteral("delivery.retry_delay_ms")).toInt(), 95000);
    }

    void regeneratingTheTokenRefusesTheOldOne()
    {
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }), QString());
        QVERIFY(serving(f));
        const quint16 port = f.host->ingestStatus().port;
        SettingsPage* settings = openSettings(f, SettingsPage::IngestSection);
        const QString oldToken = copiedToken(f);
        QVERIFY(oldToken.startsWith(QStringLiteral("adk_")));
        QCOMPARE(post(port, QStringLiteral("/v1/alerts"), oldToken, alertJson(QStringLiteral("before"))), 202);

        // Cancel first: nothing changes.
        int answered = 0;
        auto answer = [&answered](bool accept) {
            for (QWidget* w : QApplication::topLevelWidgets()) {
                auto* box = qobject_cast<QMessageBox*>(w);
                if (!box || !box->isVisible() || box->objectName() != QLatin1String("regenerateTokenConfirm"))
                    continue;
                for (QAbstractButton* b : box->buttons()) {
                    if ((box->buttonRole(b) == QMessageBox::AcceptRole) == accept) {
                        ++answered;
                        b->click();
                        return;
                    }
                }
            }
        };
        QTimer cancel;
        connect(&cancel, &QTimer::timeout, this, [&answer] { answer(false); });
        cancel.start(20);
        QTest::mouseClick(settings->regenerateTokenButton(), Qt::LeftButton);
        cancel.stop();
        QCOMPARE(answered, 1);
        QCOMPARE(post(port, QStringLiteral("/v1/alerts"), oldToken, alertJson(QStringLiteral("after cancel"))), 202);

        QTimer accept;
        connect(&accept, &QTimer::timeout, this, [&answer] { answer(true); });
        accept.start(20);
        QTest::mouseClick(settings->regenerateTokenButton(), Qt::LeftButton);
        accept.stop();
        QCOMPARE(answered, 2);
        QTRY_VERIFY_WITH_TIMEOUT(settings->statusLabel()->text().startsWith(QStringLiteral("New token in use")), 10000);
        QCOMPARE(post(port, QStringLiteral("/v1/alerts"), oldToken, alertJson(QStringLiteral("old token"))), 401);
        const QString newToken = copiedToken(f);
        QVERIFY(newToken.startsWith(QStringLiteral("adk_")));
        QVERIFY(newToken != oldToken);
        QCOMPARE(post(port, QStringLiteral("/v1/alerts"), newToken, alertJson(QStringLiteral("new token"))), 202);
        QCOMPARE(f.host->ingestStatus().port, port); // the same server, not a restart elsewhere
    }

    void aQuietHoursRuleThroughTheForm()
    {
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }), QString());
        SettingsPage* settings = openSettings(f, SettingsPage::QuietHoursSection);
        QuietHoursEditor* q = settings->quietHoursEditor();
        QTRY_COMPARE(q->channelList()->count(), 1);
        QVERIFY2(!settings->applyButton()->isEnabled(), qPrintable(settings->statusLabel()->text()));

        QTest::mouseClick(q->addButton(), Qt::LeftButton);
        QCOMPARE(q->list()->count(), 1);
        QTest::keyClicks(q->nameEdit(), QStringLiteral("nights")); // the new name is selected: typed over
        replaceText(q->timesEdit(), QStringLiteral("22:00-07:00"));
        for (int d = 1; d <= 5; ++d)
            QTest::mouseClick(q->weekdayBox(d), Qt::LeftButton);
        q->zoneBox()->setFocus();
        q->zoneBox()->lineEdit()->selectAll();
        QTest::keyClicks(q->zoneBox()->lineEdit(), QStringLiteral("Europe/Berlin"));
        QTest::keyClick(q->zoneBox()->lineEdit(), Qt::Key_Escape); // closes the completer's list
        q->channelList()->item(0)->setCheckState(Qt::Checked);
        QTest::mouseClick(q->criticalBox(), Qt::LeftButton); // off: CRITICAL waits too
        q->heldBox()->setFocus();
        QTest::keyClick(q->heldBox(), Qt::Key_Down); // kept in the history only
        QCOMPARE(q->error(), QString());
        QCOMPARE(q->list()->item(0)->text(), QStringLiteral("nights"));
        QVERIFY(settings->applyButton()->isEnabled());
        QTest::mouseClick(settings->applyButton(), Qt::LeftButton);
        QTRY_COMPARE(settings->statusLabel()->text(), QStringLiteral("Applied."));

        const PolicyConfig stored = storedPolicies(f);
        QCOMPARE(stored.quietHours.size(), 1);
        const MuteTiming& m = stored.quietHours.first();
        QCOMPARE(m.name, QStringLiteral("nights"));
        QCOMPARE(m.zone.id(), QByteArray("Europe/Berlin"));
        QCOMPARE(m.channels, QStringList { QStringLiteral("desk") });
        QVERIFY(!m.criticalBreaksThrough);
        QVERIFY(m.historyOnly);
        QCOMPARE(m.intervals.size(), 1);
        QCOMPARE(m.intervals.first().weekdays, (QSet<int> { 1, 2, 3, 4, 5 }));
        QCOMPARE(m.intervals.first().times.size(), 1);
        QCOMPARE(m.intervals.first().times.first().startMin, 22 * 60);
        QCOMPARE(m.intervals.first().times.first().endMin, 7 * 60);
        // The running engine has them already.
        int live = -1;
        QVERIFY(f.onEngine([&live](Engine& e) { live = static_cast<int>(e.profile().policies().quietHours.size()); }));
        QCOMPARE(live, 1);
    }

    void theRunningEngineHoldsAtOnce()
    {
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }), QString());
        SettingsPage* settings = openSettings(f, SettingsPage::QuietHoursSection);
        QuietHoursEditor* q = settings->quietHoursEditor();
        QTest::mouseClick(q->addButton(), Qt::LeftButton);
        replaceText(q->timesEdit(), QStringLiteral("00:00-24:00")); // all day, every day: whatever the clock says
        QCOMPARE(q->error(), QString());
        QTest::mouseClick(settings->applyButton(), Qt::LeftButton);
        QTRY_COMPARE(settings->statusLabel()->text(), QStringLiteral("Applied."));

        // No restart: the next alert is held for the quiet hours, a CRITICAL one breaks through.
        QString error;
        const QString held = submitAlert(f, alertJson(QStringLiteral("quiet, please")), &error);
        QVERIFY2(!held.isEmpty(), qPrintable(error));
        QJsonObject critical = alertJson(QStringLiteral("wake me"));
        critical.insert(QStringLiteral("priority"), QStringLiteral("CRITICAL"));
        const QString through = submitAlert(f, critical, &error);
        QVERIFY2(!through.isEmpty(), qPrintable(error));
        int heldRows = -1, throughRows = -1;
        QVERIFY(f.onEngine([&](Engine& e) {
            heldRows = static_cast<int>(e.policyStore().heldFor(held).size());
            throughRows = static_cast<int>(e.policyStore().heldFor(through).size());
        }));
        QCOMPARE(heldRows, 1);
        QCOMPARE(throughRows, 0);
    }

    // Start at login, ticked and applied, writes the profile's autostart entry; unticked, removes it.
    void startAtLoginWritesTheAutostartEntry()
    {
        QTemporaryDir config;
        const QByteArray before = qgetenv("XDG_CONFIG_HOME");
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
        auto restore = qScopeGuard([before] { qputenv("XDG_CONFIG_HOME", before); });
        WindowFixture f;
        QVERIFY(f.start());
        SettingsPage* settings = openSettings(f, SettingsPage::WindowSection);
        auto* box = qobject_cast<QCheckBox*>(settings->editor(QStringLiteral("ui.autostart")));
        QVERIFY(box);
        QVERIFY(!box->isChecked());
        const QString entry = Autostart::entryPath(f.dir.path());
        QVERIFY(entry.startsWith(config.path()));
        box->setFocus();
        QTest::keyClick(box, Qt::Key_Space);
        QVERIFY(box->isChecked());
        QTest::mouseClick(settings->applyButton(), Qt::LeftButton);
        QTRY_COMPARE(settings->statusLabel()->text(), QStringLiteral("Applied."));
        QVERIFY(QFile::exists(entry));
        QCOMPARE(stored(f).setting(QStringLiteral("ui.autostart")).toBool(), true);

        QTest::keyClick(box, Qt::Key_Space);
        QTest::mouseClick(settings->applyButton(), Qt::LeftButton);
        QTRY_COMPARE(stored(f).setting(QStringLiteral("ui.autostart")).toBool(), false);
        QVERIFY(!QFile::exists(entry));
    }

    void readOnlyWhileAnotherInstanceDrives()
    {
        WindowFixture f;
        QVERIFY(QDir().mkpath(f.dir.path()));
        ProfileLock other(f.dir.path() + QStringLiteral("/engine.lock"));
        QVERIFY(other.tryLock());
        QVERIFY(f.start());
        QCOMPARE(f.host->state(), EngineHost::State::ReadOnly);
        SettingsPage* settings = openSettings(f, SettingsPage::IngestSection);
        // This window serves no API: the driver does.
        QVERIFY(!QFile::exists(f.dir.path() + QStringLiteral("/ingest.json")));
        QVERIFY2(settings->ingestStateLabel()->text().startsWith(QStringLiteral("Served by the AlertDesk that drives")),
            qPrintable(settings->ingestStateLabel()->text()));
        QVERIFY(!settings->regenerateTokenButton()->isEnabled());
        QVERIFY(!settings->editor(QStringLiteral("ingest.port"))->isEnabled());
        QVERIFY(!settings->quietHoursEditor()->addButton()->isEnabled());
        QVERIFY(!settings->escalationEditor()->addButton()->isEnabled());
        QVERIFY(!settings->editor(QStringLiteral("ui.language"))->isEnabled());
    }

    void editsSurviveAVisitToAnotherPage()
    {
        WindowFixture f;
        QVERIFY(f.start());
        SettingsPage* settings = openSettings(f, SettingsPage::QuietHoursSection);
        QuietHoursEditor* q = settings->quietHoursEditor();
        QTest::mouseClick(q->addButton(), Qt::LeftButton);
        auto* retries = qobject_cast<QSpinBox*>(settings->editor(QStringLiteral("delivery.max_retries")));
        retries->setValue(9);
        QVERIFY(settings->applyButton()->isEnabled());

        QSignalSpy stored(settings, &SettingsPage::stored);
        f.window->showPage(MainWindow::AlertsPageIndex);
        f.window->showPage(MainWindow::SettingsPageIndex); // reads the profile again
        QVERIFY(stored.wait(10000));
        QCOMPARE(retries->value(), 9);
        QCOMPARE(q->list()->count(), 1);
        QVERIFY(settings->applyButton()->isEnabled());

        // Revert drops them.
        QTest::mouseClick(settings->revertButton(), Qt::LeftButton);
        QCOMPARE(retries->value(), 3);
        QCOMPARE(q->list()->count(), 0);
        QVERIFY(!settings->applyButton()->isEnabled());
    }

    void aBadTimeRangeSaysWhyAndSavesNothing_data()
    {
        QTest::addColumn<QString>("times");
        QTest::addColumn<QString>("field");
        QTest::newRow("hour 25") << QStringLiteral("25:00-07:00") << QStringLiteral("times[0].start_time");
        QTest::newRow("no end") << QStringLiteral("22:00") << QStringLiteral("times[0].end_time");
        QTest::newRow("empty range") << QStringLiteral("22:00-22:00") << QStringLiteral("times[0].end_time");
        QTest::newRow("second range") << QStringLiteral("12:00-13:00, 23:00-24:30")
                                      << QStringLiteral("times[1].end_time");
    }

    void aBadTimeRangeSaysWhyAndSavesNothing()
    {
        QFETCH(QString, times);
        QFETCH(QString, field);
        WindowFixture f;
        QVERIFY(f.start());
        SettingsPage* settings = openSettings(f, SettingsPage::QuietHoursSection);
        QuietHoursEditor* q = settings->quietHoursEditor();
        QTest::mouseClick(q->addButton(), Qt::LeftButton);
        QVERIFY(settings->applyButton()->isEnabled()); // a new, valid timing
        replaceText(q->timesEdit(), times);
        const QString path = QStringLiteral("policies.quiet_hours[0].time_intervals[0].") + field;
        QVERIFY2(q->error().startsWith(path), qPrintable(q->error()));
        QVERIFY(q->errorLabel()->isVisible());
        QVERIFY2(q->errorLabel()->text().contains(path), qPrintable(q->errorLabel()->text()));
        QVERIFY(settings->statusLabel()->text().contains(path));
        QVERIFY(!settings->applyButton()->isEnabled());
        settings->apply(); // even when asked: nothing is stored
        QVERIFY(settings->statusLabel()->text().startsWith(QStringLiteral("Not applied")));
        QVERIFY(f.onEngine([](Engine&) {})); // whatever was queued has run
        QCOMPARE(storedPolicies(f).quietHours.size(), 0);
        QVERIFY(!stored(f).policies().json.contains(QStringLiteral("quiet_hours")));

        // Fixed: the message goes and Apply comes back.
        replaceText(q->timesEdit(), QStringLiteral("22:00-07:00"));
        QCOMPARE(q->error(), QString());
        QVERIFY(q->errorLabel()->text().isEmpty());
        QVERIFY(settings->applyButton()->isEnabled());
    }

    void anEscalationPolicyThroughTheForm()
    {
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }), QString());
        SettingsPage* settings = openSettings(f, SettingsPage::EscalationSection);
        EscalationEditor* e = settings->escalationEditor();
        QTRY_VERIFY(!e->addButton()->text().isEmpty());
        QVERIFY(waitUntil([settings] { return settings->quietHoursEditor()->channelList()->count() == 1; }));

        QTest::mouseClick(e->addButton(), Qt::LeftButton);
        QTest::keyClicks(e->nameEdit(), QStringLiteral("risk-desk"));
        QTest::mouseClick(e->typeBox(QStringLiteral("RISK")), Qt::LeftButton);
        QTest::mouseClick(e->priorityBox(QStringLiteral("CRITICAL")), Qt::LeftButton);
        QTest::mouseClick(e->priorityBox(QStringLiteral("HIGH")), Qt::LeftButton);
        QCOMPARE(e->tierTable()->rowCount(), 1); // after 15 minutes -> the first channel
        QTest::mouseClick(e->addTierButton(), Qt::LeftButton);
        QCOMPARE(e->tierTable()->rowCount(), 2);
        QCOMPARE(e->tierTable()->item(1, 0)->text(), QStringLiteral("30"));
        e->repeatBox()->setFocus();
        e->repeatBox()->selectAll();
        QTest::keyClicks(e->repeatBox(), QStringLiteral("10"));
        e->remindersBox()->setFocus();
        e->remindersBox()->selectAll();
        QTest::keyClicks(e->remindersBox(), QStringLiteral("4"));
        QCOMPARE(e->error(), QString());

        // A tier that is not later than the one before is named, and Apply waits.
        e->tierTable()->item(1, 0)->setText(QStringLiteral("10"));
        QVERIFY2(e->error().startsWith(QStringLiteral("policies.escalation[0].tiers[1].after_minutes")),
            qPrintable(e->error()));
        QVERIFY(!settings->applyButton()->isEnabled());
        e->tierTable()->item(1, 0)->setText(QStringLiteral("30"));
        QCOMPARE(e->error(), QString());
        QVERIFY(settings->applyButton()->isEnabled());
        QTest::mouseClick(settings->applyButton(), Qt::LeftButton);
        QTRY_COMPARE(settings->statusLabel()->text(), QStringLiteral("Applied."));

        const PolicyConfig stored = storedPolicies(f);
        QCOMPARE(stored.escalation.size(), 1);
        const EscalationPolicy& p = stored.escalation.first();
        QCOMPARE(p.name, QStringLiteral("risk-desk"));
        QCOMPARE(p.tiers.size(), 2);
        QCOMPARE(p.tiers[0].afterMinutes, 15.0);
        QCOMPARE(p.tiers[0].channels, QStringList { QStringLiteral("desk") });
        QCOMPARE(p.tiers[1].afterMinutes, 30.0);
        QCOMPARE(p.repeatMinutes, 10.0);
        QCOMPARE(p.maxReminders, 4);
        Alert risk;
        risk.type = AlertType::Risk;
        risk.priority = Priority::Critical;
        QVERIFY(p.match.matches(risk));
        risk.priority = Priority::Low;
        QVERIFY(!p.match.matches(risk));
        int live = -1;
        QVERIFY(
            f.onEngine([&live](Engine& en) { live = static_cast<int>(en.profile().policies().escalation.size()); }));
        QCOMPARE(live, 1);
    }

    // network.proxy from the Settings page: the URL in the profile, the password in the
    // keychain, and at once the next delivery goes through that proxy (to a host that does
    // not resolve, so only the proxy can have delivered it).
    void aProxyThroughTheForm()
    {
        WindowFixture f;
        QVERIFY(f.start());
        ScriptedHttpServer proxy;
        QVERIFY(proxy.listen());
        proxy.setHandler([](const RecordedRequest& req) {
            if (req.header("Proxy-Authorization") != "Basic " + QByteArray("trader:pa55").toBase64())
                return ScriptedResponse::withStatus(407).header("Proxy-Authenticate", "Basic realm=\"desk\"");
            return ScriptedResponse::ok();
        });
        QCOMPARE(
            saveChannel(f, { QStringLiteral("desk"), QStringLiteral("webhook"), true, {}, { QStringLiteral("url") } },
                { { QStringLiteral("url"), QStringLiteral("http://alerts.invalid/hook") } }),
            QString());
        SettingsPage* settings = openSettings(f, SettingsPage::NetworkSection);
        auto* edit = qobject_cast<QLineEdit*>(settings->editor(QStringLiteral("network.proxy")));
        QVERIFY(edit && edit->isVisible());
        QCOMPARE(edit->text(), QStringLiteral("system"));
        const QString url = QStringLiteral("http://trader@127.0.0.1:%1").arg(proxy.port());
        replaceText(edit, url);
        replaceText(settings->proxyPasswordEdit(), QStringLiteral("pa55"));
        QCOMPARE(settings->proxyPasswordEdit()->echoMode(), QLineEdit::Password);
        QTest::mouseClick(settings->applyButton(), Qt::LeftButton);
        QTRY_COMPARE(settings->statusLabel()->text(), QStringLiteral("Applied."));
        QCOMPARE(stored(f).setting(QStringLiteral("network.proxy")).toString(), url);
        QVERIFY(settings->proxyPasswordEdit()->text().isEmpty());

        QString error;
        QVERIFY2(!submitAlert(f, alertJson(QStringLiteral("through the proxy")), &error).isEmpty(), qPrintable(error));
        QVERIFY(waitUntil(
            [&] {
                return proxy.requestCount() > 0 && proxy.requests().last().header("Proxy-Authorization").size() > 0;
            },
            10000));
        QCOMPARE(proxy.requests().last().path, QByteArray("http://alerts.invalid/hook"));
        QCOMPARE(proxy.requests()
                     .last()
                     .json()
                     .value(QStringLiteral("alert"))
                     .toObject()
                     .value(QStringLiteral("title"))
                     .toString(),
            QStringLiteral("through the proxy"));
    }

    void everySectionByKeyboard()
    {
        WindowFixture f;
        QVERIFY(f.start());
        f.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
        SettingsPage* settings = openSettings(f, SettingsPage::DeliverySection);
        f.window->showPage(MainWindow::SettingsPageIndex);
        QVERIFY(settings->isAncestorOf(QApplication::focusWidget()));

        // Ctrl+Tab walks the sections; in each one Tab reaches its fields and the Apply bar.
        QuietHoursEditor* q = settings->quietHoursEditor();
        EscalationEditor* e = settings->escalationEditor();
        const QList<QList<QWidget*>> wanted {
            { settings->editor(QStringLiteral("delivery.max_retries")),
                settings->editor(QStringLiteral("delivery.fail_fast")) },
            { settings->editor(QStringLiteral("ui.close_to_tray")), settings->editor(QStringLiteral("ui.language")) },
            { settings->editor(QStringLiteral("ui.sound.critical")),
                settings->soundTestButton(QStringLiteral("ui.sound.critical")),
                settings->editor(QStringLiteral("ui.sound.repeat_interval_s")) },
            { settings->editor(QStringLiteral("ingest.port")), settings->copyTokenButton(),
                settings->regenerateTokenButton() },
            { q->list(), q->addButton() },
            { e->list(), e->addButton() },
            { settings->editor(QStringLiteral("network.proxy")), settings->proxyPasswordEdit() },
            { settings->sourcesEditor()->table(), settings->sourcesEditor()->addButton() },
        };
        for (int section = 1; section < wanted.size(); ++section) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, Qt::ControlModifier);
            QVERIFY(settings->tabs()->currentWidget()->isAncestorOf(QApplication::focusWidget()));
            QCOMPARE(settings->tabs()->currentIndex(), section);
        }
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, Qt::ControlModifier); // round to the first
        QCOMPARE(settings->tabs()->currentIndex(), 0);
        QTest::keyClick(
            QApplication::focusWidget(), Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier); // and back
        QCOMPARE(settings->tabs()->currentIndex(), static_cast<int>(wanted.size() - 1));
        for (int section = 0; section < wanted.size(); ++section) {
            settings->showSection(static_cast<SettingsPage::Section>(section));
            settings->tabs()->tabBar()->setFocus();
            QSet<QWidget*> seen;
            for (int i = 0; i < 60; ++i) {
                QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
                seen.insert(QApplication::focusWidget());
            }
            for (QWidget* w : wanted[section])
                QVERIFY2(seen.contains(w),
                    qPrintable(
                        QStringLiteral("section %1: %2 not reached by Tab").arg(section).arg(w->accessibleName())));
        }

        // In the quiet hours, Add by keyboard puts the cursor in the new timing's name.
        settings->showSection(SettingsPage::QuietHoursSection);
        q->addButton()->setFocus();
        QTest::keyClick(q->addButton(), Qt::Key_Space);
        QCOMPARE(q->list()->count(), 1);
        QCOMPARE(QApplication::focusWidget(), q->nameEdit());
        QTest::keyClick(q->nameEdit(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), q->timesEdit());
    }

    // Last: it installs the German translation for the rest of the process.
    void theLanguageIsStoredAndGermanLoads()
    {
        {
            WindowFixture f;
            QVERIFY(f.start());
            SettingsPage* settings = openSettings(f, SettingsPage::WindowSection);
            auto* language = qobject_cast<QComboBox*>(settings->editor(QStringLiteral("ui.language")));
            QVERIFY(language);
            QTRY_COMPARE(language->currentData().toString(), QStringLiteral("system"));
            QVERIFY(language->findData(QStringLiteral("de")) >= 0);
            QCOMPARE(language->itemText(language->findData(QStringLiteral("de"))), QStringLiteral("Deutsch"));
            language->setFocus();
            language->setCurrentIndex(language->findData(QStringLiteral("de")));
            QTest::mouseClick(settings->applyButton(), Qt::LeftButton);
            QTRY_COMPARE(settings->statusLabel()->text(), QStringLiteral("Applied."));
            QCOMPARE(stored(f).setting(QStringLiteral("ui.language")).toString(), QStringLiteral("de"));
        }
        QVERIFY(MainWindow::installTranslations(*QCoreApplication::instance(), QStringLiteral("de"))
                    .startsWith(QStringLiteral("de")));
        QCOMPARE(QCoreApplication::translate("alertdesk::MainWindow", "Settings"), QStringLiteral("Einstellungen"));
        WindowFixture f;
        QVERIFY(f.start());
        auto* nav = f.window->findChild<QListWidget*>(QStringLiteral("navigation"));
        QVERIFY(nav);
        QCOMPARE(nav->item(MainWindow::SettingsPageIndex)->text(), QStringLiteral("Einstellungen"));
        QCOMPARE(f.window->settingsPage()->applyButton()->text(), QStringLiteral("&Übernehmen"));
        // Dates, times and numbers as German writes them.
        QCOMPARE(UiText::time(QDateTime(QDate(2026, 12, 28), QTime(9, 4, 5))), QStringLiteral("28.12.26 09:04:05"));
        QCOMPARE(UiText::dateTimeFormat(false, true), QStringLiteral("dd.MM.yyyy HH:mm"));
        QCOMPARE(UiText::latency(2500), QStringLiteral("2,5 s"));
    }
};

QTEST_MAIN(TestSettingsPage)
#include "TestSettingsPage.moc"
