// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "SecretStore.h"

#include "util/Logging.h"

#include <qt6keychain/keychain.h>

#include <QTimer>

#include <memory>
#include <utility>

#ifdef ALERTDESK_SECRET_SERVICE_CHECK
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#endif

namespace alertdesk {

namespace {
// QtKeychain reports a missing D-Bus session or Secret Service as OtherError, with libsecret's
// own words ("Could not connect", "was not provided by any .service files"). Asked only after
// a failure: is there any keychain service on the session bus at all?
bool keychainServiceReachable()
{
#ifdef ALERTDESK_SECRET_SERVICE_CHECK
    QDBusConnection bus = QDBusConnection::sessionBus();
    QDBusConnectionInterface* iface = bus.isConnected() ? bus.interface() : nullptr;
    if (!iface)
        return false;
    const QStringList names { QStringLiteral("org.freedesktop.secrets"), QStringLiteral("org.kde.kwalletd6"),
        QStringLiteral("org.kde.kwalletd5"), QStringLiteral("org.kde.kwalletd") };
    const QDBusReply<QStringList> activatable = iface->activatableServiceNames();
    for (const QString& n : names) {
        if (iface->isServiceRegistered(n).value() || (activatable.isValid() && activatable.value().contains(n)))
            return true;
    }
    return false;
#else
    return true;
#endif
}

QString describe(QKeychain::Error code, const QString& text)
{
    if (code != QKeychain::NoBackendAvailable && code != QKeychain::AccessDenied
        && code != QKeychain::AccessDeniedByUser && !keychainServiceReachable())
        code = QKeychain::NoBackendAvailable;
    switch (code) {
    case QKeychain::NoBackendAvailable:
        return QStringLiteral("no keychain is available (%1). AlertDesk keeps secrets only in the system keychain: "
                              "start a Secret Service such as gnome-keyring or KWallet and try again")
            .arg(text);
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return QStringLiteral("the keychain refused access (%1); unlock it and try again").arg(text);
    default:
        return QStringLiteral("keychain error: %1").arg(text);
    }
}

// The Secret Service's default collection (where QtKeychain stores), and whether it is locked.
struct CollectionLock {
    bool answered = false; // a Secret Service said which collection is the default
    bool exists = false; // there is a default collection (a new machine may have none yet)
    bool locked = false;
    QString label; // "Login", as the keychain's own window names it
};

// Asks the Secret Service on the session bus (a few milliseconds; never more than a second
// each way): locked is false when there is no Secret Service or it does not say.
CollectionLock defaultCollectionLock()
{
    CollectionLock out;
#ifdef ALERTDESK_SECRET_SERVICE_CHECK
    constexpr int kAskMs = 1000;
    const QString service = QStringLiteral("org.freedesktop.secrets");
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return out;
    QDBusMessage alias = QDBusMessage::createMethodCall(service, QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("ReadAlias"));
    alias << QStringLiteral("default");
    const QDBusMessage aliasReply = bus.call(alias, QDBus::Block, kAskMs);
    if (aliasReply.type() != QDBusMessage::ReplyMessage || aliasReply.arguments().isEmpty())
        return out;
    out.answered = true;
    const QString path = aliasReply.arguments().first().value<QDBusObjectPath>().path();
    if (path.isEmpty() || path == QLatin1String("/"))
        return out;
    out.exists = true;
    QDBusMessage get = QDBusMessage::createMethodCall(
        service, path, QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("GetAll"));
    get << QStringLiteral("org.freedesktop.Secret.Collection");
    const QDBusMessage props = bus.call(get, QDBus::Block, kAskMs);
    if (props.type() != QDBusMessage::ReplyMessage || props.arguments().isEmpty())
        return out;
    const auto map = qdbus_cast<QVariantMap>(props.arguments().first());
    out.locked = map.value(QStringLiteral("Locked")).toBool();
    out.label = map.value(QStringLiteral("Label")).toString();
    if (out.label.isEmpty())
        out.label = path.section(QLatin1Char('/'), -1);
#endif
    return out;
}

QString lockedMessage(const QString& label, int waitedMs)
{
    const QString waited
        = waitedMs > 0 ? QStringLiteral(" and was not unlocked within %1 s").arg((waitedMs + 999) / 1000) : QString();
    return QStringLiteral("the keychain is locked (the Secret Service collection \"%1\")%2. AlertDesk keeps "
                          "secrets only in the system keychain, never in a file: unlock \"%1\" (log in again, or "
                          "unlock it in Passwords and Keys) and try again")
        .arg(label, waited);
}

template <typename Job> void finish(Job* job, const SecretStore::Callback& done, bool wantValue)
{
    SecretResult r;
    if (job->error() == QKeychain::NoError) {
        r.ok = true;
        if constexpr (std::is_same_v<Job, QKeychain::ReadPasswordJob>) {
            if (wantValue)
                r.value = job->textData();
        }
    } else if (job->error() == QKeychain::EntryNotFound) {
        r.notFound = true;
        r.error = QStringLiteral("no secret stored for %1").arg(job->key());
    } else {
        // A prompt that could not be shown fails the call at once: still a locked keychain.
        const CollectionLock lock = defaultCollectionLock();
        r.unavailable = lock.locked;
        r.error = lock.locked ? lockedMessage(lock.label, 0) : describe(job->error(), job->errorString());
        qCWarning(lcSecrets).noquote() << "keychain:" << r.error;
    }
    done(r);
}
} // namespace

KeychainPrompt keychainPromptOnStore(QString* keyring)
{
    const CollectionLock lock = defaultCollectionLock();
    if (keyring)
        *keyring = lock.label;
    if (!lock.answered)
        return KeychainPrompt::None;
    if (!lock.exists)
        return KeychainPrompt::NewKeyring;
    return lock.locked ? KeychainPrompt::Unlock : KeychainPrompt::None;
}

KeychainSecretStore::KeychainSecretStore(QObject* parent, int unlockWaitMs, int answerMs)
    : SecretStore(parent)
    , m_unlockWaitMs(unlockWaitMs)
    , m_answerMs(answerMs)
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

template <typename Job> void KeychainSecretStore::start(Job* job, Callback done, bool wantValue, bool missingIsOk)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    int waitMs = m_answerMs;
    if (const CollectionLock lock = defaultCollectionLock(); lock.locked) {
        if (m_unlockWaitMs <= 0) {
            // The Secret Service would keep the call waiting on its unlock prompt: say so now.
            delete job;
            SecretResult r;
            r.unavailable = true;
            r.error = lockedMessage(lock.label, 0);
            qCWarning(lcSecrets).noquote() << "keychain:" << r.error;
            QMetaObject::invokeMethod(
                this, [r, done = std::move(done)] { done(r); }, Qt::QueuedConnection);
            return;
        }
        waitMs = m_unlockWaitMs; // the user answers the system's unlock prompt meanwhile
    }
    // Whichever comes first answers: the keychain, or the deadline. A job that answers after
    // its deadline (the prompt was answered late) is only logged.
    auto answered = std::make_shared<bool>(false);
    connect(job, &QKeychain::Job::finished, this, [job, done, wantValue, missingIsOk, answered] {
        if (std::exchange(*answered, true)) {
            qCInfo(lcSecrets).noquote() << "keychain: a call answered after its deadline:"
                                        << (job->error() == QKeychain::NoError ? QStringLiteral("done")
                                                                               : job->errorString());
            return;
        }
        // Removing what is not there is no failure.
        if (missingIsOk && job->error() == QKeychain::EntryNotFound)
            return done(SecretResult { true, false, {}, {} });
        finish(job, done, wantValue);
    });
    QTimer::singleShot(waitMs, this, [done, waitMs, answered] {
        if (std::exchange(*answered, true))
            return;
        const CollectionLock lock = defaultCollectionLock();
        SecretResult r;
        r.unavailable = true;
        r.error = lock.locked ? lockedMessage(lock.label, waitMs)
                              : QStringLiteral("the keychain did not answer within %1 s: check that it runs and is "
                                               "unlocked, then try again")
                                    .arg((waitMs + 999) / 1000);
        qCWarning(lcSecrets).noquote() << "keychain:" << r.error;
        done(r);
    });
    job->start();
}

void KeychainSecretStore::read(const QString& key, Callback done)
{
    auto* job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setKey(key);
    start(job, std::move(done), true, false);
}

void KeychainSecretStore::write(const QString& key, const QString& value, Callback done)
{
    auto* job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setKey(key);
    job->setTextData(value);
    start(job, std::move(done), false, false);
}

void KeychainSecretStore::remove(const QString& key, Callback done)
{
    auto* job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setKey(key);
    start(job, std::move(done), false, true);
}

} // namespace alertdesk
