// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlarmSchedule.h"

#include "config/Settings.h"

#include <algorithm>

namespace alertdesk {

AlarmSettings AlarmSettings::fromSettings(const QJsonObject& values)
{
    auto get
        = [&](const QString& key) { return values.contains(key) ? values.value(key) : findSetting(key)->defaultValue; };
    AlarmSettings s;
    const QStringList names = priorityNames();
    for (qsizetype i = 0; i < names.size() && i < static_cast<qsizetype>(s.sounds.size()); ++i) {
        const QString sound = get(QStringLiteral("ui.sound.") + names.at(i).toLower()).toString();
        s.sounds.at(static_cast<size_t>(i)) = alarmSoundNames().contains(sound) ? sound : QString();
    }
    s.volume = get(QStringLiteral("ui.sound.volume")).toInt();
    s.criticalRepeats = get(QStringLiteral("ui.sound.critical_repeats")).toInt();
    s.repeatIntervalMs = get(QStringLiteral("ui.sound.repeat_interval_s")).toInteger() * 1000;
    s.mutedUntilMs = get(QStringLiteral("ui.sound.muted_until")).toInteger();
    s.pausedUntilMs = get(QStringLiteral("ui.pause_until")).toInteger();
    return s;
}

void AlarmSchedule::setSettings(const AlarmSettings& settings)
{
    m_settings = settings;
    // A CRITICAL alert made silent stops ringing; a changed count applies to the next repeat.
    if (m_settings.soundFor(Priority::Critical).isEmpty())
        m_ringing.clear();
}

void AlarmSchedule::setQuietHours(const QList<MuteTiming>& timings, const QStringList& desktopChannels)
{
    m_quietHours = timings;
    m_desktopChannels = desktopChannels;
}

AlarmSilence AlarmSchedule::silence(Priority priority, qint64 nowMs) const
{
    if (m_settings.soundFor(priority).isEmpty())
        return AlarmSilence::Silent;
    if (nowMs < m_settings.pausedUntilMs)
        return AlarmSilence::Paused;
    if (nowMs < m_settings.mutedUntilMs)
        return AlarmSilence::Muted;
    // The quiet hours that hold the desktop: those for every channel ("" names none) and
    // those of a desktop channel. CRITICAL breaks through where the timing lets it.
    const bool quiet = quietDecision(m_quietHours, QString(), priority, nowMs).muted
        || std::any_of(m_desktopChannels.cbegin(), m_desktopChannels.cend(),
            [&](const QString& channel) { return quietDecision(m_quietHours, channel, priority, nowMs).muted; });
    return quiet ? AlarmSilence::QuietHours : AlarmSilence::None;
}

AlarmDecision AlarmSchedule::alertArrived(const QString& alertId, Priority priority, qint64 nowMs)
{
    AlarmDecision d;
    d.sound = m_settings.soundFor(priority);
    d.silence = silence(priority, nowMs);
    if (priority == Priority::Critical && !d.sound.isEmpty() && !alertId.isEmpty()) {
        alertClosed(alertId); // the same alert again: one ringing, counted anew
        Ringing r;
        r.alertId = alertId;
        r.nextMs = nowMs + m_settings.repeatIntervalMs;
        r.repeatsLeft = m_settings.criticalRepeats > 0 ? m_settings.criticalRepeats : -1;
        m_ringing.append(r);
    }
    return d;
}

void AlarmSchedule::alertClosed(const QString& alertId)
{
    m_ringing.removeIf([&](const Ringing& r) { return r.alertId == alertId; });
}

QStringList AlarmSchedule::ringing() const
{
    QStringList ids;
    for (const Ringing& r : m_ringing)
        ids << r.alertId;
    return ids;
}

AlarmDecision AlarmSchedule::due(qint64 nowMs)
{
    AlarmDecision d;
    const AlarmSilence why = silence(Priority::Critical, nowMs);
    bool any = false;
    for (Ringing& r : m_ringing) {
        if (r.nextMs > nowMs)
            continue;
        any = true;
        d.alertIds << r.alertId;
        r.nextMs = nowMs + m_settings.repeatIntervalMs;
        // A repeat nobody could hear is not counted: it rings again once the silence ends.
        if (why == AlarmSilence::None && r.repeatsLeft > 0)
            --r.repeatsLeft;
    }
    if (!any)
        return d;
    d.sound = m_settings.soundFor(Priority::Critical);
    d.silence = why;
    m_ringing.removeIf([](const Ringing& r) { return r.repeatsLeft == 0; });
    return d;
}

qint64 tomorrowAtMs(qint64 nowMs, int hour, const QTimeZone& zone)
{
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs, zone);
    // A time that a DST jump skips is moved forward by Qt: still the next morning.
    return QDateTime(now.date().addDays(1), QTime(hour, 0), zone).toMSecsSinceEpoch();
}

qint64 AlarmSchedule::nextDueMs() const
{
    qint64 next = -1;
    for (const Ringing& r : m_ringing)
        next = next < 0 ? r.nextMs : std::min(next, r.nextMs);
    return next;
}

} // namespace alertdesk
