// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "RuleStore.h"

#include "storage/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace alertdesk {

namespace {
const QString kColumns = QStringLiteral(
    "id, name, metric, condition, value, value2, window_ms, frequency, interval_ms, cooldown_ms, expires_at, enabled, "
    "type, priority, title_template, message_template, channels, created_at, last_value, last_sample_at, "
    "last_fired_at, "
    "fired_count, exhausted");

QString text(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}
QVariant realOrNull(double v)
{
    return v == v ? QVariant(v) : QVariant(QMetaType::fromType<double>());
}

QString frequencyName(RuleFrequency f)
{
    switch (f) {
    case RuleFrequency::Once:
        return QStringLiteral("once");
    case RuleFrequency::Every:
        return QStringLiteral("every");
    case RuleFrequency::OncePer:
        return QStringLiteral("once-per");
    }
    return {};
}

std::optional<Rule> fromQuery(const QSqlQuery& q, QString* problem)
{
    Rule r;
    r.revision = q.value(0).toLongLong();
    r.name = q.value(1).toString();
    r.metric = q.value(2).toString();
    const auto condition = ruleConditionFromString(q.value(3).toString());
    if (!condition) {
        *problem = QStringLiteral("rule %1 has the unknown condition '%2'").arg(r.name, q.value(3).toString());
        return std::nullopt;
    }
    r.condition = *condition;
    r.value = q.value(4).toDouble();
    if (!q.value(5).isNull())
        r.value2 = q.value(5).toDouble();
    r.windowMs = q.value(6).toLongLong();
    const QString frequency = q.value(7).toString();
    if (frequency == QLatin1String("once"))
        r.frequency = RuleFrequency::Once;
    else if (frequency == QLatin1String("every"))
        r.frequency = RuleFrequency::Every;
    else if (frequency == QLatin1String("once-per"))
        r.frequency = RuleFrequency::OncePer;
    else {
        *problem = QStringLiteral("rule %1 has the unknown frequency '%2'").arg(r.name, frequency);
        return std::nullopt;
    }
    r.intervalMs = q.value(8).toLongLong();
    r.cooldownMs = q.value(9).toLongLong();
    r.expiresAtMs = q.value(10).toLongLong();
    r.enabled = q.value(11).toInt() != 0;
    r.type = static_cast<AlertType>(q.value(12).toInt());
    r.priority = static_cast<Priority>(q.value(13).toInt());
    r.titleTemplate = q.value(14).toString();
    r.messageTemplate = q.value(15).toString();
    for (const QJsonValue& v : QJsonDocument::fromJson(q.value(16).toByteArray()).array())
        r.channels << v.toString();
    r.createdAtMs = q.value(17).toLongLong();
    if (!q.value(18).isNull())
        r.state.lastValue = q.value(18).toDouble();
    r.state.lastSampleMs = q.value(19).toLongLong();
    r.state.lastFiredMs = q.value(20).toLongLong();
    r.state.firedCount = q.value(21).toLongLong();
    r.state.exhausted = q.value(22).toInt() != 0;
    if (auto e = validateRule(r)) {
        *problem = QStringLiteral("rule %1 is not valid (%2: %3)").arg(r.name, e->field, e->text());
        return std::nullopt;
    }
    return r;
}
} // namespace

RuleStore::RuleStore(Database& db)
    : m_db(db)
{
}

QList<Rule> RuleStore::all(QString* error, QStringList* warnings) const
{
    QList<Rule> out;
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT %1 FROM rules ORDER BY metric, name").arg(kColumns))) {
        *error = QStringLiteral("cannot read rules: %1").arg(q.lastError().text());
        return out;
    }
    while (q.next()) {
        QString problem;
        if (auto r = fromQuery(q, &problem))
            out << *r;
        else if (warnings)
            *warnings << problem;
    }
    return out;
}

std::optional<Rule> RuleStore::get(const QString& name) const
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("SELECT %1 FROM rules WHERE name = ?").arg(kColumns));
    q.addBindValue(name);
    QString problem;
    if (q.exec() && q.next())
        return fromQuery(q, &problem);
    return std::nullopt;
}

bool RuleStore::insert(Rule& r, QString* error)
{
    QSqlQuery q(m_db.db());
    q.prepare(
        QStringLiteral("INSERT INTO rules (name, metric, condition, value, value2, window_ms, frequency, interval_ms, "
                       "cooldown_ms, expires_at, enabled, type, priority, title_template, message_template, channels, "
                       "created_at, last_value, last_sample_at, last_fired_at, fired_count, exhausted) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(r.name);
    q.addBindValue(r.metric);
    q.addBindValue(ruleConditionName(r.condition));
    q.addBindValue(r.value);
    q.addBindValue(realOrNull(r.value2));
    q.addBindValue(r.windowMs);
    q.addBindValue(frequencyName(r.frequency));
    q.addBindValue(r.intervalMs);
    q.addBindValue(r.cooldownMs);
    q.addBindValue(r.expiresAtMs);
    q.addBindValue(r.enabled ? 1 : 0);
    q.addBindValue(static_cast<int>(r.type));
    q.addBindValue(static_cast<int>(r.priority));
    q.addBindValue(text(r.titleTemplate));
    q.addBindValue(text(r.messageTemplate));
    q.addBindValue(
        QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(r.channels)).toJson(QJsonDocument::Compact)));
    q.addBindValue(r.createdAtMs);
    q.addBindValue(realOrNull(r.state.lastValue));
    q.addBindValue(r.state.lastSampleMs);
    q.addBindValue(r.state.lastFiredMs);
    q.addBindValue(r.state.firedCount);
    q.addBindValue(r.state.exhausted ? 1 : 0);
    if (!q.exec()) {
        *error = QStringLiteral("cannot store rule %1: %2").arg(r.name, q.lastError().text());
        return false;
    }
    r.revision = q.lastInsertId().toLongLong();
    return true;
}

bool RuleStore::replace(Rule& r, QString* error)
{
    QString e;
    if (!remove(r.name, &e)) {
        *error = e.isEmpty() ? QStringLiteral("no rule named '%1'").arg(r.name) : e;
        return false;
    }
    return insert(r, error);
}

bool RuleStore::remove(const QString& name, QString* error)
{
    QSqlQuery q(m_db.db());
    q.prepare(QStringLiteral("DELETE FROM rules WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec()) {
        *error = QStringLiteral("cannot remove rule %1: %2").arg(name, q.lastError().text());
        return false;
    }
    return q.numRowsAffected() > 0;
}

bool RuleStore::saveState(qint64 revision, const RuleState& state, QString* error)
{
    return saveStates({ RuleStateUpdate { QString(), revision, state } }, error);
}

bool RuleStore::saveStates(const QList<RuleStateUpdate>& updates, QString* error)
{
    if (updates.isEmpty())
        return true;
    // One prepared statement for the whole batch: a flush may carry thousands of rules.
    QSqlQuery q(m_db.db());
    if (!q.prepare(
            QStringLiteral("UPDATE rules SET last_value = ?, last_sample_at = ?, last_fired_at = ?, fired_count = ?, "
                           "exhausted = ? WHERE id = ?"))) {
        *error = QStringLiteral("cannot store rule state: %1").arg(q.lastError().text());
        return false;
    }
    for (const RuleStateUpdate& u : updates) {
        q.bindValue(0, realOrNull(u.state.lastValue));
        q.bindValue(1, u.state.lastSampleMs);
        q.bindValue(2, u.state.lastFiredMs);
        q.bindValue(3, u.state.firedCount);
        q.bindValue(4, u.state.exhausted ? 1 : 0);
        q.bindValue(5, u.revision);
        if (!q.exec()) {
            *error = QStringLiteral("cannot store rule state: %1").arg(q.lastError().text());
            return false;
        }
    }
    return true;
}

QString RuleStore::changeStamp() const
{
    QSqlQuery q(m_db.db());
    if (q.exec(QStringLiteral(
            "SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'rules'), (SELECT COUNT(*) FROM rules)"))
        && q.next())
        return q.value(0).toString() + QLatin1Char('/') + q.value(1).toString();
    return {};
}

} // namespace alertdesk
