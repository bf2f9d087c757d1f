// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "config/Settings.h"
#include "policy/AlarmSchedule.h"
#include "policy/PolicyConfig.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>
#include <QtEndian>

using namespace alertdesk;

// Which alarm sound plays for a new alert and when a CRITICAL one plays again and stops:
// acknowledged (closed), its repeats used up, muted, paused, in quiet hours. No sound card and
// no clock: the times are numbers.
class TestAlarmSchedule final : public QObject {
    Q_OBJECT

    static constexpr qint64 kT0 = 1795000000000; // 2026-11-18, a Wednesday
    static constexpr qint64 kSecond = 1000;

    static AlarmSchedule schedule(const QJsonObject& values = {})
    {
        AlarmSchedule s;
        s.setSettings(AlarmSettings::fromSettings(values));
        return s;
    }

    static QList<MuteTiming> timings(const char* json)
    {
        FieldError error;
        const auto config = PolicyConfig::fromJson(QJsonDocument::fromJson(json).object(), &error);
        if (!config)
            qWarning() << error.toString();
        return config ? config->quietHours : QList<MuteTiming>();
    }

private Q_SLOTS:
    void aDistinctSoundPerPriorityByDefault()
    {
        AlarmSchedule s = schedule();
        QStringList sounds;
        for (const Priority p : { Priority::Critical, Priority::High, Priority::Medium, Priority::Low }) {
            const AlarmDecision d = s.alertArrived(QStringLiteral("a%1").arg(static_cast<int>(p)), p, kT0);
            QVERIFY(d.plays());
            sounds << d.sound;
        }
        QCOMPARE(sounds, (QStringList { "alarm", "alert", "chime", "ping" }));
        const AlarmDecision info = s.alertArrived(QStringLiteral("i"), Priority::Info, kT0);
        QCOMPARE(info.silence, AlarmSilence::Silent); // INFO is silent unless chosen
        QVERIFY(!info.plays());
        QCOMPARE(s.settings().volume, 80);
    }

    // Every choice is a bundled file: 16-bit PCM WAV (RIFF, format 1), small.
    void theSoundsAreSmallPcmFiles()
    {
        for (const QString& name : alarmSoundNames()) {
            QFile f(QStringLiteral(ALERTDESK_SOURCE_DIR "/resources/sounds/%1.wav").arg(name));
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
            const QByteArray head = f.read(44);
            QVERIFY(head.startsWith("RIFF") && head.mid(8, 8) == "WAVEfmt ");
            QCOMPARE(qFromLittleEndian<quint16>(head.constData() + 20), quint16(1)); // PCM
            QCOMPARE(qFromLittleEndian<quint16>(head.constData() + 34), quint16(16)); // bits per sample
            QVERIFY2(f.size() < 64 * 1024, qPrintable(name));
        }
    }

    void eachPriorityChosenOrSilent()
    {
        AlarmSchedule s = schedule({ { "ui.sound.high", "silent" }, { "ui.sound.info", "tick" },
            { "ui.sound.critical", "chime" }, { "ui.sound.volume", 35 } });
        QCOMPARE(s.alertArrived("h", Priority::High, kT0).silence, AlarmSilence::Silent);
        QCOMPARE(s.alertArrived("h", Priority::High, kT0).sound, QString());
        QCOMPARE(s.alertArrived("i", Priority::Info, kT0).sound, QStringLiteral("tick"));
        QCOMPARE(s.alertArrived("c", Priority::Critical, kT0).sound, QStringLiteral("chime"));
        QCOMPARE(s.settings().volume, 35);
        QCOMPARE(s.ringing(), QStringList { "c" }); // only CRITICAL repeats
    }

    void criticalRepeatsUntilClosed()
    {
        AlarmSchedule s = schedule({ { "ui.sound.repeat_interval_s", 10 } });
        QVERIFY(s.alertArrived("c", Priority::Critical, kT0).plays());
        QCOMPARE(s.nextDueMs(), kT0 + 10 * kSecond);
        QVERIFY(s.due(kT0 + 10 * kSecond - 1).sound.isEmpty()); // not yet
        for (int i = 1; i <= 30; ++i) { // no count: it goes on
            const AlarmDecision d = s.due(kT0 + i * 10 * kSecond);
            QVERIFY(d.plays());
            QCOMPARE(d.sound, QStringLiteral("alarm"));
            QCOMPARE(d.alertIds, QStringList { "c" });
        }
        s.alertClosed("c"); // acknowledged
        QVERIFY(s.ringing().isEmpty());
        QCOMPARE(s.nextDueMs(), qint64(-1));
        QVERIFY(!s.due(kT0 + 400 * kSecond).plays());
    }

    void criticalRepeatsASetNumberOfTimes()
    {
        AlarmSchedule s = schedule({ { "ui.sound.critical_repeats", 2 }, { "ui.sound.repeat_interval_s", 5 } });
        s.alertArrived("c", Priority::Critical, kT0);
        QVERIFY(s.due(kT0 + 5 * kSecond).plays());
        QVERIFY(s.due(kT0 + 10 * kSecond).plays());
        QVERIFY(s.ringing().isEmpty());
        QVERIFY(!s.due(kT0 + 15 * kSecond).plays());
    }

    void severalCriticalAlertsRingAsOne()
    {
        AlarmSchedule s = schedule({ { "ui.sound.repeat_interval_s", 5 } });
        s.alertArrived("a", Priority::Critical, kT0);
        s.alertArrived("b", Priority::Critical, kT0 + 1000);
        const AlarmDecision d = s.due(kT0 + 6 * kSecond);
        QCOMPARE(d.alertIds, (QStringList { "a", "b" }));
        s.alertClosed("a");
        QCOMPARE(s.ringing(), QStringList { "b" });
    }

    void mutedOrPausedSoundsWaitAndRingAfterwards_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("silence");
        QTest::newRow("muted") << "ui.sound.muted_until" << static_cast<int>(AlarmSilence::Muted);
        QTest::newRow("paused") << "ui.pause_until" << static_cast<int>(AlarmSilence::Paused);
    }

    void mutedOrPausedSoundsWaitAndRingAfterwards()
    {
        QFETCH(QString, key);
        QFETCH(int, silence);
        AlarmSchedule s = schedule(
            { { key, kT0 + 60 * kSecond }, { "ui.sound.critical_repeats", 1 }, { "ui.sound.repeat_interval_s", 20 } });
        QCOMPARE(static_cast<int>(s.alertArrived("h", Priority::High, kT0).silence), silence);
        QCOMPARE(static_cast<int>(s.alertArrived("c", Priority::Critical, kT0).silence), silence); // even CRITICAL
        // Repeats nobody hears are not counted: the one repeat comes after the end.
        QCOMPARE(static_cast<int>(s.due(kT0 + 20 * kSecond).silence), silence);
        QCOMPARE(static_cast<int>(s.due(kT0 + 40 * kSecond).silence), silence);
        QCOMPARE(s.ringing(), QStringList { "c" });
        QVERIFY(s.due(kT0 + 60 * kSecond).plays());
        QVERIFY(s.ringing().isEmpty());
        QVERIFY(s.alertArrived("h2", Priority::High, kT0 + 60 * kSecond).plays()); // the end is exclusive
    }

    void quietHoursHoldTheSounds()
    {
        // All day, every day, for every channel: CRITICAL breaks through unless told not to.
        AlarmSchedule s = schedule();
        s.setQuietHours(timings(R"({"quiet_hours":[{"name":"always","location":"UTC",
            "time_intervals":[{"times":[{"start_time":"00:00","end_time":"24:00"}]}]}]})"),
            {});
        QCOMPARE(s.alertArrived("h", Priority::High, kT0).silence, AlarmSilence::QuietHours);
        QVERIFY(s.alertArrived("c", Priority::Critical, kT0).plays());
        s.setQuietHours(timings(R"({"quiet_hours":[{"name":"always","location":"UTC","critical_breaks_through":false,
            "time_intervals":[{"times":[{"start_time":"00:00","end_time":"24:00"}]}]}]})"),
            {});
        QCOMPARE(s.alertArrived("c", Priority::Critical, kT0).silence, AlarmSilence::QuietHours);
    }

    void quietHoursOfADesktopChannelOnly()
    {
        const auto desk = timings(R"({"quiet_hours":[{"name":"desk","location":"UTC","channels":["my desktop"],
            "time_intervals":[{"times":[{"start_time":"00:00","end_time":"24:00"}]}]}]})");
        QCOMPARE(desk.size(), qsizetype(1));
        AlarmSchedule s = schedule();
        s.setQuietHours(desk, { QStringLiteral("my desktop") });
        QCOMPARE(s.silence(Priority::Medium, kT0), AlarmSilence::QuietHours);
        s.setQuietHours(desk, { QStringLiteral("another desktop") }); // a Slack channel's quiet hours, say
        QCOMPARE(s.silence(Priority::Medium, kT0), AlarmSilence::None);
    }

    void quietHoursOutsideTheirTimes()
    {
        // 22:00-07:00 UTC, on kT0's day.
        const QDateTime t0 = QDateTime::fromMSecsSinceEpoch(kT0, QTimeZone::utc());
        AlarmSchedule s = schedule();
        s.setQuietHours(timings(R"({"quiet_hours":[{"name":"night","location":"UTC",
            "time_intervals":[{"times":[{"start_time":"22:00","end_time":"07:00"}]}]}]})"),
            {});
        const qint64 noon = QDateTime(t0.date(), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch();
        const qint64 night = QDateTime(t0.date(), QTime(23, 30), QTimeZone::utc()).toMSecsSinceEpoch();
        QCOMPARE(s.silence(Priority::High, noon), AlarmSilence::None);
        QCOMPARE(s.silence(Priority::High, night), AlarmSilence::QuietHours);
    }

    void untilTomorrowMorning()
    {
        const QTimeZone berlin("Europe/Berlin");
        // The night DST begins (2026-03-29 02:00 -> 03:00): still 08:00 local, 06:00 UTC.
        const qint64 evening = QDateTime(QDate(2026, 3, 28), QTime(23, 30), berlin).toMSecsSinceEpoch();
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(tomorrowAtMs(evening, 8, berlin), QTimeZone::utc()),
            QDateTime(QDate(2026, 3, 29), QTime(6, 0), QTimeZone::utc()));
        // Just after midnight, "tomorrow" is the day after this one.
        const qint64 early = QDateTime(QDate(2026, 12, 8), QTime(0, 10), berlin).toMSecsSinceEpoch();
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(tomorrowAtMs(early, 8, berlin), berlin),
            QDateTime(QDate(2026, 12, 9), QTime(8, 0), berlin));
    }

    void settingsAreListedAndChecked()
    {
        for (const char* key : { "ui.sound.critical", "ui.sound.high", "ui.sound.medium", "ui.sound.low",
                 "ui.sound.info", "ui.sound.volume", "ui.sound.critical_repeats", "ui.sound.repeat_interval_s",
                 "ui.sound.muted_until", "ui.pause_until" })
            QVERIFY2(findSetting(QString::fromLatin1(key)), key);
        QString error;
        QVERIFY(!parseSettingValue(*findSetting("ui.sound.high"), "trumpet", &error));
        QCOMPARE(error,
            QStringLiteral("ui.sound.high must be one of alarm, alert, chime, ping, tick, silent, not 'trumpet'"));
        QVERIFY(!parseSettingValue(*findSetting("ui.sound.volume"), "101", &error));
        QCOMPARE(parseSettingValue(*findSetting("ui.pause_until"), QString::number(kT0), &error)->toInteger(), kT0);
    }
};

QTEST_GUILESS_MAIN(TestAlarmSchedule)
#include "TestAlarmSchedule.moc"
