// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "LifecycleStore.h"

#include "Database.h"
#include "SqlStatement.h"

#include <QHash>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace alertdesk {

LifecycleStore::LifecycleStore(Database& db)
    : m_db(db)
{
}

bool LifecycleStore::setState(
    const QString& alertId, AlertState to, qint64 snoozedUntilMs, qint64 nowMs, QString* error)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("UPDATE alerts SET state = ?, snoozed_until = ?, updated_at = ? WHERE id = ?"));
    q.addBindValue(static_cast<int>(to));
    q.addBindValue(to == AlertState::Snoozed ? snoozedUntilMs : qint64(0));
    q.addBindValue(nowMs);
    q.addBindValue(alertId);
    if (!q.exec() || q.numRowsAffected() != 1) {
        if (error)
            *error
                = q.lastError().isValid() ? q.lastError().text() : QStringLiteral("no alert with id %1").arg(alertId);
        return false;
    }
    return true;
}

bool LifecycleStore::addEvent(const AlertEvent& e, QString* error)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral(
        "INSERT INTO alert_events (alert_id, at, from_state, to_state, source, note, kind, detail) VALUES (?, ?, ?, "
        "?, ?, ?, ?, ?)"));
    q.addBindValue(e.alertId);
    q.addBindValue(e.at.toMSecsSinceEpoch());
    q.addBindValue(alertStateName(e.from));
    q.addBindValue(alertStateName(e.to));
    q.addBindValue(eventSourceName(e.source));
    q.addBindValue(e.note.isNull() ? QStringLiteral("") : e.note);
    q.addBindValue(eventKindName(e.kind));
    q.addBindValue(e.kind == AlertEvent::Kind::State
            ? QStringLiteral("")
            : QString::fromUtf8(QJsonDocument(e.silence.toJson()).toJson(QJsonDocument::Compact)));
    if (!q.exec()) {
        if (error)
            *error = QStringLiteral("cannot record the state change: %1").arg(q.lastError().text());
        return false;
    }
    return true;
}

QList<AlertEvent> LifecycleStore::events(const QString& alertId) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT id, at, from_state, to_state, source, note, kind, detail FROM alert_events WHERE alert_id = ? "
        "ORDER BY id"));
    q.addBindValue(alertId);
    QList<AlertEvent> out;
    if (!q.exec())
        return out;
    while (q.next()) {
        AlertEvent e;
        e.id = q.value(0).toLongLong();
        e.alertId = alertId;
        e.at = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC);
        e.from = alertStateFromString(q.value(2).toString()).value_or(AlertState::Open);
        e.to = alertStateFromString(q.value(3).toString()).value_or(AlertState::Open);
        e.source = eventSourceFromString(q.value(4).toString()).value_or(EventSource::System);
        e.note = q.value(5).toString();
        e.kind = eventKindFromString(q.value(6).toString()).value_or(AlertEvent::Kind::State);
        if (e.kind != AlertEvent::Kind::State)
            e.silence = ClusterSilence::fromJson(QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object());
        out << e;
    }
    return out;
}

QStringList LifecycleStore::idsWithPrefix(const QString& prefix, int limit) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    // substr() rather than LIKE: an id prefix holds no wildcards to escape.
    q.prepare(QStringLiteral("SELECT id FROM alerts WHERE substr(id, 1, ?) = ? LIMIT ?"));
    q.addBindValue(prefix.size());
    q.addBindValue(prefix);
    q.addBindValue(limit);
    QStringList out;
    if (q.exec()) {
        while (q.next())
            out << q.value(0).toString();
    }
    return out;
}

QStringList LifecycleStore::endedSnoozes(qint64 nowMs, int limit) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT id FROM alerts WHERE state = ? AND snoozed_until <= ? ORDER BY snoozed_until, seq LIMIT ?"));
    q.addBindValue(static_cast<int>(AlertState::Snoozed));
    q.addBindValue(nowMs);
    q.addBindValue(limit);
    QStringList out;
    if (q.exec()) {
        while (q.next())
            out << q.value(0).toString();
    }
    return out;
}

qint64 LifecycleStore::nextSnoozeEnd() const
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT MIN(snoozed_until) FROM alerts WHERE state = ?"));
    q.addBindValue(static_cast<int>(AlertState::Snoozed));
    if (q.exec() && q.next() && !q.value(0).isNull())
        return q.value(0).toLongLong();
    return -1;
}

std::optional<QString> LifecycleStore::findActiveByDedupKey(const QString& dedupKey) const
{
    if (dedupKey.isEmpty())
        return std::nullopt;
    // Every alert with a dedup key asks this before it is stored: prepared once.
    // The partial index alerts_dedup covers exactly this condition.
    static const QString sql = QStringLiteral(
        "SELECT id FROM alerts WHERE dedup_key = ? AND dedup_key != '' AND state != 3 ORDER BY seq DESC LIMIT 1");
    SqlStatement* q = m_db.statement(sql);
    if (!q)
        return std::nullopt;
    q->bind(0, dedupKey);
    std::optional<QString> out;
    if (q->exec() && q->next())
        out = q->text(0);
    q->finish();
    return out;
}

int LifecycleStore::recordOccurrence(const QString& alertId, qint64 nowMs, QString* error)
{
    // A storm of repeats of one alert comes through here, one per repeat.
    static const QString updateSql = QStringLiteral(
        "UPDATE alerts SET occurrences = occurrences + 1, last_seen_at = ?, updated_at = ? WHERE id = ?");
    static const QString selectSql = QStringLiteral("SELECT occurrences FROM alerts WHERE id = ?");
    QString e;
    SqlStatement* up = m_db.statement(updateSql, &e);
    if (up) {
        up->bind(0, nowMs);
        up->bind(1, nowMs);
        up->bind(2, alertId);
        if (!up->exec())
            e = up->errorText();
        else if (up->rowsAffected() != 1)
            e = QStringLiteral("no alert with id %1").arg(alertId);
        else
            e.clear();
    }
    if (!up || !e.isEmpty()) {
        if (error)
            *error = QStringLiteral("cannot count the repeated alert: %1").arg(e);
        return -1;
    }
    SqlStatement* sel = m_db.statement(selectSql, error);
    if (!sel)
        return -1;
    sel->bind(0, alertId);
    const int count = sel->exec() && sel->next() ? static_cast<int>(sel->int64(0)) : -1;
    sel->finish();
    return count;
}

int LifecycleStore::nextRound(const QString& alertId, QString* error)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("UPDATE alerts SET notify_seq = notify_seq + 1 WHERE id = ?"));
    q.addBindValue(alertId);
    if (!q.exec() || q.numRowsAffected() != 1) {
        if (error)
            *error
                = QStringLiteral("cannot reserve a notification round for %1: %2").arg(alertId, q.lastError().text());
        return -1;
    }
    q.prepare(QStringLiteral("SELECT notify_seq FROM alerts WHERE id = ?"));
    q.addBindValue(alertId);
    return q.exec() && q.next() ? q.value(0).toInt() : -1;
}

int LifecycleStore::recordClusterSilences(const QString& alertId, AlertState state,
    const QList<ClusterSilence>& current, const QList<ClusterSilence>& ended, qint64 nowMs, QString* error)
{
    // The trail so far: the latest version of each silence seen, and those whose end is recorded.
    QHash<QString, ClusterSilence> seen;
    QStringList order; // first seen first: their ends are recorded in that order
    QSet<QString> over;
    for (const AlertEvent& e : events(alertId)) {
        if (e.kind == AlertEvent::Kind::ClusterSilenced) {
            if (!seen.contains(e.silence.id))
                order << e.silence.id;
            seen.insert(e.silence.id, e.silence);
        } else if (e.kind == AlertEvent::Kind::ClusterSilenceEnded) {
            over.insert(e.silence.id);
        }
    }
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    auto event = [&](AlertEvent::Kind kind, const ClusterSilence& s) {
        AlertEvent e;
        e.alertId = alertId;
        e.at = now;
        e.from = e.to = state;
        e.source = EventSource::Cluster;
        e.note = s.comment;
        e.kind = kind;
        e.silence = s;
        return e;
    };
    int recorded = 0;
    QSet<QString> holding;
    for (const ClusterSilence& s : current) {
        holding.insert(s.id);
        // A silence seen once is told once; again only when a colleague changed its end or note.
        if (over.contains(s.id) || (seen.contains(s.id) && seen.value(s.id) == s))
            continue;
        if (!addEvent(event(AlertEvent::Kind::ClusterSilenced, s), error))
            return -1;
        ++recorded;
    }
    for (const QString& id : std::as_const(order)) {
        if (over.contains(id) || holding.contains(id))
            continue;
        // Its end as the cluster tells it (an expiry sets endsAt to that moment); else now.
        ClusterSilence end = seen.value(id);
        end.endsAt = now;
        for (const ClusterSilence& e : ended) {
            if (e.id == end.id && e.endsAt.isValid())
                end.endsAt = e.endsAt;
        }
        if (!addEvent(event(AlertEvent::Kind::ClusterSilenceEnded, end), error))
            return -1;
        ++recorded;
    }
    return recorded;
}

} // namespace alertdesk
