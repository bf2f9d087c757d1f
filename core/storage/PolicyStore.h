// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace alertdesk {

class Database;

// A notification that quiet hours or grouping hold back. It stays in the table after it is
// released (or suppressed), so the history can say what happened to it.
struct HeldNotification {
    qint64 id = 0;
    QString alertId;
    QString channel;
    int round = 1;
    QString purpose;
    QString reason; // holdReasonName()
    QString groupKey; // what it is grouped with when released
    QString status; // held, released, suppressed, dropped
    qint64 releaseAt = 0;
    qint64 createdAt = 0;
    qint64 finishedAt = 0;
    QString digestId;
    qint64 deliveryId = 0;
    QString note;

    QJsonObject toJson() const;
};

// One release of held notifications to one channel: a summary message for many alerts, or
// the record of a single alert's release.
struct DigestRecord {
    QString id;
    QString channel;
    QString groupKey;
    QString reason;
    int count = 0;
    QString title;
    QString message;
    QJsonObject data;
    qint64 createdAt = 0;
    qint64 deliveryId = 0;
};

struct EscalationRow {
    QString alertId;
    QString policy;
    qint64 startedAt = 0;
    int tier = 0; // tiers fired so far
    int reminders = 0; // reminders sent so far
    qint64 lastNotifiedAt = 0;
    qint64 nextAt = 0;
    QString status; // active, stopped, done
};

// Storage of the notification policies. Opens no transactions: the engine writes held rows,
// digests and outbox rows together in one.
class PolicyStore final {
public:
    explicit PolicyStore(Database& db);

    qint64 hold(const HeldNotification& h, QString* error); // returns the id or -1
    struct GroupKey {
        QString channel, reason, groupKey;
    };
    // The groups (channel, reason, group key) with held rows due by nowMs, earliest first.
    QList<GroupKey> dueGroups(qint64 nowMs, int limit) const;
    // Every held row of one group due by nowMs, in the order they were held.
    QList<HeldNotification> dueInGroup(const GroupKey& g, qint64 nowMs) const;
    qint64 nextRelease() const; // earliest release_at of held rows, or -1
    QList<HeldNotification> heldFor(const QString& alertId) const;
    QList<HeldNotification> heldInDigest(const QString& digestId) const; // the alerts a digest stands for
    // Channels with held rows due by nowMs (to load before releasing them).
    QStringList channelsWithDueHeld(qint64 nowMs) const;
    // The release time shared by a group's held rows, or -1 when none is held.
    qint64 heldGroupRelease(const QString& channel, const QString& reason, const QString& groupKey) const;
    bool postpone(qint64 heldId, qint64 releaseAt, QString* error);
    // Brings every held row of `reason` due after releaseAt forward to it (a pause ended early).
    // Returns how many moved, or -1 when the database refused.
    int bringForward(const QString& reason, qint64 releaseAt, QString* error);
    // held -> released/suppressed/dropped. Returns false if the row was not 'held' any more.
    bool finishHeld(qint64 heldId, const QString& status, qint64 nowMs, const QString& digestId, qint64 deliveryId,
        const QString& note, QString* error);
    // Drops the alert's held rows (acknowledged or resolved meanwhile). Returns how many.
    int dropHeld(const QString& alertId, const QString& note, qint64 nowMs);

    bool addDigest(const DigestRecord& d, QString* error);
    std::optional<DigestRecord> digest(const QString& id) const;
    QList<DigestRecord> digests(const QString& channel = {}) const; // oldest first
    qint64 lastGroupFlush(const QString& channel, const QString& reason, const QString& groupKey) const; // -1 if never

    bool putEscalation(const EscalationRow& e, QString* error); // insert or replace
    std::optional<EscalationRow> escalation(const QString& alertId) const;
    QList<EscalationRow> dueEscalations(qint64 nowMs, int limit) const;
    qint64 nextEscalation() const; // -1 if none active
    bool stopEscalation(const QString& alertId, QString* error);
    // Re-sends (Alertmanager): the next time an alert goes to a channel again, until stopped.
    struct Resend {
        QString alertId;
        QString channel;
        qint64 intervalMs = 0;
        qint64 nextAt = 0;
    };
    bool putResend(const Resend& r, QString* error); // insert or replace
    QList<Resend> dueResends(qint64 nowMs, int limit) const;
    qint64 nextResend() const; // -1 if none
    bool stopResends(const QString& alertId, QString* error);

    // Cancels the alert's outbox rows of these purposes that have not been attempted yet.
    int cancelUnsent(const QString& alertId, const QStringList& purposes, const QString& reason, qint64 nowMs);

private:
    Database& m_db;
};

} // namespace alertdesk
