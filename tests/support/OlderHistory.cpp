// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "OlderHistory.h"

#include "storage/Database.h"

#include <sqlite3.h>

namespace alertdesk::test {

QString writeOlderHistory(const QString& path, int version, const char* rows)
{
    sqlite3* db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK) {
        const QString error = QStringLiteral("cannot open %1: %2").arg(path, QString::fromUtf8(sqlite3_errmsg(db)));
        sqlite3_close(db);
        return error;
    }
    QByteArray sql = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; BEGIN;";
    for (int v = 1; v <= version; ++v)
        sql += Database::migrationStep(v);
    sql += QByteArray(rows) + "; PRAGMA user_version=" + QByteArray::number(version) + "; COMMIT;";
    char* message = nullptr;
    QString error;
    if (sqlite3_exec(db, sql.constData(), nullptr, nullptr, &message) != SQLITE_OK)
        error = QString::fromUtf8(message);
    sqlite3_free(message);
    sqlite3_close(db);
    return error;
}

} // namespace alertdesk::test
