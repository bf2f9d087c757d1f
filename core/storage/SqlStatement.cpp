// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "SqlStatement.h"

#include <sqlite3.h>

namespace alertdesk {

SqlStatement::~SqlStatement()
{
    sqlite3_finalize(m_stmt);
}

void SqlStatement::bind(int pos, const QString& value)
{
    // As UTF-8, the database's encoding, so SQLite converts nothing; copied (SQLITE_TRANSIENT)
    // because the bytes are a temporary.
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_stmt, pos + 1, utf8.isNull() ? "" : utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void SqlStatement::bind(int pos, qint64 value)
{
    sqlite3_bind_int64(m_stmt, pos + 1, value);
}

void SqlStatement::bindNull(int pos)
{
    sqlite3_bind_null(m_stmt, pos + 1);
}

bool SqlStatement::exec()
{
    sqlite3_reset(m_stmt);
    m_rowPending = false;
    m_error.clear();
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        m_rowPending = true;
        return true;
    }
    if (rc == SQLITE_DONE) {
        m_changes = sqlite3_changes(m_db);
        sqlite3_reset(m_stmt);
        return true;
    }
    m_error = QString::fromUtf16(static_cast<const char16_t*>(sqlite3_errmsg16(m_db)));
    sqlite3_reset(m_stmt);
    return false;
}

bool SqlStatement::next()
{
    if (m_rowPending) {
        m_rowPending = false;
        return true;
    }
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_error = QString::fromUtf16(static_cast<const char16_t*>(sqlite3_errmsg16(m_db)));
    sqlite3_reset(m_stmt);
    return false;
}

void SqlStatement::finish()
{
    m_rowPending = false;
    sqlite3_reset(m_stmt);
}

qint64 SqlStatement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QString SqlStatement::text(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return data ? QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column)) : QString();
}

bool SqlStatement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

int SqlStatement::rowsAffected() const
{
    return m_changes;
}

qint64 SqlStatement::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

} // namespace alertdesk
