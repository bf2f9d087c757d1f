// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "app/AlarmSounds.h"
#include "app/PauseControls.h"
#include "app/SoundPlayer.h"
#include "app/TrayIcon.h"
#include "app/TrayNotifier.h"
#include "settings/SettingsPage.h"
#include "storage/PolicyStore.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSoundEffect>
#include <QSpinBox>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace alertdesk;
using namespace alertdesk::test;

// The window's alarm sounds, and pausing notifications or muting sounds from the status bar
// and the tray: what sounds for which alert and when a CRITICAL alert stops, the Settings
// section with its Test buttons and its note when there is no sound output, the countdowns,
// the desktop channel held while other channels deliver, and the pause kept by a new window.
class TestSoundsAndPause final : public QObject {
    Q_OBJECT

    static QJsonObject alertJson(const QString& priority, const QString& title, const QStringList& channels)
    {
        return { { QStringLiteral("type"), QStringLiteral("RISK") }, { QStringLiteral("priority"), priority },
            { QStringLiteral("title"), title }, { QStringLiteral("channels"), QJsonArray::fromStringList(channels) } };
    }

    static void setProfileSetting(WindowFixture& f, const QString& key, const QString& value)
    {
        QString error;
        auto p = Profile::load(f.dir.path(), &error);
        QVERIFY2(p, qPrintable(error));
        QVERIFY2(p->setSetting(key, value, &error), qPrintable(error));
        QVERIFY2(p->save(&error), qPrintable(error));
    }

    static QJsonValue storedSetting(WindowFixture& f, const QString& key)
    {
        QJsonValue v;
        f.onEngine([&v, key](Engine& e) { v = e.profile().setting(key); });
        return v;
    }

    // Clicks a status-bar button and, in the menu it pops up, the action of that name.
    static bool clickInButtonMenu(QToolButton* button, const QString& actionName)
    {
        bool clicked = false;
        QTimer::singleShot(0, button, [&clicked, actionName] {
            waitUntil([] { return qobject_cast<QMenu*>(QApplication::activePopupWidget()) != nullptr; }, 5000);
            auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            QAction* action = menu ? menu->findChild<QAction*>(actionName) : nullptr;
            if (!action) {
                for (QAction* a : menu ? menu->actions() : QList<QAction*>()) {
                    if (a->objectName() == actionName)
                        action = a;
                }
            }
            if (!action || !action->isEnabled()) {
                if (menu)
                    menu->close();
                return;
            }
            QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
            clicked = true;
        });
        QTest::mouseClick(button, Qt::LeftButton);
        return waitUntil([&clicked] { return clicked && !QApplication::activePopupWidget(); }, 5000) && clicked;
    }

    // The tray's menu as the user opens it: the submenu, then its action.
    static bool clickInTrayMenu(MainWindow& window, QMenu* submenu, const QString& actionName)
    {
        QMenu* tray = window.trayIcon()->menu();
        tray->popup(QPoint(100, 100));
        if (!waitUntil([tray] { return tray->isVisible(); }, 5000))
            return false;
        QTest::mouseClick(tray, Qt::LeftButton, {}, tray->actionGeometry(submenu->menuAction()).center());
        if (!waitUntil([submenu] { return submenu->isVisible(); }, 5000))
            return false;
        QAction* action = nullptr;
        for (QAction* a : submenu->actions()) {
            if (a->objectName() == actionName)
                action = a;
        }
        if (!action)
            return false;
        QTest::mouseClick(submenu, Qt::LeftButton, {}, submenu->actionGeometry(action).center());
        return waitUntil([tray] { return !tray->isVisible(); }, 5000);
    }

    static void screenshot(QWidget* w, const QString& name)
    {
        const QString dir = qEnvironmentVariable("ALERTDESK_SHOT_DIR");
        if (!dir.isEmpty())
            w->grab().save(QDir(dir).filePath(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DISPLAY"))
            QSKIP("needs an X server: run inside scripts/with-test-services.sh");
    }

    // The bundled sounds load in QSoundEffect (their format is one it reads); without an audio
    // output nothing plays and the reason says so; an unknown name is refused.
    void thePlayerWithAndWithoutASoundOutput()
    {
        SoundPlayer player;
        QSignalSpy played(&player, &SoundPlayer::played);
        for (const QString& name : alarmSoundNames()) {
            QSoundEffect* e = player.effect(name);
            QVERIFY(e);
            QCOMPARE(e->source(), QUrl(QStringLiteral("qrc:/sounds/%1.wav").arg(name)));
            QTRY_VERIFY2(e->status() == QSoundEffect::Ready || e->status() == QSoundEffect::Error, qPrintable(name));
            QCOMPARE(e->status(), QSoundEffect::Ready);
        }
        QVERIFY(!player.effect(QStringLiteral("trumpet")));
        QVERIFY(!player.play(QStringLiteral("trumpet"), 50).isEmpty());
        const QString error = player.play(QStringLiteral("alarm"), 50);
        if (player.hasOutput()) {
            QCOMPARE(error, QString());
            QCOMPARE(played.count(), 1);
        } else {
            QCOMPARE(error, SoundPlayer::noOutputMessage());
            QCOMPARE(played.count(), 0);
        }
        // A source that is not a sound: QSoundEffect says Error, and the player refuses to play it.
        QSoundEffect broken;
        broken.setSource(QUrl(QStringLiteral("qrc:/icons/alertdesk.svg")));
        QTRY_COMPARE(broken.status(), QSoundEffect::Error);
    }

    void theSoundsSection()
    {
        WindowFixture f;
        QVERIFY(f.start());
        f.window->showPage(MainWindow::SettingsPageIndex);
        SettingsPage* page = f.window->settingsPage();
        page->showSection(SettingsPage::SoundSection);
        QCOMPARE(page->tabs()->tabText(SettingsPage::SoundSection), SettingsPage::tr("Sounds"));
        for (const char* p : { "critical", "high", "medium", "low", "info" }) {
            const QString key = QStringLiteral("ui.sound.") + QLatin1String(p);
            auto* combo = qobject_cast<QComboBox*>(page->editor(key));
            QVERIFY2(combo && combo->isVisible(), qPrintable(key));
            QCOMPARE(combo->count(), static_cast<int>(alarmSoundNames().size()) + 1); // the sounds and Silent
            QVERIFY(page->soundTestButton(key) && page->soundTestButton(key)->isVisible());
        }
        QVERIFY(page->editor(QStringLiteral("ui.sound.volume"))->isVisible());
        // The ends of a pause and a mute belong to the tray and the status bar.
        QVERIFY(!page->editor(QStringLiteral("ui.pause_until")));
        QVERIFY(!page->editor(QStringLiteral("ui.sound.muted_until")));
        const bool output = f.window->alarmSounds()->player()->hasOutput();
        QCOMPARE(page->soundNote()->isVisible(), !output);
        if (!output)
            QVERIFY(page->soundNote()->text().contains(SoundPlayer::noOutputMessage()));
        QTest::mouseClick(page->soundTestButton(QStringLiteral("ui.sound.critical")), Qt::LeftButton);
        QCOMPARE(page->statusLabel()->text(),
            output ? QStringLiteral("Playing “Alarm (siren)” at 80 %.")
                   : QStringLiteral("No sound: ") + SoundPlayer::noOutputMessage());
        QTest::mouseClick(page->soundTestButton(QStringLiteral("ui.sound.info")), Qt::LeftButton); // silent by default
        QCOMPARE(page->statusLabel()->text(), QStringLiteral("Silent: this priority plays no sound."));
        screenshot(f.window.get(), QStringLiteral("settings-sounds.png"));

        // A choice and the volume, applied: stored, and the window's sounds follow.
        auto* high = qobject_cast<QComboBox*>(page->editor(QStringLiteral("ui.sound.high")));
        high->setCurrentIndex(high->findData(QStringLiteral("silent")));
        qobject_cast<QSpinBox*>(page->editor(QStringLiteral("ui.sound.volume")))->setValue(40);
        QTest::mouseClick(page->applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(page->statusLabel()->text(), SettingsPage::tr("Applied."), 10000);
        QCOMPARE(storedSetting(f, QStringLiteral("ui.sound.high")).toString(), QStringLiteral("silent"));
        QCOMPARE(f.window->alarmSounds()->schedule().settings().volume, 40);
        QCOMPARE(f.window->alarmSounds()->schedule().settings().soundFor(Priority::High), QString());
    }

    // A new alert's sound by its priority; a CRITICAL one again and again until acknowledged.
    void criticalRepeatsUntilAcknowledged()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        setProfileSetting(f, QStringLiteral("ui.sound.repeat_interval_s"), QStringLiteral("2"));
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("hook"), QStringLiteral("webhook"), true, {}, {} },
                     { { QStringLiteral("url"), server.url() } }),
            QString());
        AlarmSounds* sounds = f.window->alarmSounds();
        QTRY_COMPARE(sounds->schedule().settings().repeatIntervalMs, qint64(2000));
        QSignalSpy decided(sounds, &AlarmSounds::decided);
        QString error;
        const QString high = submitAlert(f, alertJson("HIGH", "high one", { "hook" }), &error);
        QVERIFY2(!high.isEmpty(), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(decided.count(), 1, 10000);
        QCOMPARE(decided.at(0).at(0).toString(), high);
        QCOMPARE(decided.at(0).at(1).toString(), QStringLiteral("alert"));
        const QString critical = submitAlert(f, alertJson("CRITICAL", "critical one", { "hook" }), &error);
        QVERIFY2(!critical.isEmpty(), qPrintable(error));
        // The first sound, then two repeats (every 2 s).
        QTRY_VERIFY_WITH_TIMEOUT(decided.count() >= 4, 15000);
        for (qsizetype i = 1; i < decided.size(); ++i) {
            QCOMPARE(decided.at(i).at(0).toString(), critical);
            QCOMPARE(decided.at(i).at(1).toString(), QStringLiteral("alarm"));
        }
        QCOMPARE(sounds->schedule().ringing(), QStringList { critical });

        bool answered = false;
        f.host->changeAlerts({ critical }, EngineHost::AlertAction::Acknowledge, 0, {}, f.window.get(),
            [&answered](const QStringList&, const QStringList&) { answered = true; });
        QTRY_VERIFY(answered);
        QTRY_VERIFY_WITH_TIMEOUT(sounds->schedule().ringing().isEmpty(), 10000);
        QCOMPARE(sounds->schedule().nextDueMs(), qint64(-1));
    }

    // Pause from the status bar: the countdown runs, the desktop channel is held while the
    // webhook delivers, the alert is in the table; a new window keeps the pause; Resume ends it.
    void pauseFromTheStatusBar()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        f.host->desktopNotifier()->setTrayCheck([] { return true; });
        QSignalSpy shown(f.host->desktopNotifier(), &TrayNotifier::shown);
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("hook"), QStringLiteral("webhook"), true, {}, {} },
                     { { QStringLiteral("url"), server.url() } }),
            QString());
        QCOMPARE(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }), QString());
        PauseControls* pause = f.window->pauseControls();
        QCOMPARE(pause->pauseButton()->text(), PauseControls::tr("Pause"));
        QVERIFY(pause->pauseButton()->isVisible());

        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(clickInButtonMenu(pause->pauseButton(), QStringLiteral("pause15m")));
        QVERIFY(pause->isPaused());
        QVERIFY(pause->pausedUntil() >= before + 15 * 60000);
        QVERIFY(pause->pauseButton()->text().startsWith(QStringLiteral("Notifications paused · 1")));
        const QString first = pause->pauseButton()->text();
        QTRY_VERIFY_WITH_TIMEOUT(pause->pauseButton()->text() != first, 3000); // counting down
        QVERIFY(pause->pauseButton()->text().contains(QStringLiteral("14:5")));
        QTRY_COMPARE(storedSetting(f, QStringLiteral("ui.pause_until")).toInteger(), pause->pausedUntil());
        // With the window hidden in the tray, its tooltip says it too.
        QVERIFY2(f.window->trayIcon()->icon()->toolTip().contains(QStringLiteral("\nNotifications paused until ")),
            qPrintable(f.window->trayIcon()->icon()->toolTip()));

        QSignalSpy decided(f.window->alarmSounds(), &AlarmSounds::decided);
        QString error;
        const QString id = submitAlert(f, alertJson("CRITICAL", "while paused", { "hook", "desk" }), &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(deliveryReport(f, id).complete(), 10000);
        for (const ChannelResult& r : deliveryReport(f, id).results) {
            if (r.channel == QLatin1String("hook"))
                QCOMPARE(r.status, DeliveryStatus::Delivered);
            else
                QVERIFY2(r.status == DeliveryStatus::Failed && r.error.contains(QStringLiteral("paused until")),
                    qPrintable(r.error));
        }
        QCOMPARE(server.requestCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(decided.count(), 1, 10000); // the alert reached the window: no sound
        QCOMPARE(decided.first().at(2).value<AlarmSilence>(), AlarmSilence::Paused);
        QCOMPARE(shown.count(), 0); // no balloon either
        screenshot(f.window.get(), QStringLiteral("status-paused.png"));

        // The window closes and a new one opens on the same running profile: still paused.
        const qint64 end = pause->pausedUntil();
        f.window = std::make_unique<MainWindow>(*f.host);
        f.window->resize(1280, 800);
        f.window->show();
        QTRY_VERIFY_WITH_TIMEOUT(f.window->isReady(), 10000);
        pause = f.window->pauseControls();
        QTRY_COMPARE_WITH_TIMEOUT(pause->pausedUntil(), end, 10000);
        QVERIFY(pause->pauseButton()->text().startsWith(QStringLiteral("Notifications paused · 1")));
        QCOMPARE(f.host->desktopNotifier()->pausedUntil(), end);

        QVERIFY(clickInButtonMenu(pause->pauseButton(), QStringLiteral("resume")));
        QVERIFY(!pause->isPaused());
        QCOMPARE(pause->pauseButton()->text(), PauseControls::tr("Pause"));
        QTRY_COMPARE(storedSetting(f, QStringLiteral("ui.pause_until")).toInteger(), qint64(0));
        const QString after = submitAlert(f, alertJson("HIGH", "after the pause", { "desk" }), &error);
        QVERIFY2(!after.isEmpty(), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10000);
    }

    // "Hold other channels too" in the pause menu: stored and shown on the Settings page; while
    // paused the webhook gets nothing; Resume sends what was held at once.
    void pauseThatHoldsEveryChannel()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("hook"), QStringLiteral("webhook"), true, {}, {} },
                     { { QStringLiteral("url"), server.url() } }),
            QString());
        PauseControls* pause = f.window->pauseControls();
        QVERIFY(!pause->holdsChannels());
        QVERIFY(clickInButtonMenu(pause->pauseButton(), QStringLiteral("pauseHoldsChannels")));
        QVERIFY(pause->holdsChannels());
        QTRY_COMPARE(storedSetting(f, QStringLiteral("ui.pause_holds_channels")).toBool(), true);
        auto* box
            = qobject_cast<QCheckBox*>(f.window->settingsPage()->editor(QStringLiteral("ui.pause_holds_channels")));
        QVERIFY(box);
        QTRY_VERIFY(box->isChecked());
        QVERIFY(clickInButtonMenu(pause->pauseButton(), QStringLiteral("pause1h")));
        QVERIFY2(pause->pauseButton()->toolTip().contains(QStringLiteral("every channel")),
            qPrintable(pause->pauseButton()->toolTip()));
        QTRY_VERIFY(storedSetting(f, QStringLiteral("ui.pause_until")).toInteger() > 0);

        QString error;
        const QString id = submitAlert(f, alertJson("CRITICAL", "held by the pause", { "hook" }), &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        const auto heldStatus = [&f, id] {
            QString status;
            f.onEngine([&status, id](Engine& e) {
                const QList<HeldNotification> held = e.policyStore().heldFor(id);
                status = held.isEmpty() ? QString() : held.first().status;
            });
            return status;
        };
        QTRY_COMPARE(heldStatus(), QStringLiteral("held"));
        QCOMPARE(server.requestCount(), 0);

        QVERIFY(clickInButtonMenu(pause->pauseButton(), QStringLiteral("resume")));
        QVERIFY(server.waitForRequests(1));
        QCOMPARE(heldStatus(), QStringLiteral("released"));
        QCOMPARE(server.requests().first().json()[QStringLiteral("alert")][QStringLiteral("title")].toString(),
            QStringLiteral("held by the pause"));
    }

    // Mute from the tray menu: its entry and the status bar count down; sounds are muted, the
    // balloon still shows.
    void muteFromTheTray()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        f.host->desktopNotifier()->setTrayCheck([] { return true; });
        QSignalSpy shown(f.host->desktopNotifier(), &TrayNotifier::shown);
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("hook"), QStringLiteral("webhook"), true, {}, {} },
                     { { QStringLiteral("url"), server.url() } }),
            QString());
        PauseControls* pause = f.window->pauseControls();
        QVERIFY(clickInTrayMenu(*f.window, pause->muteMenu(), QStringLiteral("mute1h")));
        QVERIFY(pause->isMuted());
        QVERIFY(!pause->isPaused());
        static const QRegularExpression hourLeft(QStringLiteral("^Sounds muted · (1:00:00|59:[0-5][0-9])$"));
        QVERIFY2(hourLeft.match(pause->muteButton()->text()).hasMatch(), qPrintable(pause->muteButton()->text()));
        QVERIFY(pause->muteMenu()->menuAction()->text().contains(QStringLiteral("left")));
        QVERIFY(f.window->trayIcon()->icon()->toolTip().contains(QStringLiteral("\nSounds muted until ")));
        QTRY_COMPARE(storedSetting(f, QStringLiteral("ui.sound.muted_until")).toInteger(), pause->mutedUntil());
        QTRY_COMPARE(f.window->alarmSounds()->schedule().settings().mutedUntilMs, pause->mutedUntil());

        QSignalSpy decided(f.window->alarmSounds(), &AlarmSounds::decided);
        QString error;
        QVERIFY(!submitAlert(f, alertJson("HIGH", "muted", { "hook" }), &error).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(decided.count(), 1, 10000);
        QCOMPARE(decided.first().at(2).value<AlarmSilence>(), AlarmSilence::Muted);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10000);
        screenshot(f.window.get(), QStringLiteral("status-muted.png"));

        QVERIFY(clickInTrayMenu(*f.window, pause->muteMenu(), QStringLiteral("unmute")));
        QVERIFY(!pause->isMuted());
        QCOMPARE(pause->muteButton()->text(), PauseControls::tr("Mute"));
        QVERIFY(!f.window->trayIcon()->icon()->toolTip().contains(QStringLiteral("muted")));
    }

    // Quiet hours of the profile's desktop channel hold the window's sounds (the schedule
    // learns the channel's name once the channels are loaded).
    void quietHoursOfTheDesktopChannel()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("hook"), QStringLiteral("webhook"), true, {}, {} },
                     { { QStringLiteral("url"), server.url() } }),
            QString());
        QCOMPARE(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }), QString());
        const QJsonObject policies = QJsonDocument::fromJson(R"({"quiet_hours":[{"name":"desk all day",
            "location":"UTC","channels":["desk"],"time_intervals":[{"times":[{"start_time":"00:00",
            "end_time":"24:00"}]}]}]})")
                                         .object();
        QString error = QStringLiteral("pending");
        f.host->savePolicies(policies, f.window.get(), [&error](const QString& e) { error = e; });
        QTRY_COMPARE(error, QString());
        f.window->settingsPage()->load(); // as after Apply on the Settings page
        QTRY_COMPARE_WITH_TIMEOUT(
            f.window->alarmSounds()->schedule().silence(Priority::High, QDateTime::currentMSecsSinceEpoch()),
            AlarmSilence::QuietHours, 10000);
        QSignalSpy decided(f.window->alarmSounds(), &AlarmSounds::decided);
        QVERIFY(!submitAlert(f, alertJson("HIGH", "quiet", { "hook" }), &error).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(decided.count(), 1, 10000);
        QCOMPARE(decided.first().at(2).value<AlarmSilence>(), AlarmSilence::QuietHours);
    }

    void countdownText()
    {
        QCOMPARE(PauseControls::countdown(15 * 60000), QStringLiteral("15:00"));
        QCOMPARE(PauseControls::countdown(59 * 1000 + 1), QStringLiteral("1:00"));
        QCOMPARE(PauseControls::countdown(3 * 3600000 + 62000), QStringLiteral("3:01:02"));
        QCOMPARE(PauseControls::countdown(-5), QStringLiteral("0:00"));
    }
};

QTEST_MAIN(TestSoundsAndPause)
#include "TestSoundsAndPause.moc"
