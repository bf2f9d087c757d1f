// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Alert.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace alertdesk {

// Who changed an alert's state: the trader in the window or on the command line, a program
// through the ingest API, a threshold rule, or AlertDesk itself (a snooze that ended).
// Cluster: an Alertmanager cluster (a silence a colleague made there).
enum class EventSource { UI = 0, CLI, API, Rule, System, Cluster };
QString eventSourceName(EventSource s); // "ui", "cli", "api", "rule", "system", "cluster"
std::optional<EventSource> eventSourceFromString(const QString& s);

// A silence on a Prometheus Alertmanager cluster that holds an alert and that AlertDesk did not
// make (a colleague's, from Alertmanager's UI or amtool), as the cluster describes it.
struct ClusterSilence {
    static constexpr int kCreatedByLimit = 256;

    QString id;
    QString createdBy;
    QString comment; // at most AlertEvent::kNoteLimit characters
    QDateTime endsAt; // UTC; invalid when the cluster did not say

    bool operator==(const ClusterSilence& o) const
    {
        return id == o.id && createdBy == o.createdBy && comment == o.comment && endsAt == o.endsAt;
    }
    QJsonObject toJson() const;
    static ClusterSilence fromJson(const QJsonObject& o);
};

// One change of an alert's state, as kept in the history (table alert_events), or what an
// Alertmanager cluster said of it: a colleague's silence seen, and its end.
struct AlertEvent {
    static constexpr int kNoteLimit = 1024;
    // ClusterSilenced and ClusterSilenceEnded leave the state as it is (from == to).
    enum class Kind { State = 0, ClusterSilenced, ClusterSilenceEnded };

    qint64 id = 0;
    QString alertId;
    QDateTime at; // UTC
    AlertState from = AlertState::Open;
    AlertState to = AlertState::Open;
    EventSource source = EventSource::System;
    QString note;
    Kind kind = Kind::State;
    // Kind ClusterSilenced: the silence as seen; ClusterSilenceEnded: endsAt is when it ended.
    ClusterSilence silence;

    QJsonObject toJson() const;
};

QString eventKindName(AlertEvent::Kind k); // "state", "cluster_silenced", "cluster_silence_ended"
std::optional<AlertEvent::Kind> eventKindFromString(const QString& s);

// A note is optional; when given it must fit the limit and hold no control characters
// other than tab and line feed. Returns the reason it is refused, or an empty string.
QString checkEventNote(const QString& note);

} // namespace alertdesk
