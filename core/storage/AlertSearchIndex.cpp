// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertSearchIndex.h"

#include "Database.h"

#include <QSqlError>
#include <QSqlQuery>

namespace alertdesk {

AlertSearchIndex::AlertSearchIndex(Database& db)
    : m_db(db)
{
}

qint64 AlertSearchIndex::indexedUpTo() const
{
    QSqlQuery q(m_db.db());
    if (!q.exec(QStringLiteral("SELECT seq FROM alerts_fts_indexed")) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

int AlertSearchIndex::indexPending(int limit, QString* error)
{
    int indexed = 0;
    const bool ok = m_db.transaction(
        [&] {
            QSqlQuery q(m_db.db());
            auto fail = [&] {
                if (error)
                    *error = q.lastError().text();
                return false;
            };
            // The last seq of this batch: seq only grows (AUTOINCREMENT) and writers take
            // turns, so every alert up to it is committed and none will come in below it.
            q.prepare(QStringLiteral("SELECT COUNT(*), MAX(seq) FROM (SELECT seq FROM alerts WHERE seq > "
                                     "(SELECT seq FROM alerts_fts_indexed) ORDER BY seq LIMIT ?)"));
            q.addBindValue(limit);
            if (!q.exec() || !q.next())
                return fail();
            indexed = q.value(0).toInt();
            const qint64 upTo = q.value(1).toLongLong();
            q.finish();
            if (indexed == 0)
                return true;
            q.prepare(
                QStringLiteral("INSERT INTO alerts_fts (rowid, title, message) SELECT seq, title, message FROM "
                               "alerts WHERE seq > (SELECT seq FROM alerts_fts_indexed) AND seq <= ? ORDER BY seq"));
            q.addBindValue(upTo);
            if (!q.exec())
                return fail();
            q.prepare(QStringLiteral("UPDATE alerts_fts_indexed SET seq = ?"));
            q.addBindValue(upTo);
            return q.exec() || fail();
        },
        error);
    return ok ? indexed : -1;
}

} // namespace alertdesk
