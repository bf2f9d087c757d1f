// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"
#include "model/AlertEvent.h"
#include "model/Notification.h"

#include "util/WakeTimer.h"

#include <QObject>

namespace alertdesk {

class AlertStore;
class Clock;
class Database;
class LifecycleStore;
class PolicyEngine;

// The outcome of acknowledge/snooze/resolve. Refusals name the reason: no such alert, a
// change the state does not allow (resolving a resolved alert), bad input (a snooze end in
// the past, a note too long) or storage trouble.
struct LifecycleResult {
    enum class Status { Ok, UnknownAlert, NotAllowed, BadInput, StorageError };
    Status status = Status::Ok;
    QString message;
    Alert alert; // after the change
    AlertEvent event; // the change recorded
    NotificationPlan followUps; // acknowledge/resolve sent to channels that track state

    bool ok() const { return status == Status::Ok; }
    QJsonObject toJson() const;
};

// States of an alert: open -> acknowledged / snoozed (until a time) -> resolved.
// - acknowledge: open or snoozed -> acknowledged
// - snooze: open, acknowledged or snoozed (a new end) -> snoozed; when the snooze ends and
//   the alert is still snoozed it opens again and is notified again, as a new round of
//   deliveries with idempotency keys of their own
// - resolve: any state but resolved -> resolved
// - reopen: acknowledged, snoozed or resolved -> open (the trader's undo; escalation restarts)
// Every change is one transaction with its alert_events row; leaving "open" stops the
// escalation, and acknowledge/resolve drop what quiet hours or grouping still hold.
class AlertLifecycle final : public QObject {
    Q_OBJECT
public:
    AlertLifecycle(Database& db, AlertStore& alerts, LifecycleStore& lifecycle, PolicyEngine& policy, Clock& clock,
        QObject* parent = nullptr);
    ~AlertLifecycle() override;

    static constexpr qint64 kMaxSnoozeMs = 366LL * 24 * 3600 * 1000;

    // id: the full alert id, or an unambiguous prefix of at least 8 characters.
    LifecycleResult acknowledge(const QString& id, const QString& note, EventSource source);
    LifecycleResult snoozeUntil(const QString& id, qint64 untilMs, const QString& note, EventSource source);
    LifecycleResult snoozeFor(const QString& id, qint64 durationMs, const QString& note, EventSource source);
    LifecycleResult resolve(const QString& id, const QString& note, EventSource source);
    LifecycleResult reopen(const QString& id, const QString& note, EventSource source);
    // The change on many alerts (full ids) in one transaction: each alert's state and event
    // together, all of them or none (a storage error rolls the batch back); an alert whose
    // state does not allow the change is refused alone. One result per id, in order.
    QList<LifecycleResult> changeBatch(
        const QStringList& ids, AlertState to, qint64 snoozeUntilMs, const QString& note, EventSource source);

    QList<AlertEvent> events(const QString& alertId) const;

    // Ends snoozes when they fall due, now and from here on. Only the profile's driver.
    void start();
    void setPollIntervalMs(qint64 ms) { m_pollIntervalMs = ms; }

Q_SIGNALS:
    // After the change is committed. The hook for channel follow-ups and the UI.
    void stateChanged(const alertdesk::Alert& alert, alertdesk::AlertState from, alertdesk::AlertState to,
        alertdesk::EventSource source, const QString& note);

private:
    LifecycleResult change(
        const QString& id, AlertState to, qint64 snoozeUntilMs, const QString& note, EventSource source);
    QString checkInput(AlertState to, qint64 snoozeUntilMs, const QString& note) const;
    // The change and its event in a transaction (a savepoint inside a batch's).
    bool apply(const QString& id, AlertState to, qint64 snoozeUntilMs, const QString& note, EventSource source,
        LifecycleResult* r);
    // After the commit; a batch's alerts are logged at debug level (the batch says it once).
    void announce(const LifecycleResult& r, const QString& note, EventSource source, bool inBatch = false);
    QString resolveId(const QString& id, LifecycleResult* r) const;
    void endSnoozes();
    bool endSnooze(const QString& alertId);
    void poll();

    Database& m_db;
    AlertStore& m_alerts;
    LifecycleStore& m_lifecycle;
    PolicyEngine& m_policy;
    Clock& m_clock;
    bool m_started = false;
    WakeTimer m_wake { m_clock, this, [this] { endSnoozes(); } };
    qint64 m_pollIntervalMs = 1000;
};

} // namespace alertdesk
