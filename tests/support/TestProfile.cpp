// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "TestProfile.h"

#include "config/Profile.h"
#include "delivery/Dispatcher.h"
#include "engine/NotificationService.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <sys/stat.h>

namespace alertdesk::test {

bool waitUntil(const std::function<bool()>& pred, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!pred()) {
        if (deadline.hasExpired())
            return false;
        QEventLoop loop;
        QTimer::singleShot(5, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

TestProfile::TestProfile(Clock* clock)
    : m_secrets(std::make_unique<MemorySecretStore>())
    , m_clock(clock)
{
    reopen();
}

bool TestProfile::reopen()
{
    m_engine.reset();
    Engine::Options o;
    o.profileDir = m_dir.path();
    o.secrets = m_secrets.get();
    o.clock = m_clock;
    m_error.clear();
    m_engine = Engine::open(o, &m_error);
    return m_engine != nullptr;
}

TestProfile::~TestProfile()
{
    m_engine.reset(); // before the secret store it uses
}

QString TestProfile::addWebhook(
    const QString& name, const QString& url, const QJsonObject& settings, const SecretMap& extraSecrets)
{
    ChannelConfig c;
    c.name = name;
    c.kind = QStringLiteral("webhook");
    c.settings = settings;
    SecretMap secrets = extraSecrets;
    secrets.insert(QStringLiteral("url"), url);
    bool finished = false;
    QString error;
    m_engine->saveChannel(c, secrets, false, [&](const QString& e) {
        error = e;
        finished = true;
    });
    if (!waitUntil([&] { return finished; }))
        return QStringLiteral("saveChannel did not finish");
    return error;
}

QString TestProfile::addChannel(const ChannelConfig& config, const SecretMap& secrets)
{
    bool finished = false;
    QString error;
    m_engine->saveChannel(config, secrets, false, [&](const QString& e) {
        error = e;
        finished = true;
    });
    if (!waitUntil([&] { return finished; }))
        return QStringLiteral("saveChannel did not finish");
    return error;
}

bool TestProfile::setSetting(const QString& key, const QString& value)
{
    QString error;
    if (!m_engine->profile().setSetting(key, value, &error))
        return false;
    m_engine->notifications().dispatcher().setSettings(m_engine->profile().deliverySettings());
    return true;
}

QStringList TestProfile::start(const QStringList& channels)
{
    bool finished = false;
    QStringList errors;
    m_engine->startDelivery(
        channels.isEmpty() ? m_engine->profile().enabledChannelNames() : channels, [&](const QStringList& e) {
            errors = e;
            finished = true;
        });
    if (!waitUntil([&] { return finished; }))
        errors << QStringLiteral("startDelivery did not finish");
    return errors;
}

QStringList notPrivate(const QString& profileDir, QStringList* files)
{
    QStringList out;
    auto check = [&](const QString& path, mode_t expected) {
        struct stat st { };
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0) {
            out << path + QStringLiteral(" vanished");
            return;
        }
        const mode_t mode = st.st_mode & 07777;
        if (mode != expected)
            out << QStringLiteral("%1 %2").arg(path).arg(mode, 4, 8, QLatin1Char('0'));
    };
    check(profileDir, 0700);
    const QStringList names
        = QDir(profileDir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QString& name : names)
        check(profileDir + QLatin1Char('/') + name, 0600);
    if (files)
        *files = names;
    return out;
}

} // namespace alertdesk::test
