// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Rule.h"
#include "RuleEngine.h"

#include <QList>
#include <optional>

namespace alertdesk {

class Database;

// The `rules` table of a profile's database: definitions and their evaluation state. Opens
// no transaction of its own; callers wrap writes in Database::transaction() (a rule's state
// is committed together with the alert it raised).
class RuleStore final {
public:
    explicit RuleStore(Database& db);

    // Every rule; rows that cannot be read are skipped and named in *warnings.
    QList<Rule> all(QString* error, QStringList* warnings = nullptr) const;
    std::optional<Rule> get(const QString& name) const;
    // Inserts r (its name must be free) and sets r.revision.
    bool insert(Rule& r, QString* error);
    // Replaces the definition and state of the rule named r.name; sets the new r.revision.
    bool replace(Rule& r, QString* error);
    bool remove(const QString& name, QString* error); // false with *error empty: no such rule
    // Stores the state of one revision of a rule; nothing happens when that revision has been
    // replaced or removed in the meantime (by another process).
    bool saveState(qint64 revision, const RuleState& state, QString* error);
    bool saveStates(const QList<RuleStateUpdate>& updates, QString* error);
    // Changes whenever any process adds, replaces or removes a rule (not on state updates).
    QString changeStamp() const;

private:
    Database& m_db;
};

} // namespace alertdesk
