// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "config/SecretStore.h"

#include <QMap>
#include <QStringList>
#include <functional>

namespace alertdesk::test {

// The real Secret Service for end-to-end tests (scripts/with-test-services.sh starts one):
//   TestKeychain m_keychain;
//   initTestCase():    const QString problem = m_keychain.start(); if (!problem.isEmpty()) QFAIL(...)
//   a test:            m_keychain << profileDir;   // its secrets go at the end
//   cleanupTestCase(): m_keychain.purge();
class TestKeychain final {
public:
    // "" when the Secret Service answers (a probe secret written, read back and removed
    // through KeychainSecretStore), else what is missing and how to get it.
    QString start(int timeoutMs = 10000) const;

    // Registers a profile folder whose secrets purge() removes.
    TestKeychain& operator<<(const QString& profileDir);
    QStringList& profiles() { return m_profiles; }
    // Removes the registered profiles' secrets; returns the keys that could not be removed.
    QStringList purge(int timeoutMs = 10000);

    // One call of a KeychainSecretStore made on this thread, waited for with a deadline.
    static SecretResult call(
        const std::function<void(KeychainSecretStore&, SecretStore::Callback)>& call, int timeoutMs = 10000);
    static SecretResult read(const QString& key, int timeoutMs = 10000);
    static SecretResult write(const QString& key, const QString& value, int timeoutMs = 10000);
    static SecretResult remove(const QString& key, int timeoutMs = 10000);
    // Every secret the profile's config.json names, as the keychain holds it (key -> value);
    // sets *error and stops at the first one that cannot be read.
    static QMap<QString, QString> profileSecrets(const QString& profileDir, QString* error, int timeoutMs = 10000);

private:
    QStringList m_profiles;
};

// The same checks as free functions, for code that has no TestKeychain at hand.
QString secretServiceProblem(int timeoutMs = 10000);
// Removes from the keychain every secret that the profile's config.json names; returns the
// keys that could not be removed.
QStringList purgeProfileSecrets(const QString& profileDir, int timeoutMs = 10000);

} // namespace alertdesk::test
