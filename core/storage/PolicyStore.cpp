// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "PolicyStore.h"

#include "Database.h"
#include "SqlStatement.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace alertdesk {

namespace {
QString text(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}
QVariant nullableText(const QString& s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}
QVariant nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

bool run(QSqlQuery& q, QString* error, const char* what)
{
    if (q.exec())
        return true;
    if (error)
        *error = QStringLiteral("%1: %2").arg(QString::fromLatin1(what), q.lastError().text());
    return false;
}

// The statements that run for every alert or delivery (a row's purpose, a hold, the next
// wake-up) are prepared once per connection and kept: preparing costs more than running them.
SqlStatement* cached(Database& db, const QString& sql, QString* error, const char* what)
{
    QString e;
    SqlStatement* q = db.statement(sql, &e);
    if (!q && error)
        *error = QStringLiteral("%1: %2").arg(QString::fromLatin1(what), e);
    return q;
}

bool run(SqlStatement& q, QString* error, const char* what)
{
    if (q.exec())
        return true;
    if (error)
        *error = QStringLiteral("%1: %2").arg(QString::fromLatin1(what), q.errorText());
    return false;
}

// The one value of a MIN()/MAX() query (bound already), or -1 when it is NULL: no row matched.
qint64 single(SqlStatement* q)
{
    if (!q)
        return -1;
    qint64 out = -1;
    if (q->exec() && q->next() && !q->isNull(0))
        out = q->int64(0);
    q->finish();
    return out;
}

const QString kHeldColumns
    = QStringLiteral("id, alert_id, channel, round, purpose, reason, group_key, status, release_at, "
                     "created_at, finished_at, digest_id, delivery_id, note");

HeldNotification heldFrom(const QSqlQuery& q)
{
    HeldNotification h;
    h.id = q.value(0).toLongLong();
    h.alertId = q.value(1).toString();
    h.channel = q.value(2).toString();
    h.round = q.value(3).toInt();
    h.purpose = q.value(4).toString();
    h.reason = q.value(5).toString();
    h.groupKey = q.value(6).toString();
    h.status = q.value(7).toString();
    h.releaseAt = q.value(8).toLongLong();
    h.createdAt = q.value(9).toLongLong();
    h.finishedAt = q.value(10).isNull() ? 0 : q.value(10).toLongLong();
    h.digestId = q.value(11).toString();
    h.deliveryId = q.value(12).isNull() ? 0 : q.value(12).toLongLong();
    h.note = q.value(13).toString();
    return h;
}

const QString kDigestColumns
    = QStringLiteral("id, channel, group_key, reason, alert_count, title, message, data, created_at, delivery_id");

DigestRecord digestFrom(const QSqlQuery& q)
{
    DigestRecord d;
    d.id = q.value(0).toString();
    d.channel = q.value(1).toString();
    d.groupKey = q.value(2).toString();
    d.reason = q.value(3).toString();
    d.count = q.value(4).toInt();
    d.title = q.value(5).toString();
    d.message = q.value(6).toString();
    d.data = QJsonDocument::fromJson(q.value(7).toByteArray()).object();
    d.createdAt = q.value(8).toLongLong();
    d.deliveryId = q.value(9).isNull() ? 0 : q.value(9).toLongLong();
    return d;
}

const QString kEscalationColumns
    = QStringLiteral("alert_id, policy, started_at, tier, reminders, last_notified_at, next_at, status");

EscalationRow escalationFrom(const QSqlQuery& q)
{
    EscalationRow e;
    e.alertId = q.value(0).toString();
    e.policy = q.value(1).toString();
    e.startedAt = q.value(2).toLongLong();
    e.tier = q.value(3).toInt();
    e.reminders = q.value(4).toInt();
    e.lastNotifiedAt = q.value(5).toLongLong();
    e.nextAt = q.value(6).toLongLong();
    e.status = q.value(7).toString();
    return e;
}

QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}
} // namespace

QJsonObject HeldNotification::toJson() const
{
    QJsonObject o {
        { QStringLiteral("channel"), channel },
        { QStringLiteral("reason"), reason },
        { QStringLiteral("purpose"), purpose },
        { QStringLiteral("status"), status },
        { QStringLiteral("held_at"), iso(createdAt) },
        { QStringLiteral("release_at"), iso(releaseAt) },
    };
    if (finishedAt > 0)
        o.insert(QStringLiteral("finished_at"), iso(finishedAt));
    if (!digestId.isEmpty())
        o.insert(QStringLiteral("digest_id"), digestId);
    if (!note.isEmpty())
        o.insert(QStringLiteral("note"), note);
    return o;
}

PolicyStore::PolicyStore(Database& db)
    : m_db(db)
{
}

qint64 PolicyStore::hold(const HeldNotification& h, QString* error)
{
    static const QString sql
        = QStringLiteral("INSERT INTO held_notifications (alert_id, channel, round, purpose, reason, group_key, "
                         "status, release_at, created_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const char* what = "cannot hold the notification";
    SqlStatement* q = cached(m_db, sql, error, what);
    if (!q)
        return -1;
    q->bind(0, h.alertId);
    q->bind(1, h.channel);
    q->bind(2, h.round);
    q->bind(3, h.purpose);
    q->bind(4, h.reason);
    q->bind(5, text(h.groupKey));
    q->bind(6, h.status.isEmpty() ? QStringLiteral("held") : h.status);
    q->bind(7, h.releaseAt);
    q->bind(8, h.createdAt);
    q->bind(9, text(h.note));
    if (!run(*q, error, what))
        return -1;
    return q->lastInsertId();
}

QList<PolicyStore::GroupKey> PolicyStore::dueGroups(qint64 nowMs, int limit) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT channel, reason, group_key, MIN(release_at) AS due FROM held_notifications "
        "WHERE status = 'held' AND release_at <= ? GROUP BY channel, reason, group_key ORDER BY due LIMIT ?"));
    q.addBindValue(nowMs);
    q.addBindValue(limit);
    QList<GroupKey> out;
    if (q.exec()) {
        while (q.next())
            out.append({ q.value(0).toString(), q.value(1).toString(), q.value(2).toString() });
    }
    return out;
}

QList<HeldNotification> PolicyStore::dueInGroup(const GroupKey& g, qint64 nowMs) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT %1 FROM held_notifications WHERE status = 'held' AND release_at <= ? AND channel = ? "
                       "AND reason = ? AND group_key = ? ORDER BY id")
            .arg(kHeldColumns));
    q.addBindValue(nowMs);
    q.addBindValue(g.channel);
    q.addBindValue(g.reason);
    q.addBindValue(g.groupKey);
    QList<HeldNotification> out;
    if (q.exec()) {
        while (q.next())
            out << heldFrom(q);
    }
    return out;
}

qint64 PolicyStore::nextRelease() const
{
    static const QString sql = QStringLiteral("SELECT MIN(release_at) FROM held_notifications WHERE status = 'held'");
    return single(m_db.statement(sql));
}

QList<HeldNotification> PolicyStore::heldFor(const QString& alertId) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM held_notifications WHERE alert_id = ? ORDER BY id").arg(kHeldColumns));
    q.addBindValue(alertId);
    QList<HeldNotification> out;
    if (q.exec()) {
        while (q.next())
            out << heldFrom(q);
    }
    return out;
}

QList<HeldNotification> PolicyStore::heldInDigest(const QString& digestId) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM held_notifications WHERE digest_id = ? ORDER BY id").arg(kHeldColumns));
    q.addBindValue(digestId);
    QList<HeldNotification> out;
    if (q.exec()) {
        while (q.next())
            out << heldFrom(q);
    }
    return out;
}

QStringList PolicyStore::channelsWithDueHeld(qint64 nowMs) const
{
    QSqlQuery q(m_db.db());
    q.prepare(
        QStringLiteral("SELECT DISTINCT channel FROM held_notifications WHERE status = 'held' AND release_at <= ?"));
    q.addBindValue(nowMs);
    QStringList out;
    if (q.exec()) {
        while (q.next())
            out << q.value(0).toString();
    }
    return out;
}

qint64 PolicyStore::heldGroupRelease(const QString& channel, const QString& reason, const QString& groupKey) const
{
    static const QString sql
        = QStringLiteral("SELECT MIN(release_at) FROM held_notifications WHERE status = 'held' AND "
                         "channel = ? AND reason = ? AND group_key = ?");
    SqlStatement* q = m_db.statement(sql);
    if (!q)
        return -1;
    q->bind(0, channel);
    q->bind(1, reason);
    q->bind(2, groupKey);
    return single(q);
}

bool PolicyStore::postpone(qint64 heldId, qint64 releaseAt, QString* error)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("UPDATE held_notifications SET release_at = ? WHERE id = ? AND status = 'held'"));
    q.addBindValue(releaseAt);
    q.addBindValue(heldId);
    return run(q, error, "cannot postpone the held notification");
}

int PolicyStore::bringForward(const QString& reason, qint64 releaseAt, QString* error)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral(
        "UPDATE held_notifications SET release_at = ? WHERE reason = ? AND status = 'held' AND release_at > ?"));
    q.addBindValue(releaseAt);
    q.addBindValue(reason);
    q.addBindValue(releaseAt);
    if (!run(q, error, "cannot release the held notifications"))
        return -1;
    return q.numRowsAffected();
}

bool PolicyStore::finishHeld(qint64 heldId, const QString& status, qint64 nowMs, const QString& digestId,
    qint64 deliveryId, const QString& note, QString* error)
{
    QSqlQuery q(m_db.db());
    q.prepare(
        QStringLiteral("UPDATE held_notifications SET status = ?, finished_at = ?, digest_id = ?, delivery_id = ?, "
                       "note = CASE WHEN ? = '' THEN note ELSE ? END WHERE id = ? AND status = 'held'"));
    q.addBindValue(status);
    q.addBindValue(nowMs);
    q.addBindValue(nullableText(digestId));
    q.addBindValue(nullableId(deliveryId));
    q.addBindValue(text(note));
    q.addBindValue(text(note));
    q.addBindValue(heldId);
    if (!run(q, error, "cannot release the held notification"))
        return false;
    return q.numRowsAffected() == 1;
}

int PolicyStore::dropHeld(const QString& alertId, const QString& note, qint64 nowMs)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("UPDATE held_notifications SET status = 'dropped', finished_at = ?, note = ? "
                             "WHERE alert_id = ? AND status = 'held'"));
    q.addBindValue(nowMs);
    q.addBindValue(text(note));
    q.addBindValue(alertId);
    return q.exec() ? q.numRowsAffected() : 0;
}

bool PolicyStore::addDigest(const DigestRecord& d, QString* error)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("INSERT INTO digests (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").arg(kDigestColumns));
    q.addBindValue(d.id);
    q.addBindValue(d.channel);
    q.addBindValue(text(d.groupKey));
    q.addBindValue(d.reason);
    q.addBindValue(d.count);
    q.addBindValue(text(d.title));
    q.addBindValue(text(d.message));
    q.addBindValue(QString::fromUtf8(QJsonDocument(d.data).toJson(QJsonDocument::Compact)));
    q.addBindValue(d.createdAt);
    q.addBindValue(nullableId(d.deliveryId));
    return run(q, error, "cannot store the digest");
}

std::optional<DigestRecord> PolicyStore::digest(const QString& id) const
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT %1 FROM digests WHERE id = ?").arg(kDigestColumns));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return digestFrom(q);
    return std::nullopt;
}

QList<DigestRecord> PolicyStore::digests(const QString& channel) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    if (channel.isEmpty()) {
        q.prepare(QStringLiteral("SELECT %1 FROM digests ORDER BY created_at, rowid").arg(kDigestColumns));
    } else {
        q.prepare(
            QStringLiteral("SELECT %1 FROM digests WHERE channel = ? ORDER BY created_at, rowid").arg(kDigestColumns));
        q.addBindValue(channel);
    }
    QList<DigestRecord> out;
    if (q.exec()) {
        while (q.next())
            out << digestFrom(q);
    }
    return out;
}

qint64 PolicyStore::lastGroupFlush(const QString& channel, const QString& reason, const QString& groupKey) const
{
    static const QString sql
        = QStringLiteral("SELECT MAX(created_at) FROM digests WHERE channel = ? AND group_key = ? AND reason = ?");
    SqlStatement* q = m_db.statement(sql);
    if (!q)
        return -1;
    q->bind(0, channel);
    q->bind(1, groupKey);
    q->bind(2, reason);
    return single(q);
}

bool PolicyStore::putEscalation(const EscalationRow& e, QString* error)
{
    static const QString sql = QStringLiteral("INSERT OR REPLACE INTO escalations (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                                   .arg(kEscalationColumns);
    const char* what = "cannot store the escalation";
    SqlStatement* q = cached(m_db, sql, error, what);
    if (!q)
        return false;
    q->bind(0, e.alertId);
    q->bind(1, e.policy);
    q->bind(2, e.startedAt);
    q->bind(3, e.tier);
    q->bind(4, e.reminders);
    q->bind(5, e.lastNotifiedAt);
    q->bind(6, e.nextAt);
    q->bind(7, e.status);
    return run(*q, error, what);
}

std::optional<EscalationRow> PolicyStore::escalation(const QString& alertId) const
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT %1 FROM escalations WHERE alert_id = ?").arg(kEscalationColumns));
    q.addBindValue(alertId);
    if (q.exec() && q.next())
        return escalationFrom(q);
    return std::nullopt;
}

QList<EscalationRow> PolicyStore::dueEscalations(qint64 nowMs, int limit) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT %1 FROM escalations WHERE status = 'active' AND next_at <= ? ORDER BY next_at LIMIT ?")
            .arg(kEscalationColumns));
    q.addBindValue(nowMs);
    q.addBindValue(limit);
    QList<EscalationRow> out;
    if (q.exec()) {
        while (q.next())
            out << escalationFrom(q);
    }
    return out;
}

qint64 PolicyStore::nextEscalation() const
{
    static const QString sql = QStringLiteral("SELECT MIN(next_at) FROM escalations WHERE status = 'active'");
    return single(m_db.statement(sql));
}

bool PolicyStore::stopEscalation(const QString& alertId, QString* error)
{
    // Runs for every alert that starts with no escalation policy.
    static const QString sql
        = QStringLiteral("UPDATE escalations SET status = 'stopped' WHERE alert_id = ? AND status = 'active'");
    const char* what = "cannot stop the escalation";
    SqlStatement* q = cached(m_db, sql, error, what);
    if (!q)
        return false;
    q->bind(0, alertId);
    return run(*q, error, what);
}

bool PolicyStore::putResend(const Resend& r, QString* error)
{
    static const QString sql = QStringLiteral(
        "INSERT OR REPLACE INTO resends (alert_id, channel, interval_ms, next_at) VALUES (?, ?, ?, ?)");
    const char* what = "cannot schedule the re-send";
    SqlStatement* q = cached(m_db, sql, error, what);
    if (!q)
        return false;
    q->bind(0, r.alertId);
    q->bind(1, r.channel);
    q->bind(2, r.intervalMs);
    q->bind(3, r.nextAt);
    return run(*q, error, what);
}

QList<PolicyStore::Resend> PolicyStore::dueResends(qint64 nowMs, int limit) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT alert_id, channel, interval_ms, next_at FROM resends WHERE next_at <= ? ORDER BY next_at LIMIT ?"));
    q.addBindValue(nowMs);
    q.addBindValue(limit);
    QList<Resend> out;
    if (q.exec()) {
        while (q.next())
            out << Resend { q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(),
                q.value(3).toLongLong() };
    }
    return out;
}

qint64 PolicyStore::nextResend() const
{
    static const QString sql = QStringLiteral("SELECT MIN(next_at) FROM resends");
    return single(m_db.statement(sql));
}

bool PolicyStore::stopResends(const QString& alertId, QString* error)
{
    static const QString sql = QStringLiteral("DELETE FROM resends WHERE alert_id = ?");
    const char* what = "cannot stop the re-sends";
    SqlStatement* q = cached(m_db, sql, error, what);
    if (!q)
        return false;
    q->bind(0, alertId);
    return run(*q, error, what);
}

int PolicyStore::cancelUnsent(const QString& alertId, const QStringList& purposes, const QString& reason, qint64 nowMs)
{
    if (purposes.isEmpty())
        return 0;
    QStringList marks;
    for (qsizetype i = 0; i < purposes.size(); ++i)
        marks << QStringLiteral("?");
    QSqlQuery q(m_db.db());
    q.prepare(
        QStringLiteral("UPDATE deliveries SET status = 'cancelled', last_error = ?, finished_at = ? "
                       "WHERE alert_id = ? AND status IN ('pending', 'waiting') AND attempts = 0 AND purpose IN (%1)")
            .arg(marks.join(QStringLiteral(", "))));
    q.addBindValue(reason);
    q.addBindValue(nowMs);
    q.addBindValue(alertId);
    for (const QString& p : purposes)
        q.addBindValue(p);
    return q.exec() ? q.numRowsAffected() : 0;
}

} // namespace alertdesk
