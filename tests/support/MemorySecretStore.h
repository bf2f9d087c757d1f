// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "config/SecretStore.h"

#include <QHash>

namespace alertdesk::test {

// Secrets in memory, for unit tests only. Answers asynchronously, like the keychain.
// failWith() makes every call fail, to test how callers report a missing keychain.
class MemorySecretStore final : public SecretStore {
    Q_OBJECT
public:
    using SecretStore::SecretStore;

    void read(const QString& key, Callback done) override;
    void write(const QString& key, const QString& value, Callback done) override;
    void remove(const QString& key, Callback done) override;

    void failWith(const QString& error) { m_error = error; }
    const QHash<QString, QString>& values() const { return m_values; }

private:
    void answer(Callback done, SecretResult r);

    QHash<QString, QString> m_values;
    QString m_error;
};

} // namespace alertdesk::test
