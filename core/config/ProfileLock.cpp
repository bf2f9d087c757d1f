#include "ProfileLock.h"

namespace alertdesk {

ProfileLock::ProfileLock(const QString& lockPath)
    : m_lock(std::make_unique<QLockFile>(lockPath))
{
    // A live holder refreshes nothing; staleness is decided by its PID being gone.
    m_lock->setStaleLockTime(0);
}

ProfileLock::~ProfileLock() = default;

bool ProfileLock::tryLock() { return m_lock->tryLock(0); }

bool ProfileLock::isLocked() const { return m_lock->isLocked(); }

qint64 ProfileLock::ownerPid() const
{
    qint64 pid = 0;
    QString host, app;
    return m_lock->getLockInfo(&pid, &host, &app) ? pid : 0;
}

void ProfileLock::unlock() { m_lock->unlock(); }

} // namespace alertdesk
