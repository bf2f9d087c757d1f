// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedNotificationServer.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QUuid>

namespace alertdesk::test {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
} // namespace

ScriptedNotificationServer::ScriptedNotificationServer(QStringList capabilities, QObject* parent)
    : QObject(parent)
    , m_capabilities(std::move(capabilities))
    , m_connectionName(QStringLiteral("alertdesk-test-notifications-") + QUuid::createUuid().toString(QUuid::Id128))
{
}

ScriptedNotificationServer::~ScriptedNotificationServer()
{
    if (!m_started)
        return;
    QDBusConnection bus(m_connectionName);
    bus.unregisterService(kService);
    bus.unregisterObject(kPath);
    QDBusConnection::disconnectFromBus(m_connectionName);
}

bool ScriptedNotificationServer::start(QString* why)
{
    // A connection of its own: the app's calls travel over the bus as from any other client.
    QDBusConnection bus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, m_connectionName);
    if (!bus.isConnected()) {
        *why
            = QStringLiteral("no session bus (run inside scripts/with-test-services.sh): ") + bus.lastError().message();
        return false;
    }
    m_started = true;
    if (!bus.registerObject(kPath, this, QDBusConnection::ExportScriptableSlots)) {
        *why = QStringLiteral("cannot register the object: ") + bus.lastError().message();
        return false;
    }
    if (!bus.registerService(kService)) {
        *why = QStringLiteral("cannot take org.freedesktop.Notifications (another server runs?): ")
            + bus.lastError().message();
        return false;
    }
    return true;
}

QStringList ScriptedNotificationServer::GetCapabilities()
{
    return m_capabilities;
}

uint ScriptedNotificationServer::Notify(const QString& appName, uint replacesId, const QString& appIcon,
    const QString& summary, const QString& body, const QStringList& actions, const QVariantMap& hints,
    int expireTimeout)
{
    // As the specification says: replacing a notification still shown keeps its id.
    const uint id = replacesId != 0 && m_open.contains(replacesId) ? replacesId : m_nextId++;
    if (!m_open.contains(id))
        m_open << id;
    m_calls << Call { appName, replacesId, appIcon, summary, body, actions, hints, expireTimeout, id };
    Q_EMIT notified();
    return id;
}

void ScriptedNotificationServer::CloseNotification(uint id)
{
    if (m_open.contains(id))
        emitClosed(id, 3); // closed by a call to CloseNotification
}

QString ScriptedNotificationServer::GetServerInformation(QString& vendor, QString& version, QString& specVersion)
{
    vendor = QStringLiteral("AlertDesk tests");
    version = QStringLiteral("1");
    specVersion = QStringLiteral("1.2");
    return QStringLiteral("scripted-notification-server");
}

void ScriptedNotificationServer::invokeAction(uint id, const QString& key)
{
    QDBusMessage signal = QDBusMessage::createSignal(kPath, kInterface, QStringLiteral("ActionInvoked"));
    signal << id << key;
    QDBusConnection(m_connectionName).send(signal);
    emitClosed(id, 2);
}

void ScriptedNotificationServer::emitClosed(uint id, uint reason)
{
    m_open.removeAll(id);
    QDBusMessage signal = QDBusMessage::createSignal(kPath, kInterface, QStringLiteral("NotificationClosed"));
    signal << id << reason;
    QDBusConnection(m_connectionName).send(signal);
}

} // namespace alertdesk::test
