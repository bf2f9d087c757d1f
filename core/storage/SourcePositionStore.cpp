// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "SourcePositionStore.h"

#include "Database.h"
#include "SqlStatement.h"

namespace alertdesk {

QString SourcePositionStore::position(const QString& source, QString* error) const
{
    QString e;
    SqlStatement* q = m_db.statement(QStringLiteral("SELECT position FROM source_positions WHERE source = ?"), &e);
    if (!q) {
        if (error)
            *error = e;
        return {};
    }
    q->bind(0, source);
    if (!q->exec()) {
        if (error)
            *error = q->errorText();
        return {};
    }
    QString out;
    if (q->next())
        out = q->text(0);
    q->finish();
    return out;
}

bool SourcePositionStore::setPosition(const QString& source, const QString& position, qint64 nowMs, QString* error)
{
    SqlStatement* q = m_db.statement(QStringLiteral("INSERT INTO source_positions (source, position, updated_at) "
                                                    "VALUES (?, ?, ?) ON CONFLICT(source) DO UPDATE SET "
                                                    "position = excluded.position, updated_at = excluded.updated_at"),
        error);
    if (!q)
        return false;
    q->bind(0, source);
    q->bind(1, position);
    q->bind(2, nowMs);
    if (!q->exec()) {
        *error = q->errorText();
        return false;
    }
    return true;
}

bool SourcePositionStore::remove(const QString& source, QString* error)
{
    SqlStatement* q = m_db.statement(QStringLiteral("DELETE FROM source_positions WHERE source = ?"), error);
    if (!q)
        return false;
    q->bind(0, source);
    if (!q->exec()) {
        *error = q->errorText();
        return false;
    }
    return true;
}

} // namespace alertdesk
