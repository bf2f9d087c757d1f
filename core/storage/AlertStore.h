// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QList>
#include <optional>

namespace alertdesk {

class Database;

// Reads and writes alerts. Does not open transactions of its own: callers that write an alert
// together with its outbox rows wrap both in Database::transaction().
class AlertStore final {
public:
    explicit AlertStore(Database& db);

    bool insert(const Alert& a, QString* error);
    std::optional<Alert> get(const QString& id) const;
    // Newest first; beforeSeq > 0 continues a page (keyset paging, cheap at any depth).
    QList<Alert> recent(int limit, qint64 beforeSeq = 0, QList<qint64>* seqs = nullptr) const;
    qint64 count() const;
    bool setState(const QString& id, AlertState state, qint64 nowMs, QString* error);
    // The newest alert with this dedup key that is not resolved (sources that report both the
    // start and the end of a problem, such as Alertmanager, find their alert by it).
    std::optional<Alert> latestUnresolvedByDedupKey(const QString& dedupKey) const;

private:
    Database& m_db;
};

} // namespace alertdesk
