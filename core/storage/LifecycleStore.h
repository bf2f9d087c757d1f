// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"
#include "model/AlertEvent.h"

#include <QList>
#include <QStringList>
#include <optional>

namespace alertdesk {

class Database;

// The lifecycle columns of alerts (state, snooze end, occurrence count, notification round)
// and the alert_events trail. Opens no transactions: callers wrap a state change and its
// event in one Database::transaction(), so the trail never disagrees with the state.
class LifecycleStore final {
public:
    explicit LifecycleStore(Database& db);

    // Sets the state; snoozedUntilMs is kept only for Snoozed (0 otherwise).
    bool setState(const QString& alertId, AlertState to, qint64 snoozedUntilMs, qint64 nowMs, QString* error);
    bool addEvent(const AlertEvent& e, QString* error);
    QList<AlertEvent> events(const QString& alertId) const; // oldest first

    // What an Alertmanager cluster says holds the alert now (current: every colleague's
    // silence, complete) and what it said of those that stopped (ended, with their end):
    // records each silence once (again when its end or note changed) and the end of each
    // recorded one no longer holding it, as events at nowMs that leave the alert in state.
    // Returns the number of events recorded, -1 on a storage error.
    int recordClusterSilences(const QString& alertId, AlertState state, const QList<ClusterSilence>& current,
        const QList<ClusterSilence>& ended, qint64 nowMs, QString* error);

    // Ids that start with prefix (at most limit of them).
    QStringList idsWithPrefix(const QString& prefix, int limit) const;

    // Snoozed alerts whose snooze has ended by nowMs, earliest first.
    QStringList endedSnoozes(qint64 nowMs, int limit) const;
    qint64 nextSnoozeEnd() const; // earliest end of a running snooze, or -1

    // The newest alert with this dedup key that is not resolved.
    std::optional<QString> findActiveByDedupKey(const QString& dedupKey) const;
    // Another occurrence of an alert: count + 1, last seen now. Returns the new count or -1.
    int recordOccurrence(const QString& alertId, qint64 nowMs, QString* error);

    // Reserves the alert's next notification round (the first notification is round 1).
    int nextRound(const QString& alertId, QString* error);

private:
    Database& m_db;
};

} // namespace alertdesk
