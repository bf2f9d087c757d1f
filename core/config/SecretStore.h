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
    // The keychain is there but cannot be used now (locked, or it did not answer in time):
    // the same call may work later, once it is unlocked.
    bool unavailable = false;
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

// What the system asks the user before a secret can be stored in its keychain: to choose a
// password for a new keyring (a new machine has none until something is stored), to unlock
// the keyring, or nothing.
enum class KeychainPrompt { None, NewKeyring, Unlock };
// Asks the Secret Service (a few milliseconds, a second at most); *keyring gets the keyring's
// name when it has one. None when there is no Secret Service to ask.
KeychainPrompt keychainPromptOnStore(QString* keyring = nullptr);

// The operating system's keychain through QtKeychain (Secret Service on Linux), service
// "AlertDesk". There is no plaintext fallback: without a keychain every call fails with a
// message that says so.
//
// A locked keychain: the Secret Service would show its unlock prompt and keep the call waiting
// for as long as nobody answers it. With unlockWaitMs == 0 (the command line) a call fails at
// once, naming the locked collection and what to do; with unlockWaitMs > 0 (the window) the
// prompt is shown and the call fails if the keychain is still locked after that long. Every
// call is answered within answerMs (or unlockWaitMs) in any case; a call that fails for a
// locked or silent keychain says so with SecretResult::unavailable.
class KeychainSecretStore final : public SecretStore {
    Q_OBJECT
public:
    static constexpr int kDefaultAnswerMs = 25000;

    explicit KeychainSecretStore(QObject* parent = nullptr, int unlockWaitMs = 0, int answerMs = kDefaultAnswerMs);
    ~KeychainSecretStore() override;

    void read(const QString& key, Callback done) override;
    void write(const QString& key, const QString& value, Callback done) override;
    void remove(const QString& key, Callback done) override;

    static QString serviceName() { return QStringLiteral("AlertDesk"); }

private:
    template <typename Job> void start(Job* job, Callback done, bool wantValue, bool missingIsOk);

    int m_unlockWaitMs;
    int m_answerMs;
};

} // namespace alertdesk
