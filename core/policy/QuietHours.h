// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"
#include "model/Priority.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSet>
#include <QStringList>
#include <QTimeZone>
#include <optional>

namespace alertdesk {

// One time interval of a mute timing, as Grafana and Alertmanager write them. Every field
// given must match the local time; a field left out matches always.
//   times:         [{"start_time": "22:00", "end_time": "07:00"}]  end exclusive, "24:00" allowed;
//                  a range whose end is before its start crosses midnight (22:00-24:00 and
//                  00:00-07:00 of each matching day)
//   weekdays:      ["monday:friday", "sunday"]
//   days_of_month: ["1:7", "-1"]     negative counts from the month's end (-1 = the last day)
//   months:        ["january:march", "12"]
//   years:         ["2026", "2026:2027"]
struct TimeInterval {
    struct Range {
        int startMin = 0; // minutes since midnight
        int endMin = 0; // 1..1440
    };
    QList<Range> times;
    QSet<int> weekdays; // Qt::DayOfWeek 1..7
    QList<QPair<int, int>> daysOfMonth;
    QSet<int> months; // 1..12
    QList<QPair<int, int>> years;

    bool matches(const QDateTime& local) const;
};

// A named mute timing in an IANA time zone, for every channel or the channels named.
struct MuteTiming {
    QString name;
    QStringList channels; // empty: every channel
    QTimeZone zone;
    QList<TimeInterval> intervals; // muted while any one matches
    bool criticalBreaksThrough = true;
    bool historyOnly = false; // held notifications are only kept in the history, never sent

    // How far mutedUntil() looks for the end of a quiet period.
    static constexpr qint64 kHorizonMs = 400LL * 86400000;

    bool appliesTo(const QString& channel) const { return channels.isEmpty() || channels.contains(channel); }
    bool isMuted(qint64 ms) const;
    // The first instant at or after ms that is not muted: ms itself when not muted, -1 when
    // the quiet period does not end within kHorizonMs. Exact across daylight-saving changes.
    qint64 mutedUntil(qint64 ms) const;

    // Reads one entry of "policies.quiet_hours"; errors name the field under path.
    static std::optional<MuteTiming> fromJson(const QJsonValue& v, const QString& path, FieldError* error);
};

// What quiet hours make of one notification to one channel at one time.
struct QuietDecision {
    bool muted = false;
    bool historyOnly = false; // a muting timing keeps held notifications only in the history
    qint64 until = -1; // when the channel is no longer muted (-1: not within the horizon)
    QStringList timings; // the names of the timings that mute it
};

// Quiet hours of the channel at nowMs for an alert of this priority. A CRITICAL alert breaks
// through every timing that lets it.
QuietDecision quietDecision(const QList<MuteTiming>& timings, const QString& channel, Priority priority, qint64 nowMs);

} // namespace alertdesk
