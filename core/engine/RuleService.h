// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"
#include "rules/RuleEngine.h"

#include <QObject>
#include <memory>
#include <optional>

namespace alertdesk {

class AlertManager;
class Clock;
class Database;
class Profile;
class RuleStore;

// What one metric sample led to.
struct SampleResult {
    RuleEngine::SampleStatus status = RuleEngine::SampleStatus::NoRules;
    QList<Alert> alerts; // raised by rules and committed (alert, outbox rows and rule state)
    QStringList errors; // rules that fired but whose alert was refused, with the reason
};

// Connects the rules to the rest: keeps the rule table and the RuleEngine in step, submits
// what the rules raise through the AlertManager (each alert committed together with the state
// of the rule that raised it), saves the other state changes every second, and picks up rule
// changes made by another process (alertdesk-cli rule ... while `run` or the GUI holds the
// profile).
class RuleService final : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kSyncIntervalMs = 1000;

    RuleService(Profile& profile, Database& db, AlertManager& alerts, Clock& clock, QObject* parent = nullptr);
    ~RuleService() override; // saves pending state

    bool load(QString* error, QStringList* warnings = nullptr);

    // Validates (channels must exist in the profile; a duplicate name is refused), fills in
    // created_at and stores the rule. The error names the field with the CLI's option name.
    std::optional<FieldError> addRule(Rule rule);
    // Replaces the definition of the rule named rule.name (an edit), validated as addRule. It
    // keeps created_at and its history (times fired, last fired); like enabling, an edit re-arms
    // the rule, and a new metric or condition forgets the previous value.
    std::optional<FieldError> replaceRule(Rule rule);
    bool removeRule(const QString& name, QString* error); // *error "no rule named ..." when absent
    // Enabling re-arms the rule: a spent `once` rule may fire again, and crossings start from
    // the metric's latest value rather than the one seen before the rule was disabled.
    bool setEnabled(const QString& name, bool enabled, QString* error);

    QList<Rule> rules() const;
    std::optional<Rule> rule(const QString& name) const;
    RuleEngine& engine() { return *m_engine; }

    // Evaluates a sample (timeMs: its time, ms since the epoch) and submits what fired.
    SampleResult submitSample(const QString& metric, double value, qint64 timeMs);
    // Saves the state changes not yet stored.
    bool flush(QString* error = nullptr);
    // Reloads the rules when another process changed them; true when it did.
    bool reloadIfChanged();
    // Every kSyncIntervalMs of the clock: flush() and reloadIfChanged().
    void startSync();

Q_SIGNALS:
    void ruleFired(const QString& rule, const alertdesk::Alert& alert);
    void rulesChanged();

private:
    void scheduleSync();

    Profile& m_profile;
    Database& m_db;
    AlertManager& m_alerts;
    Clock& m_clock;
    std::unique_ptr<RuleStore> m_store;
    std::unique_ptr<RuleEngine> m_engine;
    QString m_stamp;
    bool m_syncing = false;
};

} // namespace alertdesk
