// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "TestKeychain.h"

#include "TestProfile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace alertdesk::test {

namespace {
// The profile's secrets as config.json names them: key per (channel, secret field).
QStringList secretKeys(const QString& profileDir, QString* error)
{
    QFile f(QDir(profileDir).filePath(QStringLiteral("config.json")));
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("no config.json");
        return {};
    }
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    const QString profileId = root.value(QStringLiteral("profile_id")).toString();
    QStringList keys;
    for (const QJsonValue& c : root.value(QStringLiteral("channels")).toArray()) {
        const QString name = c.toObject().value(QStringLiteral("name")).toString();
        for (const QJsonValue& field : c.toObject().value(QStringLiteral("secret_fields")).toArray())
            keys << SecretStore::key(profileId, name, field.toString());
    }
    return keys;
}
} // namespace

SecretResult TestKeychain::call(
    const std::function<void(KeychainSecretStore&, SecretStore::Callback)>& call, int timeoutMs)
{
    KeychainSecretStore store;
    SecretResult result;
    bool done = false;
    call(store, [&](const SecretResult& r) {
        result = r;
        done = true;
    });
    if (!waitUntil([&] { return done; }, timeoutMs))
        result.error = QStringLiteral("the keychain did not answer within %1 ms").arg(timeoutMs);
    return result;
}

SecretResult TestKeychain::read(const QString& key, int timeoutMs)
{
    return call([&](KeychainSecretStore& s, SecretStore::Callback cb) { s.read(key, cb); }, timeoutMs);
}

SecretResult TestKeychain::write(const QString& key, const QString& value, int timeoutMs)
{
    return call([&](KeychainSecretStore& s, SecretStore::Callback cb) { s.write(key, value, cb); }, timeoutMs);
}

SecretResult TestKeychain::remove(const QString& key, int timeoutMs)
{
    return call([&](KeychainSecretStore& s, SecretStore::Callback cb) { s.remove(key, cb); }, timeoutMs);
}

QMap<QString, QString> TestKeychain::profileSecrets(const QString& profileDir, QString* error, int timeoutMs)
{
    QMap<QString, QString> out;
    for (const QString& key : secretKeys(profileDir, error)) {
        const SecretResult r = read(key, timeoutMs);
        if (!r.ok) {
            *error = QStringLiteral("cannot read %1: %2").arg(key, r.error);
            return out;
        }
        out.insert(key, r.value);
    }
    return out;
}

QString TestKeychain::start(int timeoutMs) const
{
    return secretServiceProblem(timeoutMs);
}

TestKeychain& TestKeychain::operator<<(const QString& profileDir)
{
    m_profiles << profileDir;
    return *this;
}

QStringList TestKeychain::purge(int timeoutMs)
{
    QStringList failed;
    for (const QString& dir : std::as_const(m_profiles))
        failed << purgeProfileSecrets(dir, timeoutMs);
    m_profiles.clear();
    return failed;
}

QString secretServiceProblem(int timeoutMs)
{
    const QString bus = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
    const QString hint = QStringLiteral(
        "These tests need the real Secret Service on the D-Bus session bus: run them inside "
        "scripts/with-test-services.sh (a private session with an unlocked gnome-keyring), as scripts/test.sh does. "
        "DBUS_SESSION_BUS_ADDRESS=%1")
                             .arg(bus.isEmpty() ? QStringLiteral("(not set)") : bus);
    const QString key
        = QStringLiteral("alertdesk-test-probe/%1/probe").arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    const QString value = QUuid::createUuid().toString();
    const SecretResult w = TestKeychain::write(key, value, timeoutMs);
    if (!w.ok)
        return QStringLiteral("No Secret Service: writing a probe secret failed (%1). %2").arg(w.error, hint);
    const SecretResult r = TestKeychain::read(key, timeoutMs);
    TestKeychain::remove(key, timeoutMs);
    if (!r.ok || r.value != value)
        return QStringLiteral("The Secret Service did not give back the probe secret (%1). %2").arg(r.error, hint);
    return {};
}

QStringList purgeProfileSecrets(const QString& profileDir, int timeoutMs)
{
    QStringList failed;
    for (const QString& key : secretKeys(profileDir, nullptr)) {
        if (!TestKeychain::remove(key, timeoutMs).ok)
            failed << key;
    }
    return failed;
}

} // namespace alertdesk::test
