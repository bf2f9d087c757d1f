// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "MemorySecretStore.h"

namespace alertdesk::test {

void MemorySecretStore::answer(Callback done, SecretResult r)
{
    QMetaObject::invokeMethod(
        this, [done = std::move(done), r] { done(r); }, Qt::QueuedConnection);
}

void MemorySecretStore::read(const QString& key, Callback done)
{
    if (!m_error.isEmpty())
        return answer(std::move(done), { false, false, {}, m_error });
    if (!m_values.contains(key))
        return answer(std::move(done), { false, true, {}, QStringLiteral("no secret stored for %1").arg(key) });
    answer(std::move(done), { true, false, m_values.value(key), {} });
}

void MemorySecretStore::write(const QString& key, const QString& value, Callback done)
{
    if (!m_error.isEmpty())
        return answer(std::move(done), { false, false, {}, m_error });
    m_values.insert(key, value);
    answer(std::move(done), { true, false, {}, {} });
}

void MemorySecretStore::remove(const QString& key, Callback done)
{
    if (!m_error.isEmpty())
        return answer(std::move(done), { false, false, {}, m_error });
    m_values.remove(key);
    answer(std::move(done), { true, false, {}, {} });
}

} // namespace alertdesk::test
