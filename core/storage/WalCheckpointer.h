// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace alertdesk {

// Copies a history database's write-ahead log back into the database on a thread of its own,
// with its own connection. A checkpoint ends in fsync of the database file, which can take tens of milliseconds on a
// busy disk: done by the engine's connection it would stall every delivery behind it. The engine's connection turns its
// automatic checkpoints off and calls noteCommit() instead.
class WalCheckpointer final {
public:
    static constexpr int kPeriodMs = 100; // after a commit, checkpoint within this
    static constexpr int kRestartPages = 16384; // a log this long is restarted (writers wait)

    explicit WalCheckpointer(QString path);
    ~WalCheckpointer(); // stops the thread; the database's last connection checkpoints on close
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    // A transaction committed: checkpoint soon. Starts the thread on first use. Cheap.
    void noteCommit();
    // Checkpoints that ran (for tests).
    int checkpoints() const { return m_checkpoints.load(); }

private:
    void run();

    QString m_path;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::atomic<bool> m_dirty { false };
    std::atomic<int> m_checkpoints { 0 };
    bool m_stop = false;
};

} // namespace alertdesk
