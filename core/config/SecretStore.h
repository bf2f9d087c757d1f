// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QObject>
#include <QString>
#include <functional>

namespace alertdesk {

struct SecretResult {
    bool ok = false;
    bool notFound = false; // ok == false and the key simply is not there
    QString value;
    QString error; // what went wrong, naming the cause (never the value)
};

// Asynchronous access to secrets, keyed "profile-id/channel/field". Callbacks run on the
// thread that made the call, from its event loop.
class SecretStore : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const SecretResult&)>;

    explicit SecretStore(QObject* parent = nullptr)
        : QObject(parent)
    {
    }
    ~SecretStore() override = default;

    static QString key(const QString& profileId, const QString& channel, const QString& field)
    {
        return profileId + QLatin1Char('/') + channel + QLatin1Char('/') + field;
    }

    virtual void read(const QString& key, Callback done) = 0;
    virtual void write(const QString& key, const QString& value, Callback done) = 0;
    virtual void remove(const QString& key, Callback done) = 0;
};

// The operating system's keychain through QtKeychain (Secret Service on Linux), service
// "AlertDesk". There is no plaintext fallback: without a keychain every call fails with a
// message that says so.
class KeychainSecretStore final : public SecretStore {
    Q_OBJECT
public:
    explicit KeychainSecretStore(QObject* parent = nullptr);
    ~KeychainSecretStore() override;

    void read(const QString& key, Callback done) override;
    void write(const QString& key, const QString& value, Callback done) override;
    void remove(const QString& key, Callback done) override;

    static QString serviceName() { return QStringLiteral("AlertDesk"); }
};

} // namespace alertdesk
