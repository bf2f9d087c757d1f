// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/DeliveryReport.h"
#include "model/Priority.h"

#include <QList>
#include <QSet>
#include <QStringList>

namespace alertdesk {

class Database;

// One row of the outbox: one alert to one channel.
struct DeliveryRow {
    qint64 id = 0;
    QString alertId;
    QString channel;
    int ordinal = 0;
    QString idempotencyKey;
    DeliveryStatus status = DeliveryStatus::Pending;
    int attempts = 0;
    qint64 nextAttemptAt = 0;
    QString lastError;
    qint64 latencyMs = -1;
    qint64 createdAt = 0;
    qint64 finishedAt = 0;
    // Why the row exists: an alert's first notification ("alert", round 1) or one of the
    // policies' follow-ups (notifyPurposeName()), with the digest it sends, if any.
    QString purpose = QStringLiteral("alert");
    int round = 1;
    QString digestId;
    // Its lane: the dispatcher takes a channel's most urgent due row first. The alert's
    // priority; a digest's is the most urgent of its alerts.
    Priority priority = Priority::Medium;

    ChannelResult toResult() const;
};

// What one attempt did; written with the delivery's new state in one transaction.
struct AttemptRecord {
    qint64 deliveryId = 0;
    QString channel;
    qint64 startedAt = 0;
    qint64 finishedAt = 0;
    QString outcome; // "delivered", "retry", "failed"
    int httpStatus = 0;
    QString error;
    qint64 latencyMs = 0;
};

// One attempt's outcome, for recordAttempts().
struct AttemptUpdate {
    AttemptRecord attempt;
    QString alertId;
    DeliveryStatus newStatus = DeliveryStatus::Pending;
    qint64 nextAttemptAt = 0;
    bool promoteNext = false; // sequential delivery: then make the alert's next waiting row pending
};

struct ChannelStats {
    qint64 delivered = 0;
    qint64 failed = 0;
    qint64 retried = 0;
    QString lastError;
    qint64 lastErrorAt = 0;
    qint64 lastSuccessAt = 0;
    QList<qint64> recentLatencies; // of the latest successful attempts, newest first
};

// One of a channel's latest attempts or test sends, as recentOutcomes() reads it.
struct RecentOutcome {
    qint64 at = 0;
    bool delivered = false;
    bool retryable = false; // an attempt followed by a retry
    int httpStatus = 0;
};

// The durable outbox. Rows are committed before anything is sent; a row stays 'pending'
// while in flight, so a crash at any point leaves it to be sent again after restart.
class OutboxStore final {
public:
    explicit OutboxStore(Database& db);

    // Stable per (alert, channel): the same key on every retry and after a restart.
    static QString idempotencyKey(const QString& alertId, const QString& channel);
    // A later notification of the same alert (round > 1: a snooze that ended, an escalation,
    // a reminder) is a new delivery with a key of its own; round 1 is the key above.
    static QString idempotencyKey(const QString& alertId, const QString& channel, int round);

    // Adds one row per channel, in the alert's priority lane. Sequential: only the first is
    // 'pending', the rest 'waiting'. Call inside the transaction that stores the alert.
    bool enqueue(const QString& alertId, Priority priority, const QStringList& channels, bool sequential, qint64 nowMs,
        QString* error);
    // Adds row (its alert, channel, key, status 'waiting' or 'pending', purpose, round, digest
    // and priority) after the alert's existing ones and returns its id, or -1. Call inside a
    // transaction.
    qint64 enqueueOne(const DeliveryRow& row, qint64 nowMs, QString* error);

    // Pending rows of a channel that are due, skipping those in `exclude`: the most urgent
    // first (CRITICAL to INFO), within a priority the earliest due, then the oldest.
    QList<DeliveryRow> due(const QString& channel, qint64 nowMs, int limit, const QSet<qint64>& exclude) const;
    // Earliest next_attempt_at of the channel's pending rows (but those in `exclude`), or -1.
    qint64 nextDueAt(const QString& channel, const QSet<qint64>& exclude = {}) const;
    // includeWaiting: also channels whose rows wait for their turn (sequential delivery).
    QStringList channelsWithPending(bool includeWaiting = false) const;
    // Every channel with a row in the history, by name (at most `limit`); a few index seeks
    // however long the history.
    QStringList channelsInHistory(int limit = 500) const;

    // Records an attempt and moves the row to its new status, in one transaction.
    bool recordAttempt(const AttemptRecord& attempt, DeliveryStatus newStatus, qint64 nextAttemptAt, QString* error);
    // The same for many attempts in one transaction (one commit): all are recorded or none.
    // completed, when given, gets the alerts of the terminal updates that have no open row
    // left: read in the same transaction, which spares a read of the history per alert after.
    bool recordAttempts(const QList<AttemptUpdate>& updates, QString* error, QSet<QString>* completed = nullptr);
    // Sequential delivery: make the next waiting row of the alert pending, unless one of its
    // rows is pending already. Returns false if nothing was promoted.
    bool promoteNext(const QString& alertId, qint64 nowMs);
    // Alerts with 'waiting' rows but none 'pending': a crash came between a delivery's
    // outcome and the promotion of the next row.
    QStringList stalledAlerts() const;
    // Fail-fast: cancel the alert's rows that have not started. Returns how many.
    int cancelOpen(const QString& alertId, const QString& reason, qint64 nowMs, const QSet<qint64>& inFlight);
    // A channel that cannot be used: fail its open rows at once. Returns the alerts touched.
    QStringList failChannel(const QString& channel, const QString& reason, qint64 nowMs);
    // A channel that cannot be used for now (its secrets are in a locked keychain): its
    // pending rows stay pending, with reason as their last error. Returns the alerts touched.
    QStringList holdChannel(const QString& channel, const QString& reason);

    QList<DeliveryRow> forAlert(const QString& alertId) const;
    std::optional<DeliveryRow> get(qint64 id) const;
    bool alertComplete(const QString& alertId) const;
    qint64 pendingCount(const QString& channel) const;
    qint64 openCount() const; // pending + waiting
    ChannelStats stats(const QString& channel, int latencySamples = 1000) const;
    // A test send's outcome (it has no alert, so no delivery row): its error is the channel's
    // last error until a newer attempt says otherwise. error must be redacted already.
    bool recordTest(const QString& channel, qint64 finishedAt, bool delivered, int httpStatus, const QString& error,
        QString* dbError);
    // The channel's newest attempts and test sends, newest first: at least the `limit` newest.
    QList<RecentOutcome> recentOutcomes(const QString& channel, int limit) const;

private:
    bool writeAttempt(const AttemptRecord& attempt, DeliveryStatus newStatus, qint64 nextAttemptAt, QString* error);
    bool promote(const QString& alertId, qint64 nowMs, bool* promoted, QString* error);

    Database& m_db;
};

} // namespace alertdesk
