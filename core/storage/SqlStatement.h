// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace alertdesk {

// One prepared SQLite statement on a Database's connection, used straight through SQLite's
// API: the hot statements of the outbox run tens of thousands of times a minute, and
// QSqlQuery's per-value binding and row caching cost more than SQLite's own work on them.
// Made and owned by Database::statement(); used only on the connection's thread.
class SqlStatement final {
public:
    SqlStatement(sqlite3* db, sqlite3_stmt* stmt)
        : m_db(db)
        , m_stmt(stmt)
    {
    }
    ~SqlStatement();
    SqlStatement(const SqlStatement&) = delete;
    SqlStatement& operator=(const SqlStatement&) = delete;

    // Binding: positions start at 0, as with QSqlQuery. A null QString binds as ''.
    void bind(int pos, const QString& value);
    void bind(int pos, qint64 value);
    void bind(int pos, int value) { bind(pos, qint64(value)); }
    void bindNull(int pos);

    // Runs the statement (from the start); for a SELECT, next() then walks its rows.
    bool exec();
    bool next();
    // Ends a SELECT early and releases its read snapshot; exec() starts over anyway.
    void finish();

    qint64 int64(int column) const;
    QString text(int column) const;
    bool isNull(int column) const;

    int rowsAffected() const; // by the last exec() of an INSERT, UPDATE or DELETE
    qint64 lastInsertId() const; // the rowid of the connection's latest INSERT
    QString errorText() const { return m_error; }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt;
    bool m_rowPending = false; // exec() stepped onto the first row; next() hands it out
    int m_changes = 0;
    QString m_error;
};

} // namespace alertdesk
