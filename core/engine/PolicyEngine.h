// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"
#include "model/Notification.h"

#include "util/WakeTimer.h"

#include <QHash>
#include <QObject>
#include <optional>

namespace alertdesk {

class AlertStore;
class Channel;
class Clock;
class Database;
class LifecycleStore;
class NotificationService;
class OutboxStore;
class PolicyStore;
class Profile;
struct ChannelConfig;
struct DeliveryRow;
struct EscalationRow;
struct HeldNotification;

// The notification policies between an accepted alert and the outbox: routing rules choose
// the channels; quiet hours and grouping hold notifications back and release them later as
// one digest; escalation sends reminders and the next tiers while nobody acknowledges; the
// lifecycle follow-ups tell state-tracking channels (PagerDuty) of acknowledge and resolve.
//
// Everything it decides is written in the caller's transaction (held rows, outbox rows,
// escalation rows), so a crash loses nothing; its timers only pick up what fell due, and
// after a restart start() catches up from the database.
class PolicyEngine final : public QObject {
    Q_OBJECT
public:
    PolicyEngine(Profile& profile, Database& db, AlertStore& alerts, OutboxStore& outbox, LifecycleStore& lifecycle,
        PolicyStore& store, NotificationService& notifications, Clock& clock, QObject* parent = nullptr);
    ~PolicyEngine() override;

    // The channels for an alert: the routing rules that match (in order, with "continue"),
    // else the alert's own channels, else every enabled channel. Empty and *error when none.
    QStringList route(const Alert& a, QString* error) const;

    // ---- inside the caller's transaction ----
    // The open alert with this dedup key, if any.
    std::optional<QString> findDuplicate(const QString& dedupKey) const;
    // Counts another occurrence of that alert (no notification); *updated gets the alert.
    bool recordOccurrence(const QString& alertId, Alert* updated, QString* error);
    // One notification round of an alert to channels: an outbox row per channel, or a held
    // row where a pause, quiet hours or grouping hold it back.
    bool notify(const Alert& a, int round, NotifyPurpose purpose, const QStringList& channels, NotificationPlan* plan,
        QString* error);
    // Starts (or restarts) the escalation policy that matches the alert, if there is one.
    bool startEscalation(const Alert& a, QString* error);
    // The alert left the open state: stop its escalation; on acknowledge/resolve drop what is
    // held for it and queue the follow-ups for channels that track an alert's state.
    bool onStateChange(const Alert& a, AlertState to, NotificationPlan* followUps, QString* error);

    // ---- after the commit ----
    void changed(); // new rows: wake the dispatcher, re-plan the timers
    // Releases and escalates what is due, now and from here on. Only the profile's driver.
    void start();
    void setPollIntervalMs(qint64 ms) { m_pollIntervalMs = ms; }
    // A pause that holds every channel (ui.pause_holds_channels) ended early or was shortened:
    // what it holds goes out now (or at its new end). Called on every poll and by the window
    // right after it stores the pause.
    void followPause();

    // What an outbox row sends (the dispatcher's composer): the alert, a digest, a reminder...
    std::optional<Alert> compose(
        const DeliveryRow& row, const Channel& channel, const Alert* remembered = nullptr) const;

    // Channels that hear of acknowledge/resolve: PagerDuty by default, any channel with the
    // setting "lifecycle_updates": true. They get a follow-up row in the same transaction as
    // the state change (durable, retried like any delivery); compose() hands it to the
    // channel as the alert with Alert::state set to acknowledged or resolved.
    // For the PagerDuty channel: map state open -> event_action "trigger", acknowledged ->
    // "acknowledge", resolved -> "resolve", and send a dedup_key that is the same for all
    // three (the alert's id, or its dedup_key), not DeliveryContext::idempotencyKey, which is
    // different for every delivery. AlertLifecycle::stateChanged is the in-process signal.
    static bool tracksLifecycle(const ChannelConfig& c);
    // Of those, the channels that also hear of a snooze (Alertmanager: a silence until it ends).
    static bool tracksSnooze(const ChannelConfig& c);
    // How often an open alert goes to the channel again (Alertmanager's resend interval): a
    // "resend" row every interval until the alert is resolved; 0 for channels that need none.
    static qint64 resendIntervalMs(const ChannelConfig& c);

Q_SIGNALS:
    // Held notifications went to the outbox: a digest of alertCount alerts (or just one).
    void released(const QString& channel, const QString& digestId, int alertCount);
    void escalated(const QString& alertId, const QString& policy, int tier, int reminder);

private:
    // One outbox row, in the lane of `priority`, with its note of purpose; returns its id or -1.
    qint64 queue(const QString& alertId, Priority priority, const QString& channel, const QString& key, bool waiting,
        NotifyPurpose purpose, int round, const QString& digestId, QString* error);
    bool hold(const Alert& a, const QString& channel, int round, NotifyPurpose purpose, HoldReason reason,
        const QString& groupKey, qint64 releaseAt, bool suppressed, const QString& note, NotificationPlan* plan,
        QString* error);
    bool releaseGroup(const QList<HeldNotification>& rows, qint64 now, int* count);
    // The end of a pause that holds every channel, or 0 when none holds them now.
    qint64 pauseHoldsUntil(qint64 now) const;
    void tick();
    void poll();
    void scheduleNext();
    void reloadPoliciesIfChanged();
    int releaseDue(qint64 now);
    int escalateDue(qint64 now);
    int resendDue(qint64 now);
    bool escalate(const QString& alertId, qint64 now);
    QStringList usableChannels(const QStringList& names) const;

    Profile& m_profile;
    Database& m_db;
    AlertStore& m_alerts;
    OutboxStore& m_outbox;
    LifecycleStore& m_lifecycle;
    PolicyStore& m_store;
    NotificationService& m_notifications;
    Clock& m_clock;
    bool m_started = false;
    bool m_timersMoved = false; // a hold or an escalation was written since scheduleNext()
    WakeTimer m_wake { m_clock, this, [this] { tick(); } };
    qint64 m_pollIntervalMs = 1000;
    qint64 m_pauseHoldEnd = -1; // as last followed; -1: not looked at yet
    QString m_lastReloadError;
};

} // namespace alertdesk
