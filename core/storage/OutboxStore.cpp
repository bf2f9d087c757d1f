// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "OutboxStore.h"

#include "Database.h"
#include "SqlStatement.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

namespace alertdesk {

namespace {
const QString kColumns = QStringLiteral(
    "id, alert_id, channel, ordinal, idempotency_key, status, attempts, next_attempt_at, last_error, latency_ms, "
    "created_at, finished_at, purpose, round, digest_id, priority");

DeliveryRow rowFrom(const SqlStatement& q)
{
    DeliveryRow r;
    r.id = q.int64(0);
    r.alertId = q.text(1);
    r.channel = q.text(2);
    r.ordinal = static_cast<int>(q.int64(3));
    r.idempotencyKey = q.text(4);
    r.status = deliveryStatusFromString(q.text(5));
    r.attempts = static_cast<int>(q.int64(6));
    r.nextAttemptAt = q.int64(7);
    r.lastError = q.text(8);
    r.latencyMs = q.int64(9);
    r.createdAt = q.int64(10);
    r.finishedAt = q.isNull(11) ? 0 : q.int64(11);
    r.purpose = q.text(12);
    r.round = static_cast<int>(q.int64(13));
    r.digestId = q.text(14);
    r.priority = static_cast<Priority>(q.int64(15));
    return r;
}

// The priority lanes, most urgent first: Priority's values, as the rows store them.
constexpr int kFirstLane = static_cast<int>(Priority::Critical);
constexpr int kLastLane = static_cast<int>(Priority::Info);

QString laneList()
{
    QStringList lanes;
    for (int p = kFirstLane; p <= kLastLane; ++p)
        lanes << QString::number(p);
    return lanes.join(QStringLiteral(", "));
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
    return QUuid::createUuidV5(
        kKeyNamespace, alertId + QLatin1Char('\n') + channel + QLatin1Char('\n') + QString::number(round))
        .toString(QUuid::WithoutBraces);
}

qint64 OutboxStore::enqueueOne(const DeliveryRow& row, qint64 nowMs, QString* error)
{
    // Every notification the policies queue comes through here: prepared once, not per row.
    static const QString sql = QStringLiteral(
        "INSERT INTO deliveries (alert_id, channel, ordinal, idempotency_key, status, attempts, "
        "next_attempt_at, created_at, purpose, round, digest_id, priority) VALUES (?, ?, (SELECT "
        "COALESCE(MAX(ordinal) + 1, 0) FROM deliveries WHERE alert_id = ?), ?, ?, 0, ?, ?, ?, ?, ?, ?)");
    QString e;
    SqlStatement* q = m_db.statement(sql, &e);
    if (q) {
        q->bind(0, row.alertId);
        q->bind(1, row.channel);
        q->bind(2, row.alertId);
        q->bind(3, row.idempotencyKey);
        q->bind(4, deliveryStatusName(row.status));
        q->bind(5, nowMs);
        q->bind(6, nowMs);
        q->bind(7, row.purpose);
        q->bind(8, row.round);
        if (row.digestId.isEmpty())
            q->bindNull(9);
        else
            q->bind(9, row.digestId);
        q->bind(10, static_cast<int>(row.priority));
        if (q->exec())
            return q->lastInsertId();
        e = q->errorText();
    }
    if (error)
        *error = QStringLiteral("cannot queue delivery to %1: %2").arg(row.channel, e);
    return -1;
}

bool OutboxStore::enqueue(const QString& alertId, Priority priority, const QStringList& channels, bool sequential,
    qint64 nowMs, QString* error)
{
    static const QString sql
        = QStringLiteral("INSERT INTO deliveries (alert_id, channel, ordinal, idempotency_key, status, "
                         "attempts, next_attempt_at, created_at, priority) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)");
    QString e;
    SqlStatement* q = m_db.statement(sql, &e);
    for (int i = 0; q && i < channels.size(); ++i) {
        const bool waiting = sequential && i > 0;
        q->bind(0, alertId);
        q->bind(1, channels[i]);
        q->bind(2, i);
        q->bind(3, idempotencyKey(alertId, channels[i]));
        q->bind(4, deliveryStatusName(waiting ? DeliveryStatus::Waiting : DeliveryStatus::Pending));
        q->bind(5, nowMs);
        q->bind(6, nowMs);
        q->bind(7, static_cast<int>(priority));
        if (!q->exec()) {
            if (error)
                *error = QStringLiteral("cannot queue delivery to %1: %2").arg(channels[i], q->errorText());
            return false;
        }
    }
    if (!q && error)
        *error = QStringLiteral("cannot queue deliveries: %1").arg(e);
    return q != nullptr;
}

QList<DeliveryRow> OutboxStore::due(const QString& channel, qint64 nowMs, int limit, const QSet<qint64>& exclude) const
{
    // The IN list walks the due index lane by lane, each from its earliest due row: the rows
    // come in the ORDER BY's order without a sort, however long the backlog of lower lanes.
    static const QString sql = QStringLiteral("SELECT %1 FROM deliveries WHERE status = 'pending' AND channel = ? AND "
                                              "priority IN (%2) AND next_attempt_at <= ? "
                                              "ORDER BY priority, next_attempt_at, id LIMIT ?")
                                   .arg(kColumns, laneList());
    QList<DeliveryRow> out;
    SqlStatement* q = m_db.statement(sql);
    if (!q)
        return out;
    q->bind(0, channel);
    q->bind(1, nowMs);
    q->bind(2, limit + static_cast<int>(exclude.size()));
    if (q->exec()) {
        while (out.size() < limit && q->next()) {
            if (!exclude.contains(q->int64(0)))
                out << rowFrom(*q);
        }
    }
    q->finish();
    return out;
}

QStringList OutboxStore::channelsInHistory(int limit) const
{
    // A skip scan of deliveries_due (status, channel, ...): from each (status, channel) pair
    // to the next, one seek each, so the cost grows with channels, not with rows.
    static const QString sameStatus
        = QStringLiteral("SELECT channel FROM deliveries WHERE status = ? AND channel > ? ORDER BY channel LIMIT 1");
    static const QString nextStatus
        = QStringLiteral("SELECT status, channel FROM deliveries WHERE status > ? ORDER BY status, channel LIMIT 1");
    SqlStatement* same = m_db.statement(sameStatus);
    SqlStatement* next = m_db.statement(nextStatus);
    QSet<QString> channels;
    QString status, channel; // the pair found last; no status yet: start at the first
    while (same && next && channels.size() < limit) {
        bool found = false;
        if (!status.isEmpty()) {
            same->bind(0, status);
            same->bind(1, channel);
            if (same->exec() && same->next()) {
                channel = same->text(0);
                found = true;
            }
            same->finish();
        }
        if (!found) {
            next->bind(0, status);
            if (next->exec() && next->next()) {
                status = next->text(0);
                channel = next->text(1);
                found = true;
            }
            next->finish();
        }
        if (!found)
            break;
        channels.insert(channel);
    }
    QStringList out(channels.cbegin(), channels.cend());
    out.sort();
    return out;
}

qint64 OutboxStore::nextDueAt(const QString& channel, const QSet<qint64>& exclude) const
{
    // One seek per lane of the due index (status, channel, priority, next_attempt_at): a MIN
    // over the whole channel would read every pending row's entry. The rows in `exclude` (in
    // flight, a handful) are skipped here, so that one prepared statement serves every call.
    static const QString sql = QStringLiteral("SELECT id, next_attempt_at FROM deliveries WHERE status = 'pending' AND "
                                              "channel = ? AND priority = ? ORDER BY next_attempt_at, id LIMIT ?");
    SqlStatement* q = m_db.statement(sql);
    if (!q)
        return -1;
    qint64 out = -1;
    for (int lane = kFirstLane; lane <= kLastLane; ++lane) {
        q->bind(0, channel);
        q->bind(1, lane);
        q->bind(2, static_cast<int>(exclude.size()) + 1);
        if (q->exec()) {
            while (q->next()) {
                if (exclude.contains(q->int64(0)))
                    continue;
                out = out < 0 ? q->int64(1) : std::min(out, q->int64(1));
                break;
            }
        }
        q->finish();
    }
    return out;
}

QStringList OutboxStore::channelsWithPending(bool includeWaiting) const
{
    QSqlQuery q(m_db.db());
    QStringList out;
    if (q.exec(includeWaiting
                ? QStringLiteral("SELECT DISTINCT channel FROM deliveries WHERE status IN ('pending', 'waiting')")
                : QStringLiteral("SELECT DISTINCT channel FROM deliveries WHERE status = 'pending'"))) {
        while (q.next())
            out << q.value(0).toString();
    }
    return out;
}

bool OutboxStore::writeAttempt(const AttemptRecord& a, DeliveryStatus newStatus, qint64 nextAttemptAt, QString* error)
{
    static const QString insertSql
        = QStringLiteral("INSERT INTO attempts (delivery_id, channel, started_at, finished_at, "
                         "outcome, http_status, error, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    static const QString updateSql
        = QStringLiteral("UPDATE deliveries SET status = ?, attempts = attempts + 1, "
                         "next_attempt_at = ?, last_error = ?, latency_ms = ?, finished_at = ? "
                         "WHERE id = ?");
    SqlStatement* ins = m_db.statement(insertSql, error);
    if (!ins)
        return false;
    ins->bind(0, a.deliveryId);
    ins->bind(1, a.channel);
    ins->bind(2, a.startedAt);
    ins->bind(3, a.finishedAt);
    ins->bind(4, a.outcome);
    ins->bind(5, a.httpStatus);
    ins->bind(6, a.error.isNull() ? QStringLiteral("") : a.error);
    ins->bind(7, a.latencyMs);
    if (!ins->exec()) {
        if (error)
            *error = ins->errorText();
        return false;
    }
    SqlStatement* up = m_db.statement(updateSql, error);
    if (!up)
        return false;
    up->bind(0, deliveryStatusName(newStatus));
    up->bind(1, nextAttemptAt);
    up->bind(2, a.error.isNull() ? QStringLiteral("") : a.error);
    up->bind(3, newStatus == DeliveryStatus::Delivered ? a.latencyMs : qint64(-1));
    if (isTerminal(newStatus))
        up->bind(4, a.finishedAt);
    else
        up->bindNull(4);
    up->bind(5, a.deliveryId);
    if (!up->exec()) {
        if (error)
            *error = up->errorText();
        return false;
    }
    return true;
}

namespace {
// An attempt's outcome need not be on the disk before anyone goes on: lost to a power cut, the
// delivery is sent again (at least once, with the same idempotency key). On a connection that
// syncs every commit (FULL, the engine's) its commit skips the sync (NORMAL for this one
// commit: the write-ahead log keeps the order, so the next synced commit takes it along) and
// the connection is FULL again for what follows: an accepted alert's commit is always synced.
bool commitWithoutSync(Database& db, const std::function<bool()>& fn, QString* error)
{
    SqlStatement* current = db.statement(QStringLiteral("PRAGMA synchronous"));
    const bool full = current && current->exec() && current->next() && current->int64(0) >= 2;
    if (current)
        current->finish();
    if (!full)
        return db.transaction(fn, error);
    SqlStatement* relax = db.statement(QStringLiteral("PRAGMA synchronous=NORMAL"));
    SqlStatement* restore = db.statement(QStringLiteral("PRAGMA synchronous=FULL"));
    if (relax && relax->exec())
        relax->finish();
    const bool ok = db.transaction(fn, error);
    if (restore && restore->exec())
        restore->finish();
    return ok;
}
} // namespace

bool OutboxStore::recordAttempt(const AttemptRecord& a, DeliveryStatus newStatus, qint64 nextAttemptAt, QString* error)
{
    return commitWithoutSync(
        m_db, [&] { return writeAttempt(a, newStatus, nextAttemptAt, error); }, error);
}

bool OutboxStore::recordAttempts(const QList<AttemptUpdate>& updates, QString* error, QSet<QString>* completed)
{
    return commitWithoutSync(
        m_db,
        [&] {
            for (const AttemptUpdate& u : updates) {
                if (!writeAttempt(u.attempt, u.newStatus, u.nextAttemptAt, error))
                    return false;
                bool promoted = false;
                if (u.promoteNext && !promote(u.alertId, u.attempt.finishedAt, &promoted, error))
                    return false;
            }
            if (completed) {
                completed->clear();
                QSet<QString> checked;
                for (const AttemptUpdate& u : updates) {
                    if (!isTerminal(u.newStatus) || checked.contains(u.alertId))
                        continue;
                    checked.insert(u.alertId);
                    if (alertComplete(u.alertId))
                        completed->insert(u.alertId);
                }
            }
            return true;
        },
        error);
}

bool OutboxStore::promote(const QString& alertId, qint64 nowMs, bool* promoted, QString* error)
{
    static const QString sql = QStringLiteral(
        "UPDATE deliveries SET status = 'pending', next_attempt_at = ? WHERE id = (SELECT id FROM deliveries "
        "WHERE alert_id = ? AND status = 'waiting' ORDER BY ordinal LIMIT 1) "
        // One at a time: nothing moves while a row of the alert is pending (in flight or retrying).
        "AND NOT EXISTS (SELECT 1 FROM deliveries WHERE alert_id = ? AND status = 'pending')");
    SqlStatement* q = m_db.statement(sql, error);
    if (!q)
        return false;
    q->bind(0, nowMs);
    q->bind(1, alertId);
    q->bind(2, alertId);
    if (!q->exec()) {
        if (error)
            *error = q->errorText();
        return false;
    }
    *promoted = q->rowsAffected() > 0;
    return true;
}

bool OutboxStore::promoteNext(const QString& alertId, qint64 nowMs)
{
    bool promoted = false;
    return promote(alertId, nowMs, &promoted, nullptr) && promoted;
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
        q.prepare(
            QStringLiteral("UPDATE deliveries SET status = 'cancelled', last_error = ?, finished_at = ? WHERE id = ?"));
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
    sel.prepare(QStringLiteral(
        "SELECT DISTINCT alert_id FROM deliveries WHERE channel = ? AND status IN ('pending', 'waiting')"));
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

QStringList OutboxStore::holdChannel(const QString& channel, const QString& reason)
{
    QStringList alerts;
    QSqlQuery sel(m_db.db());
    sel.prepare(QStringLiteral("SELECT DISTINCT alert_id FROM deliveries WHERE channel = ? AND status = 'pending'"));
    sel.addBindValue(channel);
    if (sel.exec()) {
        while (sel.next())
            alerts << sel.value(0).toString();
    }
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("UPDATE deliveries SET last_error = ? WHERE channel = ? AND status = 'pending'"));
    q.addBindValue(reason);
    q.addBindValue(channel);
    return q.exec() ? alerts : QStringList();
}

QList<DeliveryRow> OutboxStore::forAlert(const QString& alertId) const
{
    static const QString sql
        = QStringLiteral("SELECT %1 FROM deliveries WHERE alert_id = ? ORDER BY ordinal").arg(kColumns);
    QList<DeliveryRow> out;
    SqlStatement* q = m_db.statement(sql);
    if (!q)
        return out;
    q->bind(0, alertId);
    if (q->exec()) {
        while (q->next())
            out << rowFrom(*q);
    }
    q->finish();
    return out;
}

std::optional<DeliveryRow> OutboxStore::get(qint64 id) const
{
    static const QString sql = QStringLiteral("SELECT %1 FROM deliveries WHERE id = ?").arg(kColumns);
    SqlStatement* q = m_db.statement(sql);
    if (!q)
        return std::nullopt;
    q->bind(0, id);
    std::optional<DeliveryRow> out;
    if (q->exec() && q->next())
        out = rowFrom(*q);
    q->finish();
    return out;
}

bool OutboxStore::alertComplete(const QString& alertId) const
{
    static const QString sql
        = QStringLiteral("SELECT COUNT(*) FROM deliveries WHERE alert_id = ? AND status IN ('pending', 'waiting')");
    SqlStatement* q = m_db.statement(sql);
    if (!q)
        return false;
    q->bind(0, alertId);
    const bool complete = q->exec() && q->next() && q->int64(0) == 0;
    q->finish();
    return complete;
}

qint64 OutboxStore::openCount() const
{
    QSqlQuery q(m_db.db());
    if (q.exec(QStringLiteral("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'waiting')")) && q.next())
        return q.value(0).toLongLong();
    return 0;
}

qint64 OutboxStore::pendingCount(const QString& channel) const
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM deliveries WHERE channel = ? AND status = 'pending'"));
    q.addBindValue(channel);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

ChannelStats OutboxStore::stats(const QString& channel, int latencySamples) const
{
    ChannelStats s;
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral(
        "SELECT status, COUNT(*) FROM deliveries WHERE channel = ? AND status IN ('delivered', 'failed') "
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
    // A delivery made with an error is a target that failed beside one that took it (a cluster
    // peer down): the channel's health names it too.
    q.prepare(QStringLiteral("SELECT error, finished_at FROM attempts WHERE channel = ? "
                             "AND (outcome != 'delivered' OR error != '') ORDER BY id DESC LIMIT 1"));
    q.addBindValue(channel);
    if (q.exec() && q.next()) {
        s.lastError = q.value(0).toString();
        s.lastErrorAt = q.value(1).toLongLong();
    }
    q.prepare(QStringLiteral(
        "SELECT error, finished_at FROM channel_tests WHERE channel = ? AND delivered = 0 ORDER BY id DESC LIMIT 1"));
    q.addBindValue(channel);
    if (q.exec() && q.next() && q.value(1).toLongLong() >= s.lastErrorAt) {
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

bool OutboxStore::recordTest(
    const QString& channel, qint64 finishedAt, bool delivered, int httpStatus, const QString& error, QString* dbError)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral(
        "INSERT INTO channel_tests (channel, finished_at, delivered, http_status, error) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(channel);
    q.addBindValue(finishedAt);
    q.addBindValue(delivered ? 1 : 0);
    q.addBindValue(httpStatus);
    q.addBindValue(error.isEmpty() ? QStringLiteral("") : error); // a null QString binds as NULL
    if (q.exec())
        return true;
    if (dbError)
        *dbError = q.lastError().text();
    return false;
}

QList<RecentOutcome> OutboxStore::recentOutcomes(const QString& channel, int limit) const
{
    // The newest `limit` of each kind, merged.
    QList<RecentOutcome> outcomes;
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT finished_at, outcome, http_status FROM attempts WHERE channel = ? "
                             "ORDER BY id DESC LIMIT ?"));
    q.addBindValue(channel);
    q.addBindValue(limit);
    if (q.exec()) {
        while (q.next()) {
            const QString outcome = q.value(1).toString();
            outcomes.append({ q.value(0).toLongLong(), outcome == QLatin1String("delivered"),
                outcome == QLatin1String("retry"), q.value(2).toInt() });
        }
    }
    q.prepare(QStringLiteral("SELECT finished_at, delivered, http_status FROM channel_tests WHERE channel = ? "
                             "ORDER BY id DESC LIMIT ?"));
    q.addBindValue(channel);
    q.addBindValue(limit);
    if (q.exec()) {
        while (q.next())
            outcomes.append({ q.value(0).toLongLong(), q.value(1).toInt() != 0, false, q.value(2).toInt() });
    }
    std::stable_sort(
        outcomes.begin(), outcomes.end(), [](const RecentOutcome& a, const RecentOutcome& b) { return a.at > b.at; });
    return outcomes;
}

} // namespace alertdesk
