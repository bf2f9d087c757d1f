// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"
#include "policy/AlarmSchedule.h"

#include <QJsonObject>
#include <QObject>

namespace alertdesk {

class Clock;
class Database;
class SoundPlayer;

// The window's alarm sounds: AlarmSchedule decides, SoundPlayer plays. A new alert sounds
// once; a CRITICAL one again every ui.sound.repeat_interval_s until it is no longer open in
// the history (or its repeats are used up).
class AlarmSounds final : public QObject {
    Q_OBJECT
public:
    explicit AlarmSounds(Clock& clock, QObject* parent = nullptr);
    ~AlarmSounds() override;

    SoundPlayer* player() const { return m_player; }
    const AlarmSchedule& schedule() const { return m_schedule; }

    // The ui.* settings (sounds, volume, repeats, mute and pause ends).
    void applySettings(const QJsonObject& values);
    // The profile's "policies" section (its quiet hours) and its desktop channels' names.
    void setQuietHours(const QJsonObject& policies, const QStringList& desktopChannels);
    void alertArrived(const Alert& alert);
    // Stops the repeats of alerts that the history no longer holds open.
    void checkRinging(Database& db);

Q_SIGNALS:
    // What was decided for an alert's sound, a repeat included (the tests' seam).
    void decided(const QString& alertId, const QString& sound, alertdesk::AlarmSilence silence);

private:
    void play(const AlarmDecision& d);
    void scheduleNext();

    Clock& m_clock;
    AlarmSchedule m_schedule;
    SoundPlayer* m_player = nullptr; // child
    quint64 m_timerGeneration = 0; // only the newest scheduled wake-up acts
};

} // namespace alertdesk
