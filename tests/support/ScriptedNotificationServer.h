// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QDBusConnection>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QVariantMap>

namespace alertdesk::test {

// A desktop notification server on the test's session bus (scripts/with-test-services.sh gives
// a private one): org.freedesktop.Notifications at /org/freedesktop/Notifications on a
// connection of its own, as the Desktop Notifications Specification 1.2 describes it. It
// records every Notify call, answers GetCapabilities with the capabilities it was given, and
// emits ActionInvoked and NotificationClosed when the test acts as the user.
class ScriptedNotificationServer final : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call {
        QString appName;
        uint replacesId = 0;
        QString appIcon;
        QString summary;
        QString body;
        QStringList actions; // key, label, key, label...
        QVariantMap hints;
        int expireTimeout = -1;
        uint id = 0; // the id answered
    };

    explicit ScriptedNotificationServer(QStringList capabilities, QObject* parent = nullptr);
    ~ScriptedNotificationServer() override; // leaves the bus

    // Connects to the session bus and takes the name; false with *why otherwise.
    bool start(QString* why);

    const QList<Call>& calls() const { return m_calls; }
    // The user picks the action with that key on notification id; the server then closes it
    // (reason 2, dismissed), as servers do for a notification that is not resident.
    void invokeAction(uint id, const QString& key);

    // The D-Bus methods (exported as scriptable slots; the local signals are not exported).
public Q_SLOTS:
    Q_SCRIPTABLE QStringList GetCapabilities();
    Q_SCRIPTABLE uint Notify(const QString& appName, uint replacesId, const QString& appIcon, const QString& summary,
        const QString& body, const QStringList& actions, const QVariantMap& hints, int expireTimeout);
    Q_SCRIPTABLE void CloseNotification(uint id);
    Q_SCRIPTABLE QString GetServerInformation(QString& vendor, QString& version, QString& specVersion);

Q_SIGNALS:
    void notified(); // a Notify call was recorded (local only)

private:
    void emitClosed(uint id, uint reason);

    QStringList m_capabilities;
    QString m_connectionName;
    bool m_started = false;
    QList<Call> m_calls;
    QList<uint> m_open; // notifications shown and not closed
    uint m_nextId = 1;
};

} // namespace alertdesk::test
