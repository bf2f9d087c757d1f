#include "AlertStore.h"

#include "Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace alertdesk {

namespace {
const QString kColumns = QStringLiteral(
    "seq, id, type, priority, title, message, symbol, strategy, position, data, channels, dedup_key, state, created_at, updated_at");

// A null QString binds as SQL NULL; the columns are NOT NULL with '' for "none".
QString text(const QString& s) { return s.isNull() ? QStringLiteral("") : s; }

Alert fromQuery(const QSqlQuery& q)
{
    Alert a;
    a.id = q.value(1).toString();
    a.type = static_cast<AlertType>(q.value(2).toInt());
    a.priority = static_cast<Priority>(q.value(3).toInt());
    a.title = q.value(4).toString();
    a.message = q.value(5).toString();
    a.symbol = q.value(6).toString();
    a.strategy = q.value(7).toString();
    a.position = q.value(8).toString();
    a.data = QJsonDocument::fromJson(q.value(9).toByteArray()).object();
    for (const QJsonValue& v : QJsonDocument::fromJson(q.value(10).toByteArray()).array())
        a.channels << v.toString();
    a.dedupKey = q.value(11).toString();
    a.state = static_cast<AlertState>(q.value(12).toInt());
    a.createdAt = QDateTime::fromMSecsSinceEpoch(q.value(13).toLongLong(), Qt::UTC);
    a.updatedAt = QDateTime::fromMSecsSinceEpoch(q.value(14).toLongLong(), Qt::UTC);
    return a;
}
} // namespace

AlertStore::AlertStore(Database& db)
    : m_db(db)
{
}

bool AlertStore::insert(const Alert& a, QString* error)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("INSERT INTO alerts (id, type, priority, title, message, symbol, strategy, position, data, "
                             "channels, dedup_key, state, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(a.id);
    q.addBindValue(static_cast<int>(a.type));
    q.addBindValue(static_cast<int>(a.priority));
    q.addBindValue(text(a.title));
    q.addBindValue(text(a.message));
    q.addBindValue(text(a.symbol));
    q.addBindValue(text(a.strategy));
    q.addBindValue(text(a.position));
    q.addBindValue(QString::fromUtf8(QJsonDocument(a.data).toJson(QJsonDocument::Compact)));
    q.addBindValue(QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(a.channels)).toJson(QJsonDocument::Compact)));
    q.addBindValue(text(a.dedupKey));
    q.addBindValue(static_cast<int>(a.state));
    q.addBindValue(a.createdAt.toMSecsSinceEpoch());
    q.addBindValue(a.updatedAt.toMSecsSinceEpoch());
    if (!q.exec()) {
        if (error)
            *error = QStringLiteral("cannot store alert: %1").arg(q.lastError().text());
        return false;
    }
    return true;
}

std::optional<Alert> AlertStore::get(const QString& id) const
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT %1 FROM alerts WHERE id = ?").arg(kColumns));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return fromQuery(q);
    return std::nullopt;
}

QList<Alert> AlertStore::recent(int limit, qint64 beforeSeq, QList<qint64>* seqs) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    if (beforeSeq > 0) {
        q.prepare(QStringLiteral("SELECT %1 FROM alerts WHERE seq < ? ORDER BY seq DESC LIMIT ?").arg(kColumns));
        q.addBindValue(beforeSeq);
    } else {
        q.prepare(QStringLiteral("SELECT %1 FROM alerts ORDER BY seq DESC LIMIT ?").arg(kColumns));
    }
    q.addBindValue(limit);
    QList<Alert> out;
    if (!q.exec())
        return out;
    while (q.next()) {
        out << fromQuery(q);
        if (seqs)
            *seqs << q.value(0).toLongLong();
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
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT %1 FROM alerts WHERE dedup_key = ? AND state != ? ORDER BY seq DESC LIMIT 1").arg(kColumns));
    q.addBindValue(dedupKey);
    q.addBindValue(static_cast<int>(AlertState::Resolved));
    if (q.exec() && q.next())
        return fromQuery(q);
    return std::nullopt;
}

} // namespace alertdesk
