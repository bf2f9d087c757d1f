#include "OutboxStore.h"

#include "Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace alertdesk {

namespace {
const QString kColumns = QStringLiteral(
    "id, alert_id, channel, ordinal, idempotency_key, status, attempts, next_attempt_at, last_error, latency_ms, "
    "created_at, finished_at");

DeliveryRow rowFrom(const QSqlQuery& q)
{
    DeliveryRow r;
    r.id = q.value(0).toLongLong();
    r.alertId = q.value(1).toString();
    r.channel = q.value(2).toString();
    r.ordinal = q.value(3).toInt();
    r.idempotencyKey = q.value(4).toString();
    r.status = deliveryStatusFromString(q.value(5).toString());
    r.attempts = q.value(6).toInt();
    r.nextAttemptAt = q.value(7).toLongLong();
    r.lastError = q.value(8).toString();
    r.latencyMs = q.value(9).toLongLong();
    r.createdAt = q.value(10).toLongLong();
    r.finishedAt = q.value(11).isNull() ? 0 : q.value(11).toLongLong();
    return r;
}

const QUuid kKeyNamespace(QStringLiteral("{6f1d3c6e-3b0a-4c55-9a57-2f0e8f6b9a41}"));
} // namespace

ChannelResult DeliveryRow::toResult() const
{
    ChannelResult r;
    r.channel = channel;
    r.status = status;
    r.attempts = attempts;
    r.error = lastError;
    r.latencyMs = status == DeliveryStatus::Delivered ? latencyMs : -1;
    if (finishedAt > 0)
        r.finishedAt = QDateTime::fromMSecsSinceEpoch(finishedAt, Qt::UTC);
    r.idempotencyKey = idempotencyKey;
    return r;
}

OutboxStore::OutboxStore(Database& db)
    : m_db(db)
{
}

QString OutboxStore::idempotencyKey(const QString& alertId, const QString& channel)
{
    return QUuid::createUuidV5(kKeyNamespace, alertId + QLatin1Char('\n') + channel).toString(QUuid::WithoutBraces);
}

QString OutboxStore::idempotencyKey(const QString& alertId, const QString& channel, int round)
{
    if (round <= 1)
        return idempotencyKey(alertId, channel);
    return QUuid::createUuidV5(kKeyNamespace, alertId + QLatin1Char('\n') + channel + QLatin1Char('\n') + QString::number(round))
        .toString(QUuid::WithoutBraces);
}

qint64 OutboxStore::enqueueOne(const QString& alertId, const QString& channel, const QString& key, bool waiting, qint64 nowMs,
                               QString* error)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("INSERT INTO deliveries (alert_id, channel, ordinal, idempotency_key, status, attempts, "
                             "next_attempt_at, created_at) VALUES (?, ?, "
                             "(SELECT COALESCE(MAX(ordinal) + 1, 0) FROM deliveries WHERE alert_id = ?), ?, ?, 0, ?, ?)"));
    q.addBindValue(alertId);
    q.addBindValue(channel);
    q.addBindValue(alertId);
    q.addBindValue(key);
    q.addBindValue(deliveryStatusName(waiting ? DeliveryStatus::Waiting : DeliveryStatus::Pending));
    q.addBindValue(nowMs);
    q.addBindValue(nowMs);
    if (!q.exec()) {
        if (error)
            *error = QStringLiteral("cannot queue delivery to %1: %2").arg(channel, q.lastError().text());
        return -1;
    }
    return q.lastInsertId().toLongLong();
}

bool OutboxStore::enqueue(const QString& alertId, const QStringList& channels, bool sequential, qint64 nowMs, QString* error)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("INSERT INTO deliveries (alert_id, channel, ordinal, idempotency_key, status, attempts, "
                             "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)"));
    for (int i = 0; i < channels.size(); ++i) {
        const bool waiting = sequential && i > 0;
        q.addBindValue(alertId);
        q.addBindValue(channels[i]);
        q.addBindValue(i);
        q.addBindValue(idempotencyKey(alertId, channels[i]));
        q.addBindValue(deliveryStatusName(waiting ? DeliveryStatus::Waiting : DeliveryStatus::Pending));
        q.addBindValue(nowMs);
        q.addBindValue(nowMs);
        if (!q.exec()) {
            if (error)
                *error = QStringLiteral("cannot queue delivery to %1: %2").arg(channels[i], q.lastError().text());
            return false;
        }
    }
    return true;
}

QList<DeliveryRow> OutboxStore::due(const QString& channel, qint64 nowMs, int limit, const QSet<qint64>& exclude) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM deliveries WHERE channel = ? AND status = 'pending' AND next_attempt_at <= ? "
                             "ORDER BY next_attempt_at, id LIMIT ?")
                  .arg(kColumns));
    q.addBindValue(channel);
    q.addBindValue(nowMs);
    q.addBindValue(limit + static_cast<int>(exclude.size()));
    QList<DeliveryRow> out;
    if (!q.exec())
        return out;
    while (q.next() && out.size() < limit) {
        DeliveryRow r = rowFrom(q);
        if (!exclude.contains(r.id))
            out << r;
    }
    return out;
}

qint64 OutboxStore::nextDueAt(const QString& channel, const QSet<qint64>& exclude) const
{
    // Row ids are integers of our own: safe to inline, and the in-flight set stays small.
    QStringList ids;
    for (qint64 id : exclude)
        ids << QString::number(id);
    QSqlQuery q(m_db.db());
    q.prepare(
        QStringLiteral("SELECT MIN(next_attempt_at) FROM deliveries WHERE channel = ? AND status = 'pending'%1")
            .arg(ids.isEmpty() ? QString() : QStringLiteral(" AND id NOT IN (%1)").arg(ids.join(QLatin1Char(',')))));
    q.addBindValue(channel);
    if (q.exec() && q.next() && !q.value(0).isNull())
        return q.value(0).toLongLong();
    return -1;
}

QStringList OutboxStore::channelsWithPending(bool includeWaiting) const
{
    QSqlQuery q(m_db.db());
    QStringList out;
    if (q.exec(includeWaiting ? QStringLiteral("SELECT DISTINCT channel FROM deliveries WHERE status IN ('pending', 'waiting')")
                              : QStringLiteral("SELECT DISTINCT channel FROM deliveries WHERE status = 'pending'"))) {
        while (q.next())
            out << q.value(0).toString();
    }
    return out;
}

bool OutboxStore::recordAttempt(const AttemptRecord& a, DeliveryStatus newStatus, qint64 nextAttemptAt, QString* error)
{
    return m_db.transaction(
        [&] {
            QSqlQuery ins(m_db.db());
            ins.prepare(QStringLiteral("INSERT INTO attempts (delivery_id, channel, started_at, finished_at, outcome, "
                                       "http_status, error, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
            ins.addBindValue(a.deliveryId);
            ins.addBindValue(a.channel);
            ins.addBindValue(a.startedAt);
            ins.addBindValue(a.finishedAt);
            ins.addBindValue(a.outcome);
            ins.addBindValue(a.httpStatus);
            ins.addBindValue(a.error.isNull() ? QStringLiteral("") : a.error);
            ins.addBindValue(a.latencyMs);
            if (!ins.exec()) {
                if (error)
                    *error = ins.lastError().text();
                return false;
            }
            QSqlQuery up(m_db.db());
            up.prepare(QStringLiteral("UPDATE deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?, "
                                      "last_error = ?, latency_ms = ?, finished_at = ? WHERE id = ?"));
            up.addBindValue(deliveryStatusName(newStatus));
            up.addBindValue(nextAttemptAt);
            up.addBindValue(a.error.isNull() ? QStringLiteral("") : a.error);
            up.addBindValue(newStatus == DeliveryStatus::Delivered ? a.latencyMs : qint64(-1));
            up.addBindValue(isTerminal(newStatus) ? QVariant(a.finishedAt) : QVariant(QMetaType::fromType<qint64>()));
            up.addBindValue(a.deliveryId);
            if (!up.exec()) {
                if (error)
                    *error = up.lastError().text();
                return false;
            }
            return true;
        },
        error);
}

bool OutboxStore::promoteNext(const QString& alertId, qint64 nowMs)
{
    QSqlQuery q(m_db.db());
    // One at a time: nothing moves while a row of the alert is still pending (in flight or retrying).
    q.prepare(
        QStringLiteral("UPDATE deliveries SET status = 'pending', next_attempt_at = ? WHERE id = "
                       "(SELECT id FROM deliveries WHERE alert_id = ? AND status = 'waiting' ORDER BY ordinal LIMIT 1) "
                       "AND NOT EXISTS (SELECT 1 FROM deliveries WHERE alert_id = ? AND status = 'pending')"));
    q.addBindValue(nowMs);
    q.addBindValue(alertId);
    q.addBindValue(alertId);
    return q.exec() && q.numRowsAffected() > 0;
}

QStringList OutboxStore::stalledAlerts() const
{
    QSqlQuery q(m_db.db());
    QStringList out;
    if (q.exec(QStringLiteral("SELECT DISTINCT w.alert_id FROM deliveries w WHERE w.status = 'waiting' AND NOT EXISTS "
                              "(SELECT 1 FROM deliveries p WHERE p.alert_id = w.alert_id AND p.status = 'pending')"))) {
        while (q.next())
            out << q.value(0).toString();
    }
    return out;
}

int OutboxStore::cancelOpen(const QString& alertId, const QString& reason, qint64 nowMs, const QSet<qint64>& inFlight)
{
    int n = 0;
    for (const DeliveryRow& r : forAlert(alertId)) {
        if (isTerminal(r.status) || inFlight.contains(r.id))
            continue;
        QSqlQuery q(m_db.db());
        q.prepare(QStringLiteral("UPDATE deliveries SET status = 'cancelled', last_error = ?, finished_at = ? WHERE id = ?"));
        q.addBindValue(reason);
        q.addBindValue(nowMs);
        q.addBindValue(r.id);
        if (q.exec())
            n += q.numRowsAffected();
    }
    return n;
}

QStringList OutboxStore::failChannel(const QString& channel, const QString& reason, qint64 nowMs)
{
    QStringList alerts;
    QSqlQuery sel(m_db.db());
    sel.prepare(QStringLiteral("SELECT DISTINCT alert_id FROM deliveries WHERE channel = ? AND status IN ('pending', 'waiting')"));
    sel.addBindValue(channel);
    if (sel.exec()) {
        while (sel.next())
            alerts << sel.value(0).toString();
    }
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("UPDATE deliveries SET status = 'failed', last_error = ?, finished_at = ? "
                             "WHERE channel = ? AND status IN ('pending', 'waiting')"));
    q.addBindValue(reason);
    q.addBindValue(nowMs);
    q.addBindValue(channel);
    return q.exec() ? alerts : QStringList();
}

QList<DeliveryRow> OutboxStore::forAlert(const QString& alertId) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM deliveries WHERE alert_id = ? ORDER BY ordinal").arg(kColumns));
    q.addBindValue(alertId);
    QList<DeliveryRow> out;
    if (q.exec()) {
        while (q.next())
            out << rowFrom(q);
    }
    return out;
}

std::optional<DeliveryRow> OutboxStore::get(qint64 id) const
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT %1 FROM deliveries WHERE id = ?").arg(kColumns));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return rowFrom(q);
    return std::nullopt;
}

bool OutboxStore::alertComplete(const QString& alertId) const
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM deliveries WHERE alert_id = ? AND status IN ('pending', 'waiting')"));
    q.addBindValue(alertId);
    return q.exec() && q.next() && q.value(0).toLongLong() == 0;
}

qint64 OutboxStore::openCount() const
{
    QSqlQuery q(m_db.db());
    if (q.exec(QStringLiteral("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'waiting')")) && q.next())
        return q.value(0).toLongLong();
    return 0;
}

ChannelStats OutboxStore::stats(const QString& channel, int latencySamples) const
{
    ChannelStats s;
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT status, COUNT(*) FROM deliveries WHERE channel = ? AND status IN ('delivered', 'failed') "
                             "GROUP BY status"));
    q.addBindValue(channel);
    if (q.exec()) {
        while (q.next()) {
            if (q.value(0).toString() == QLatin1String("delivered"))
                s.delivered = q.value(1).toLongLong();
            else
                s.failed = q.value(1).toLongLong();
        }
    }
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM attempts WHERE channel = ? AND outcome = 'retry'"));
    q.addBindValue(channel);
    if (q.exec() && q.next())
        s.retried = q.value(0).toLongLong();
    q.prepare(QStringLiteral("SELECT error, finished_at FROM attempts WHERE channel = ? AND outcome != 'delivered' "
                             "ORDER BY id DESC LIMIT 1"));
    q.addBindValue(channel);
    if (q.exec() && q.next()) {
        s.lastError = q.value(0).toString();
        s.lastErrorAt = q.value(1).toLongLong();
    }
    q.prepare(QStringLiteral("SELECT latency_ms, finished_at FROM attempts WHERE channel = ? AND outcome = 'delivered' "
                             "ORDER BY id DESC LIMIT ?"));
    q.addBindValue(channel);
    q.addBindValue(latencySamples);
    if (q.exec()) {
        while (q.next()) {
            if (s.recentLatencies.isEmpty())
                s.lastSuccessAt = q.value(1).toLongLong();
            s.recentLatencies << q.value(0).toLongLong();
        }
    }
    return s;
}

} // namespace alertdesk
