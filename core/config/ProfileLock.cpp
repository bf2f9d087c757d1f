// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ProfileLock.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace alertdesk {

ProfileLock::ProfileLock(const QString& lockPath)
    : m_lock(std::make_unique<QLockFile>(lockPath))
    , m_path(lockPath)
{
    // A live holder refreshes nothing; staleness is decided by its PID being gone.
    m_lock->setStaleLockTime(0);
}

ProfileLock::~ProfileLock() = default;

bool ProfileLock::tryLock()
{
    if (m_lock->tryLock(0))
        return true;
    if (m_lock->error() != QLockFile::LockFailedError || ownerPid() > 0)
        return false;
    // A holder killed between creating the file and writing its PID leaves it without one: no
    // PID says it is gone, and staleness by age is off, so the profile would stay locked for
    // good. A live holder writes its PID right after creating the file: one still without a
    // PID a moment later was left by a dead one.
    if (m_lock->tryLock(200))
        return true;
    if (m_lock->error() != QLockFile::LockFailedError || ownerPid() > 0)
        return false;
    return m_lock->removeStaleLockFile() && m_lock->tryLock(0);
}

bool ProfileLock::isLocked() const
{
    return m_lock->isLocked();
}

qint64 ProfileLock::ownerPid() const
{
    qint64 pid = 0;
    QString host, app;
    return m_lock->getLockInfo(&pid, &host, &app) ? pid : 0;
}

QString ProfileLock::errorString() const
{
    if (m_lock->error() == QLockFile::NoError)
        return {};
    if (m_lock->error() == QLockFile::LockFailedError)
        return QStringLiteral("another process holds the profile lock %1").arg(m_path);
    // A read-only mount refuses even root; a folder without write permission refuses its user.
    const QString dir = QFileInfo(m_path).absolutePath();
    if (::access(QFile::encodeName(dir).constData(), W_OK) != 0)
        return QStringLiteral("the profile folder %1 is read-only (%2)")
            .arg(dir, QString::fromLocal8Bit(std::strerror(errno)));
    return QStringLiteral("cannot write the profile lock %1 (is the disk full?)").arg(m_path);
}

void ProfileLock::unlock()
{
    m_lock->unlock();
}

} // namespace alertdesk
