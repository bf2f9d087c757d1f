// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "channels/DesktopNotifier.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QVariantMap>
#include <functional>

class QDBusServiceWatcher;

namespace alertdesk {

// Desktop notifications through the desktop's notification server: org.freedesktop.Notifications
// on the session bus (GNOME Shell, KDE Plasma, dunst, mako, xfce4-notifyd, ...), as the Desktop
// Notifications Specification 1.2 describes it. GUI thread only.
//
// It asks the server what it supports (GetCapabilities) before the first notification and again
// whenever the server comes or goes. A notification for an alert that still shows one replaces
// it (replaces_id) instead of stacking a second. The actions the user picks come back as
// actionInvoked(alertId, key) for the notifications sent from here only.
class FreedesktopNotifier final : public QObject {
    Q_OBJECT
public:
    // The action keys sent to the server; "default" is the click on the notification itself.
    static constexpr const char* kDefaultAction = "default";
    static constexpr const char* kAcknowledgeAction = "acknowledge";
    static constexpr const char* kSnoozeAction = "snooze-1h";

    enum class Server {
        Unknown, // not asked yet, or it changed since
        Absent, // no session bus, or nobody serves org.freedesktop.Notifications
        Plain, // a server without the "actions" capability: no buttons, no clicks
        Actions, // a server that shows actions and reports the one picked
    };

    explicit FreedesktopNotifier(QObject* parent = nullptr);
    ~FreedesktopNotifier() override;

    Server server() const { return m_server; }
    // The id of the notification the alert shows now (0: none, or closed since).
    uint notificationOf(const QString& alertId) const { return m_idOf.value(alertId, 0); }
    // Asks the server what it supports when that is not known yet (one question at a time),
    // then calls then() on this thread; at once when it is known.
    void probe(std::function<void()> then);

    // Sends n: with Acknowledge and Snooze 1 h when alertActions (and the server shows actions),
    // always with the click ("default") where the server shows actions. done("") when the
    // server took it, else why not.
    void show(const DesktopNotification& n, bool alertActions, std::function<void(const QString& error)> done);

    // What Notify carries for a priority (pure, for the tests and the docs).
    static QVariantMap hints(Priority priority);
    static int expireTimeoutMs(Priority priority);
    // Key, label, key, label...: the action list of Notify.
    static QStringList actions(bool alertActions);

Q_SIGNALS:
    // The user picked an action (a key above) on the notification of that alert.
    void actionInvoked(const QString& alertId, const QString& action);

private Q_SLOTS:
    // The server's signals (QtDBus connects them by name).
    void onActionInvoked(uint id, const QString& action);
    void onNotificationClosed(uint id, uint reason);

private:
    void setServer(Server server);
    void forget(uint id);

    Server m_server = Server::Unknown;
    bool m_markup = false; // the server reads the body as markup ("body-markup")
    bool m_probing = false;
    QList<std::function<void()>> m_waiting; // for the answer of GetCapabilities
    QDBusServiceWatcher* m_watcher = nullptr; // child
    QHash<uint, QString> m_alertOf; // notification id -> alert id, while it is shown
    QHash<QString, uint> m_idOf; // alert id -> its notification id
};

} // namespace alertdesk
