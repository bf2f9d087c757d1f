// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>

namespace alertdesk {

class Database;

// Where each subscribed source has read up to (table source_positions): what it asks the
// server to resume after. Written inside the transaction that stores the alert a message made.
class SourcePositionStore final {
public:
    explicit SourcePositionStore(Database& db)
        : m_db(db)
    {
    }

    // "" when the source has none yet (or on a read error, which *error then says).
    QString position(const QString& source, QString* error = nullptr) const;
    bool setPosition(const QString& source, const QString& position, qint64 nowMs, QString* error);
    bool remove(const QString& source, QString* error);

private:
    Database& m_db;
};

} // namespace alertdesk
