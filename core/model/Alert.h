// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "AlertType.h"
#include "FieldError.h"
#include "Priority.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace alertdesk {

enum class AlertState { Open = 0, Acknowledged, Snoozed, Resolved };
QString alertStateName(AlertState s); // "open"
std::optional<AlertState> alertStateFromString(const QString& s);

// Field limits. A longer title, symbol, strategy or position is cut to its limit with a
// visible marker ("…") and kept in full at the end of the message; a message is kept up to
// `message` (the ingest API's default body limit) and each channel cuts it to its platform's
// limit. A dedup key over its limit is shortened to a stable digest of the whole key.
struct AlertLimits {
    static constexpr int title = 256;
    static constexpr int message = 1024 * 1024;
    static constexpr int symbol = 32;
    static constexpr int strategy = 128;
    static constexpr int position = 128;
    static constexpr int dedupKey = 255;
    static constexpr int channelName = 64;
    static constexpr int channels = 64;
    static constexpr int dataBytes = 65536;
};

struct Alert {
    QString id; // UUID without braces
    AlertType type = AlertType::Custom;
    Priority priority = Priority::Info;
    QString title;
    QString message;
    QString symbol;
    QString strategy;
    QString position;
    QJsonObject data;
    QStringList channels; // empty: every enabled channel
    QString dedupKey;
    AlertState state = AlertState::Open;
    QDateTime createdAt; // UTC
    QDateTime updatedAt; // UTC
    // Lifecycle: how often the source raised it (dedup), when last, and the end of a snooze.
    int occurrences = 1;
    QDateTime lastSeenAt; // UTC; invalid: createdAt
    QDateTime snoozedUntil; // UTC; valid only while Snoozed
    // Set only on a lifecycle follow-up as composed for a channel: the note given with the
    // acknowledge or snooze it reports (an Alertmanager silence's comment). Never stored.
    QString followUpNote;

    QJsonObject toJson() const;
};

struct AlertParseResult {
    std::optional<Alert> alert;
    FieldError error;
    bool ok() const { return alert.has_value(); }
};

// Builds an alert from the wire form used by the CLI, the ingest API and toJson():
// {"type","priority","title","message","symbol","strategy","position","data","channels","dedup_key"}.
// Unknown keys are refused so that a typo never silently loses a field. id/state/timestamps
// are not read: a new alert gets a fresh UUID and `now`.
AlertParseResult parseAlert(const QJsonObject& in, const QDateTime& now);

// Makes an alert of any form storable, so that none is lost for it: in one-line fields
// (title, symbol, strategy, position) CR, LF and tab (a run of them) become one space and
// other control characters go; in the message CR LF and CR become LF and other control
// characters but tab go. An empty title takes the message's first line. Over-long fields
// are cut as AlertLimits says.
void normalizeAlert(Alert& a);

// Checks an already-built alert against the same rules.
std::optional<FieldError> validateAlert(const Alert& a);

// A new alert id: a UUID (version 7) whose text sorts by creation time, to the millisecond.
QString newAlertId();

} // namespace alertdesk
