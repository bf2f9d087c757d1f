// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <memory>
#include <vector>

struct sqlite3;

namespace alertdesk {

class SqlStatement;
class WalCheckpointer;

// One SQLite connection to a profile's history (alerts, outbox deliveries, attempts), its policies and rules.
// A QSqlDatabase connection belongs to the thread that opened it: open one per thread.
class Database final {
public:
    static constexpr int kSchemaVersion = 13;

    enum class Mode { ReadWrite, ReadOnly };

    // Opens (creating when ReadWrite) and migrates the database at path. A database written
    // by a newer AlertDesk is refused and left untouched. Returns nullptr and sets *error.
    // onUpgrade(from, to) is called before an existing history is migrated (once per
    // version; a long history takes a while): to tell the user.
    using UpgradeNotice = std::function<void(int from, int to)>;
    static std::unique_ptr<Database> open(
        const QString& path, QString* error, Mode mode = Mode::ReadWrite, const UpgradeNotice& onUpgrade = {});

    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    QSqlDatabase db() const;
    QString path() const { return m_path; }
    int schemaVersion() const;

    // Runs fn inside BEGIN IMMEDIATE ... COMMIT; rolls back when fn returns false. Inside
    // another transaction (a group commit) fn runs in a savepoint: false undoes fn's own work
    // only, and what it wrote is committed, and synced, with the outermost transaction.
    bool transaction(const std::function<bool()>& fn, QString* error = nullptr);
    // Runs fn once what was written so far is committed: at once outside a transaction, after
    // the outermost COMMIT inside one; never when that transaction (or the savepoint this is
    // called in) rolls back. For what must not be told before the commit: signals, wake-ups.
    void afterCommit(std::function<void()> fn);
    // Transactions committed on this connection (each one sync of the log to the disk).
    qint64 commits() const { return m_commits; }

    // The statement sql, prepared once and kept for the life of the connection (preparing
    // costs more than running most of our statements). Bind every value again before each
    // exec(), and finish() a SELECT left unread, so it holds no read snapshot.
    // Returns nullptr and sets *error when sql does not prepare.
    SqlStatement* statement(const QString& sql, QString* error = nullptr);

    // The SQL of migration `version` (1..kSchemaVersion): what brought an older history from
    // version-1 to version. Tests build older histories with it.
    static const char* migrationStep(int version);

private:
    Database(QString connectionName, QString path);
    bool migrate(QString* error);
    bool migrateSteps(int from, QString* error);
    bool execCached(const QString& sql, QString* error);
    bool savepoint(const std::function<bool()>& fn, QString* error);

    QString m_connectionName;
    QString m_path;
    sqlite3* m_handle = nullptr; // the QSQLITE connection's own
    QHash<QString, std::shared_ptr<SqlStatement>> m_statements;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // ReadWrite only
    int m_depth = 0; // transactions open: 1 the outermost, more are savepoints
    std::vector<std::function<void()>> m_afterCommit;
    qint64 m_commits = 0;
};

} // namespace alertdesk
