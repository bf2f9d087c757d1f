// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace alertdesk {

// Why a notification goes out. The first notification of an alert is Alert; a snooze that
// ended (Renotify), an escalation tier, a reminder and the lifecycle follow-ups for channels
// that track an alert's state (PagerDuty: acknowledge, resolve; Alertmanager: snooze too) are
// later rounds or extras; a Resend repeats an open alert to a platform that forgets alerts not
// repeated (Alertmanager).
enum class NotifyPurpose { Alert = 0, Renotify, Escalation, Reminder, Digest, Acknowledged, Resolved, Snoozed, Resend };
QString notifyPurposeName(NotifyPurpose p); // "alert", "renotify", ...
std::optional<NotifyPurpose> notifyPurposeFromString(const QString& s);

// Why a notification is held back instead of sent now: quiet hours, grouping, or the window's
// pause when the trader asked it to hold every channel (ui.pause_holds_channels).
enum class HoldReason { QuietHours = 0, Grouping, Pause };
QString holdReasonName(HoldReason r); // "quiet_hours", "grouping", "pause"

// What became of one notification round: the channels that got an outbox row now, and those
// held back (until a time, or kept only in the history when suppressed).
struct NotificationPlan {
    struct Held {
        QString channel;
        HoldReason reason = HoldReason::QuietHours;
        QDateTime until; // UTC
        bool suppressed = false;
    };
    QStringList queued;
    QList<Held> held;
    // Set when no channel is configured (or enabled): the alert is stored and shown, and
    // reaches no channel; this says why.
    QString noChannel;

    bool isEmpty() const { return queued.isEmpty() && held.isEmpty(); }
    // {"queued":[...], "held":[{"channel","reason","until","suppressed"}], "no_channel"?: why}
    QJsonObject toJson() const;
};

} // namespace alertdesk
