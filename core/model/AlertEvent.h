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
enum class EventSource { UI = 0, CLI, API, Rule, System };
QString eventSourceName(EventSource s); // "ui", "cli", "api", "rule", "system"
std::optional<EventSource> eventSourceFromString(const QString& s);

// One change of an alert's state, as kept in the history (table alert_events).
struct AlertEvent {
    static constexpr int kNoteLimit = 1024;

    qint64 id = 0;
    QString alertId;
    QDateTime at; // UTC
    AlertState from = AlertState::Open;
    AlertState to = AlertState::Open;
    EventSource source = EventSource::System;
    QString note;

    QJsonObject toJson() const;
};

// A note is optional; when given it must fit the limit and hold no control characters
// other than tab and line feed. Returns the reason it is refused, or an empty string.
QString checkEventNote(const QString& note);

} // namespace alertdesk
