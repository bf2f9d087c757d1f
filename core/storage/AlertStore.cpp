// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertStore.h"

#include "Database.h"
#include "SqlStatement.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace alertdesk {

namespace {
const QString kColumns = QStringLiteral("seq, id, type, priority, title, message, symbol, strategy, position, data, "
                                        "channels, dedup_key, state, created_at, updated_at, "
                                        "occurrences, last_seen_at, snoozed_until");

Alert fromRow(const SqlStatement& q)
{
    Alert a;
    a.id = q.text(1);
    a.type = static_cast<AlertType>(q.int64(2));
    a.priority = static_cast<Priority>(q.int64(3));
    a.title = q.text(4);
    a.message = q.text(5);
    a.symbol = q.text(6);
    a.strategy = q.text(7);
    a.position = q.text(8);
    a.data = QJsonDocument::fromJson(q.text(9).toUtf8()).object();
    for (const QJsonValue& v : QJsonDocument::fromJson(q.text(10).toUtf8()).array())
        a.channels << v.toString();
    a.dedupKey = q.text(11);
    a.state = static_cast<AlertState>(q.int64(12));
    a.createdAt = QDateTime::fromMSecsSinceEpoch(q.int64(13), Qt::UTC);
    a.updatedAt = QDateTime::fromMSecsSinceEpoch(q.int64(14), Qt::UTC);
    a.occurrences = static_cast<int>(q.int64(15));
    const qint64 lastSeen = q.int64(16);
    a.lastSeenAt = lastSeen > 0 ? QDateTime::fromMSecsSinceEpoch(lastSeen, Qt::UTC) : a.createdAt;
    if (const qint64 until = q.int64(17); until > 0 && a.state == AlertState::Snoozed)
        a.snoozedUntil = QDateTime::fromMSecsSinceEpoch(until, Qt::UTC);
    return a;
}
} // namespace

AlertStore::AlertStore(Database& db)
    : m_db(db)
{
}

bool AlertStore::insert(const Alert& a, QString* error)
{
    static const QString sql
        = QStringLiteral("INSERT INTO alerts (id, type, priority, title, message, symbol, strategy, position, data, "
                         "channels, dedup_key, "
                         "state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    QString e;
    SqlStatement* q = m_db.statement(sql, &e);
    if (q) {
        q->bind(0, a.id);
        q->bind(1, static_cast<int>(a.type));
        q->bind(2, static_cast<int>(a.priority));
        q->bind(3, a.title);
        q->bind(4, a.message);
        q->bind(5, a.symbol);
        q->bind(6, a.strategy);
        q->bind(7, a.position);
        q->bind(8, QString::fromUtf8(QJsonDocument(a.data).toJson(QJsonDocument::Compact)));
        q->bind(
            9, QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(a.channels)).toJson(QJsonDocument::Compact)));
        q->bind(10, a.dedupKey);
        q->bind(11, static_cast<int>(a.state));
        q->bind(12, a.createdAt.toMSecsSinceEpoch());
        q->bind(13, a.updatedAt.toMSecsSinceEpoch());
        if (q->exec())
            return true;
        e = q->errorText();
    }
    if (error)
        *error = QStringLiteral("cannot store alert: %1").arg(e);
    return false;
}

std::optional<Alert> AlertStore::get(const QString& id) const
{
    static const QString sql = QStringLiteral("SELECT %1 FROM alerts WHERE id = ?").arg(kColumns);
    SqlStatement* q = m_db.statement(sql);
    if (!q)
        return std::nullopt;
    q->bind(0, id);
    std::optional<Alert> out;
    if (q->exec() && q->next())
        out = fromRow(*q);
    q->finish();
    return out;
}

QList<Alert> AlertStore::recent(int limit, qint64 beforeSeq, QList<qint64>* seqs) const
{
    static const QString first = QStringLiteral("SELECT %1 FROM alerts ORDER BY seq DESC LIMIT ?").arg(kColumns);
    static const QString page
        = QStringLiteral("SELECT %1 FROM alerts WHERE seq < ? ORDER BY seq DESC LIMIT ?").arg(kColumns);
    QList<Alert> out;
    SqlStatement* q = m_db.statement(beforeSeq > 0 ? page : first);
    if (!q)
        return out;
    int pos = 0;
    if (beforeSeq > 0)
        q->bind(pos++, beforeSeq);
    q->bind(pos, limit);
    if (!q->exec())
        return out;
    while (q->next()) {
        out << fromRow(*q);
        if (seqs)
            *seqs << q->int64(0);
    }
    return out;
}

qint64 AlertStore::count() const
{
    QSqlQuery q(m_db.db());
    if (q.exec(QStringLiteral("SELECT COUNT(*) FROM alerts")) && q.next())
        return q.value(0).toLongLong();
    return 0;
}

bool AlertStore::setState(const QString& id, AlertState state, qint64 nowMs, QString* error)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("UPDATE alerts SET state = ?, updated_at = ? WHERE id = ?"));
    q.addBindValue(static_cast<int>(state));
    q.addBindValue(nowMs);
    q.addBindValue(id);
    if (!q.exec() || q.numRowsAffected() != 1) {
        if (error)
            *error = q.lastError().isValid() ? q.lastError().text() : QStringLiteral("no alert with id %1").arg(id);
        return false;
    }
    return true;
}

std::optional<Alert> AlertStore::latestUnresolvedByDedupKey(const QString& dedupKey) const
{
    static const QString sql
        = QStringLiteral("SELECT %1 FROM alerts WHERE dedup_key = ? AND state != ? ORDER BY seq DESC LIMIT 1")
              .arg(kColumns);
    SqlStatement* q = m_db.statement(sql);
    if (!q)
        return std::nullopt;
    q->bind(0, dedupKey);
    q->bind(1, static_cast<qint64>(AlertState::Resolved));
    std::optional<Alert> out;
    if (q->exec() && q->next())
        out = fromRow(*q);
    q->finish();
    return out;
}

} // namespace alertdesk
