// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>

namespace alertdesk {

class Database;

// The full-text index over alerts' title and message, filled in batches: alerts past the
// high-water mark (alerts_fts_indexed.seq) are not in it yet, and a search matches them
// directly. Only the driving engine indexes (it holds the only writer that runs steadily).
class AlertSearchIndex final {
public:
    explicit AlertSearchIndex(Database& db);

    // The highest alerts.seq in the index (0 for none, -1 when it cannot be read).
    qint64 indexedUpTo() const;
    // Indexes the next `limit` alerts (at most) past the high-water mark and advances it, in
    // one transaction. Returns how many it indexed, or -1 and sets *error.
    int indexPending(int limit, QString* error = nullptr);

private:
    Database& m_db;
};

} // namespace alertdesk
