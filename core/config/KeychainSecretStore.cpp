// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "SecretStore.h"

#include "util/Logging.h"

#include <qt6keychain/keychain.h>

#ifdef ALERTDESK_SECRET_SERVICE_CHECK
#include <QDBusConnection>
#include <QDBusConnectionInterface>
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
        r.error = describe(job->error(), job->errorString());
        qCWarning(lcSecrets).noquote() << "keychain:" << r.error;
    }
    done(r);
}
} // namespace

KeychainSecretStore::KeychainSecretStore(QObject* parent)
    : SecretStore(parent)
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

void KeychainSecretStore::read(const QString& key, Callback done)
{
    auto* job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] { finish(job, done, true); });
    job->start();
}

void KeychainSecretStore::write(const QString& key, const QString& value, Callback done)
{
    auto* job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setTextData(value);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] { finish(job, done, false); });
    job->start();
}

void KeychainSecretStore::remove(const QString& key, Callback done)
{
    auto* job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        // Removing what is not there is no failure.
        if (job->error() == QKeychain::EntryNotFound) {
            done(SecretResult { true, false, {}, {} });
            return;
        }
        finish(job, done, false);
    });
    job->start();
}

} // namespace alertdesk
