// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/AlarmSounds.h"

#include "UiLogging.h"
#include "app/SoundPlayer.h"
#include "policy/PolicyConfig.h"
#include "storage/AlertStore.h"
#include "util/Clock.h"

namespace alertdesk {

AlarmSounds::AlarmSounds(Clock& clock, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_player(new SoundPlayer(this))
{
    m_schedule.setSettings(AlarmSettings::fromSettings({}));
}

AlarmSounds::~AlarmSounds() = default;

void AlarmSounds::applySettings(const QJsonObject& values)
{
    m_schedule.setSettings(AlarmSettings::fromSettings(values));
    scheduleNext();
}

void AlarmSounds::setQuietHours(const QJsonObject& policies, const QStringList& desktopChannels)
{
    FieldError error;
    const auto config = PolicyConfig::fromJson(policies, &error);
    // The engine refuses to store a section it cannot read: an unreadable one holds nothing.
    m_schedule.setQuietHours(config ? config->quietHours : QList<MuteTiming>(), desktopChannels);
}

void AlarmSounds::alertArrived(const Alert& alert)
{
    const AlarmDecision d = m_schedule.alertArrived(alert.id, alert.priority, m_clock.nowMs());
    Q_EMIT decided(alert.id, d.sound, d.silence);
    play(d);
    scheduleNext();
}

void AlarmSounds::checkRinging(Database& db)
{
    const QStringList ids = m_schedule.ringing();
    if (ids.isEmpty())
        return;
    AlertStore store(db);
    for (const QString& id : ids) {
        const auto alert = store.get(id);
        if (!alert || alert->state != AlertState::Open)
            m_schedule.alertClosed(id);
    }
    scheduleNext();
}

void AlarmSounds::play(const AlarmDecision& d)
{
    if (!d.plays())
        return;
    if (const QString error = m_player->play(d.sound, m_schedule.settings().volume); !error.isEmpty())
        qCDebug(lcUi) << "alarm sound" << d.sound << "not played:" << error;
}

void AlarmSounds::scheduleNext()
{
    const quint64 generation = ++m_timerGeneration;
    const qint64 next = m_schedule.nextDueMs();
    if (next < 0)
        return;
    m_clock.schedule(std::max<qint64>(0, next - m_clock.nowMs()), this, [this, generation] {
        if (generation != m_timerGeneration)
            return;
        const AlarmDecision d = m_schedule.due(m_clock.nowMs());
        for (const QString& id : d.alertIds)
            Q_EMIT decided(id, d.sound, d.silence);
        play(d);
        scheduleNext();
    });
}

} // namespace alertdesk
