// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "WalCheckpointer.h"

#include "util/Logging.h"

#include <QAtomicInt>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace alertdesk {

namespace {
QAtomicInt s_counter;
}

WalCheckpointer::WalCheckpointer(QString path)
    : m_path(std::move(path))
{
}

WalCheckpointer::~WalCheckpointer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

void WalCheckpointer::noteCommit()
{
    if (m_dirty.exchange(true))
        return; // already due
    std::lock_guard lock(m_mutex);
    if (!m_thread.joinable())
        m_thread = std::thread([this] { run(); });
    m_wake.notify_one();
}

void WalCheckpointer::run()
{
    const QString name = QStringLiteral("alertdesk-checkpoint-%1").arg(s_counter.fetchAndAddRelaxed(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            qCWarning(lcStorage).noquote() << "cannot open the history for checkpoints:" << db.lastError().text();
        } else {
            QSqlQuery passive(db), restart(db);
            passive.prepare(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
            restart.prepare(QStringLiteral("PRAGMA wal_checkpoint(RESTART)"));
            std::unique_lock lock(m_mutex);
            for (;;) {
                m_wake.wait(lock, [this] { return m_stop || m_dirty.load(); });
                if (m_stop)
                    break;
                // Let commits gather, then copy them all at once.
                m_wake.wait_for(lock, std::chrono::milliseconds(kPeriodMs), [this] { return m_stop; });
                if (m_stop)
                    break;
                m_dirty = false;
                lock.unlock();
                // PASSIVE never makes the engine wait. Under a steady stream of commits the log
                // may never be found fully copied at the start of a write, so it is never reused
                // and grows: past kRestartPages a RESTART (writers wait once) starts it over.
                int logPages = 0;
                if (passive.exec() && passive.next())
                    logPages = passive.value(1).toInt();
                passive.finish();
                if (logPages > kRestartPages) {
                    restart.exec();
                    restart.finish();
                }
                ++m_checkpoints;
                lock.lock();
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace alertdesk
