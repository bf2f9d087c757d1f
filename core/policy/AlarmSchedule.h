// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Priority.h"
#include "policy/QuietHours.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTimeZone>
#include <array>

namespace alertdesk {

// The window's alarm sounds as the ui.sound.* settings (and ui.pause_until) say.
struct AlarmSettings {
    std::array<QString, 5> sounds; // by Priority; "" is silent
    int volume = 80; // 0..100
    int criticalRepeats = 0; // repeats after the first sound; 0: until the alert is no longer open
    qint64 repeatIntervalMs = 15000;
    qint64 mutedUntilMs = 0; // sounds muted before this time
    qint64 pausedUntilMs = 0; // every desktop notification paused before this time

    QString soundFor(Priority p) const { return sounds.at(static_cast<size_t>(p)); }
    static AlarmSettings fromSettings(const QJsonObject& values);
};

// Why a sound does not play.
enum class AlarmSilence { None, Silent, Muted, Paused, QuietHours };

struct AlarmDecision {
    QString sound; // the sound chosen, "" when the priority is silent or nothing is due
    AlarmSilence silence = AlarmSilence::None;
    QStringList alertIds; // due(): the alerts whose repeat this is
    bool plays() const { return !sound.isEmpty() && silence == AlarmSilence::None; }
};

// Which sound plays for a new alert, when a CRITICAL alert's sound plays again and when it
// stops: the alert is no longer open, its repeats are used up, or the sounds are muted,
// paused or in quiet hours (a repeat then is skipped, not counted, and the alert keeps
// ringing afterwards while it is open). Pure: time comes in as ms since the epoch, so tests
// need no clock and no sound card.
class AlarmSchedule final {
public:
    void setSettings(const AlarmSettings& settings);
    const AlarmSettings& settings() const { return m_settings; }
    // The profile's quiet hours: the timings for every channel and those of its desktop channels.
    void setQuietHours(const QList<MuteTiming>& timings, const QStringList& desktopChannels);

    // Why a sound of this priority would not play at nowMs (None: it plays).
    AlarmSilence silence(Priority priority, qint64 nowMs) const;
    // A new alert at nowMs: the sound to play now. A CRITICAL alert with a sound starts ringing.
    AlarmDecision alertArrived(const QString& alertId, Priority priority, qint64 nowMs);
    // The alert was acknowledged, snoozed or resolved: its repeats stop.
    void alertClosed(const QString& alertId);
    QStringList ringing() const;
    // The repeats due at nowMs, as one sound however many alerts are due.
    AlarmDecision due(qint64 nowMs);
    // When the next repeat is due (-1: nothing rings).
    qint64 nextDueMs() const;

private:
    struct Ringing {
        QString alertId;
        qint64 nextMs = 0;
        int repeatsLeft = -1; // -1: until closed
    };
    AlarmSettings m_settings;
    QList<MuteTiming> m_quietHours;
    QStringList m_desktopChannels;
    QList<Ringing> m_ringing;
};

// "Until tomorrow": the next day's hour:00 in the zone, from nowMs (exact across DST changes).
qint64 tomorrowAtMs(qint64 nowMs, int hour, const QTimeZone& zone);

} // namespace alertdesk
