// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "RuleService.h"

#include "AlertManager.h"
#include "config/Profile.h"
#include "rules/RuleStore.h"
#include "storage/Database.h"
#include "util/Clock.h"
#include "util/Logging.h"

namespace alertdesk {

RuleService::RuleService(Profile& profile, Database& db, AlertManager& alerts, Clock& clock, QObject* parent)
    : QObject(parent)
    , m_profile(profile)
    , m_db(db)
    , m_alerts(alerts)
    , m_clock(clock)
    , m_store(std::make_unique<RuleStore>(db))
    , m_engine(std::make_unique<RuleEngine>(clock))
{
}

RuleService::~RuleService()
{
    QString error;
    if (!flush(&error))
        qCWarning(lcRules).noquote() << "rule state not saved:" << error;
}

bool RuleService::load(QString* error, QStringList* warnings)
{
    QString e;
    QStringList problems;
    m_stamp = m_store->changeStamp();
    const QList<Rule> rules = m_store->all(&e, &problems);
    if (!e.isEmpty()) {
        *error = e;
        return false;
    }
    for (const QString& p : std::as_const(problems))
        qCWarning(lcRules).noquote() << "skipping" << p;
    if (warnings)
        *warnings << problems;
    m_engine->setRules(rules);
    return true;
}

std::optional<FieldError> RuleService::addRule(Rule rule)
{
    if (auto e = validateRule(rule))
        return e;
    for (const QString& c : std::as_const(rule.channels)) {
        if (!m_profile.channel(c))
            return FieldError { QStringLiteral("channel"),
                QStringLiteral("no channel named '%1'").arg(FieldError::literal(c)) };
    }
    reloadIfChanged();
    if (m_engine->rule(rule.name) || m_store->get(rule.name))
        return FieldError { QStringLiteral("name"),
            QStringLiteral("a rule named '%1' exists already").arg(FieldError::literal(rule.name)) };
    rule.createdAtMs = m_clock.nowMs();
    rule.state = RuleState {};
    QString error;
    if (!m_db.transaction([&] { return m_store->insert(rule, &error); }, &error))
        return FieldError { QStringLiteral("storage"), error };
    m_engine->upsertRule(rule);
    m_stamp = m_store->changeStamp();
    Q_EMIT rulesChanged();
    return std::nullopt;
}

std::optional<FieldError> RuleService::replaceRule(Rule rule)
{
    if (auto e = validateRule(rule))
        return e;
    for (const QString& c : std::as_const(rule.channels)) {
        if (!m_profile.channel(c))
            return FieldError { QStringLiteral("channel"),
                QStringLiteral("no channel named '%1'").arg(FieldError::literal(c)) };
    }
    reloadIfChanged();
    const std::optional<Rule> current = m_engine->rule(rule.name);
    if (!current)
        return FieldError { QStringLiteral("name"),
            QStringLiteral("no rule named '%1'").arg(FieldError::literal(rule.name)) };
    rule.createdAtMs = current->createdAtMs;
    rule.state = current->state;
    rule.state.exhausted = false;
    if (rule.metric != current->metric || rule.condition != current->condition) {
        rule.state.lastValue = RuleState {}.lastValue;
        rule.state.lastSampleMs = 0;
    }
    QString error;
    if (!m_db.transaction([&] { return m_store->replace(rule, &error); }, &error))
        return FieldError { QStringLiteral("storage"), error };
    m_engine->upsertRule(rule);
    m_stamp = m_store->changeStamp();
    Q_EMIT rulesChanged();
    return std::nullopt;
}

bool RuleService::removeRule(const QString& name, QString* error)
{
    reloadIfChanged();
    QString e;
    bool found = false;
    const bool ok = m_db.transaction(
        [&] {
            found = m_store->remove(name, &e);
            return e.isEmpty();
        },
        &e);
    if (!ok) {
        *error = e;
        return false;
    }
    if (!found) {
        *error = QStringLiteral("no rule named '%1'").arg(name);
        return false;
    }
    m_engine->removeRule(name);
    m_stamp = m_store->changeStamp();
    Q_EMIT rulesChanged();
    return true;
}

bool RuleService::setEnabled(const QString& name, bool enabled, QString* error)
{
    reloadIfChanged();
    std::optional<Rule> r = m_engine->rule(name);
    if (!r) {
        *error = QStringLiteral("no rule named '%1'").arg(name);
        return false;
    }
    r->enabled = enabled;
    if (enabled) {
        r->state.exhausted = false;
        r->state.lastValue = RuleState {}.lastValue;
        r->state.lastSampleMs = 0;
    }
    if (!m_db.transaction([&] { return m_store->replace(*r, error); }, error))
        return false;
    m_engine->upsertRule(*r);
    m_stamp = m_store->changeStamp();
    Q_EMIT rulesChanged();
    return true;
}

QList<Rule> RuleService::rules() const
{
    return m_engine->rules();
}

std::optional<Rule> RuleService::rule(const QString& name) const
{
    return m_engine->rule(name);
}

SampleResult RuleService::submitSample(const QString& metric, double value, qint64 timeMs)
{
    SampleResult result;
    QList<RuleFiring> fired;
    result.status = m_engine->evaluate(metric, value, timeMs, &fired);
    for (const RuleFiring& f : std::as_const(fired)) {
        FieldError fe;
        const auto alert
            = m_alerts.submit(f.alert, &fe, [&](QString* e) { return m_store->saveState(f.revision, f.state, e); });
        if (!alert) {
            // The state still moves on (it is saved with the next flush): the rule did fire, and
            // firing again for the same crossing after a restart would not fix the refusal.
            const QString why = QStringLiteral("rule %1: %2").arg(f.rule, fe.toString());
            qCWarning(lcRules).noquote() << "alert refused:" << why;
            result.errors << why;
            continue;
        }
        qCDebug(lcRules).noquote() << "rule" << f.rule << "fired: alert" << alert->id;
        result.alerts << *alert;
        Q_EMIT ruleFired(f.rule, *alert);
    }
    return result;
}

bool RuleService::flush(QString* error)
{
    if (!m_engine->hasDirtyState())
        return true;
    const QList<RuleStateUpdate> updates = m_engine->takeDirtyStates();
    QString e;
    if (m_db.transaction([&] { return m_store->saveStates(updates, &e); }, &e))
        return true;
    if (error)
        *error = e;
    return false;
}

bool RuleService::reloadIfChanged()
{
    const QString stamp = m_store->changeStamp();
    if (stamp == m_stamp)
        return false;
    // Store what this process knows first: the reload keeps live state only for unchanged rules.
    flush();
    QString error;
    if (!load(&error)) {
        qCWarning(lcRules).noquote() << "cannot reload rules:" << error;
        return false;
    }
    qCInfo(lcRules) << "rules changed by another process; reloaded" << m_engine->ruleCount() << "rules";
    Q_EMIT rulesChanged();
    return true;
}

void RuleService::startSync()
{
    if (m_syncing)
        return;
    m_syncing = true;
    scheduleSync();
}

void RuleService::scheduleSync()
{
    m_clock.schedule(kSyncIntervalMs, this, [this] {
        QString error;
        if (!flush(&error))
            qCWarning(lcRules).noquote() << "rule state not saved:" << error;
        reloadIfChanged();
        scheduleSync();
    });
}

} // namespace alertdesk
