// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QLockFile>
#include <QString>
#include <memory>

namespace alertdesk {

// Only one process drives a profile's outbox. The lock dies with its process (a kill -9
// leaves a stale lock that the next holder detects and takes over).
class ProfileLock final {
public:
    explicit ProfileLock(const QString& lockPath);
    ~ProfileLock();

    bool tryLock();
    bool isLocked() const;
    qint64 ownerPid() const; // of the process holding it, or 0
    // Why the last tryLock() failed, naming the file; "" when it did not.
    QString errorString() const;
    void unlock();

private:
    std::unique_ptr<QLockFile> m_lock;
    QString m_path;
};

} // namespace alertdesk
