// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/FreedesktopNotifier.h"

#include "UiLogging.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>

namespace alertdesk {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
// The desktop entry (packaging/): the server shows our name and icon, and may group by it.
const QString kDesktopEntry = QStringLiteral("example.alertdesk.AlertDesk");
// A server that does not answer within this is treated as absent: the balloon instead.
constexpr int kCallTimeoutMs = 5000;

QDBusConnection bus()
{
    return QDBusConnection::sessionBus();
}

// The body as plain text for a server that reads markup ("body-markup"): an alert's "<" or
// "&" must show as written, never as a tag.
QString escapeMarkup(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == QLatin1Char('&'))
            out += QLatin1String("&amp;");
        else if (c == QLatin1Char('<'))
            out += QLatin1String("&lt;");
        else if (c == QLatin1Char('>'))
            out += QLatin1String("&gt;");
        else
            out += c;
    }
    return out;
}
} // namespace

FreedesktopNotifier::FreedesktopNotifier(QObject* parent)
    : QObject(parent)
{
    if (!bus().isConnected())
        return;
    // A server that starts, stops or is replaced may support other things: ask again.
    m_watcher = new QDBusServiceWatcher(
        kService, bus(), QDBusServiceWatcher::WatchForRegistration | QDBusServiceWatcher::WatchForUnregistration, this);
    connect(m_watcher, &QDBusServiceWatcher::serviceRegistered, this, [this] { setServer(Server::Unknown); });
    connect(m_watcher, &QDBusServiceWatcher::serviceUnregistered, this, [this] { setServer(Server::Unknown); });
    bus().connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
        SLOT(onActionInvoked(uint, QString))); // NOLINT: QtDBus connects by signature only
    bus().connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this,
        SLOT(onNotificationClosed(uint, uint))); // NOLINT: QtDBus connects by signature only
}

FreedesktopNotifier::~FreedesktopNotifier()
{
    if (bus().isConnected()) {
        bus().disconnect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
            SLOT(onActionInvoked(uint, QString))); // NOLINT
        bus().disconnect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this,
            SLOT(onNotificationClosed(uint, uint))); // NOLINT
    }
}

void FreedesktopNotifier::setServer(Server server)
{
    if (server == m_server)
        return;
    m_server = server;
    if (server == Server::Unknown || server == Server::Absent) {
        // The ids belonged to the server that went away.
        m_alertOf.clear();
        m_idOf.clear();
    }
}

void FreedesktopNotifier::probe(std::function<void()> then)
{
    if (m_server != Server::Unknown) {
        then();
        return;
    }
    m_waiting.append(std::move(then));
    if (m_probing)
        return;
    if (!bus().isConnected()) {
        qCDebug(lcUi) << "no session bus: notifications go to the tray";
        setServer(Server::Absent);
        for (const auto& fn : std::exchange(m_waiting, {}))
            fn();
        return;
    }
    m_probing = true;
    const QDBusMessage call
        = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("GetCapabilities"));
    auto* watcher = new QDBusPendingCallWatcher(bus().asyncCall(call, kCallTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        m_probing = false;
        const QDBusPendingReply<QStringList> reply = *w;
        if (reply.isError()) {
            // Usually org.freedesktop.DBus.Error.ServiceUnknown: this desktop runs no server.
            qCInfo(lcUi) << "no notification server on the session bus (" << reply.error().name()
                         << "): notifications go to the tray";
            setServer(Server::Absent);
        } else {
            const QStringList caps = reply.value();
            m_markup = caps.contains(QStringLiteral("body-markup"));
            setServer(caps.contains(QStringLiteral("actions")) ? Server::Actions : Server::Plain);
            qCInfo(lcUi) << "notification server capabilities:" << caps;
        }
        for (const auto& fn : std::exchange(m_waiting, {}))
            fn();
    });
}

QVariantMap FreedesktopNotifier::hints(Priority priority)
{
    // Urgency is a byte (0 low, 1 normal, 2 critical); a critical one stays until dismissed.
    uchar urgency = 1;
    if (priority == Priority::Critical)
        urgency = 2;
    else if (priority == Priority::Low || priority == Priority::Info)
        urgency = 0;
    return { { QStringLiteral("urgency"), QVariant::fromValue(urgency) },
        { QStringLiteral("desktop-entry"), kDesktopEntry } };
}

int FreedesktopNotifier::expireTimeoutMs(Priority priority)
{
    // CRITICAL never expires (0): it waits for the trader. HIGH stays long enough to act on;
    // the rest as long as the tray's balloon.
    switch (priority) {
    case Priority::Critical:
        return 0;
    case Priority::High:
        return 30000;
    default:
        return 10000;
    }
}

QStringList FreedesktopNotifier::actions(bool alertActions)
{
    QStringList list { QString::fromLatin1(kDefaultAction), tr("Open") };
    if (alertActions)
        list << QString::fromLatin1(kAcknowledgeAction) << tr("Acknowledge") << QString::fromLatin1(kSnoozeAction)
             << tr("Snooze 1 h");
    return list;
}

void FreedesktopNotifier::show(
    const DesktopNotification& n, bool alertActions, std::function<void(const QString& error)> done)
{
    if (m_server != Server::Plain && m_server != Server::Actions) {
        done(QStringLiteral("no notification server"));
        return;
    }
    const bool withActions = m_server == Server::Actions;
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    // The alert's earlier notification, still shown, is replaced (a resend, a reminder).
    const uint replaces = m_idOf.value(n.alertId, 0);
    call << QStringLiteral("AlertDesk") << replaces << kDesktopEntry << n.title
         << (m_markup ? escapeMarkup(n.body) : n.body) << (withActions ? actions(alertActions) : QStringList())
         << hints(n.priority) << expireTimeoutMs(n.priority);
    auto* watcher = new QDBusPendingCallWatcher(bus().asyncCall(call, kCallTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
        [this, alertId = n.alertId, done = std::move(done)](QDBusPendingCallWatcher* w) {
            w->deleteLater();
            const QDBusPendingReply<uint> reply = *w;
            if (reply.isError()) {
                qCWarning(lcUi) << "the notification server refused a notification:" << reply.error().name()
                                << reply.error().message();
                done(reply.error().message().isEmpty() ? reply.error().name() : reply.error().message());
                return;
            }
            const uint id = reply.value();
            if (!alertId.isEmpty()) {
                if (const uint old = m_idOf.value(alertId, 0); old != 0 && old != id)
                    m_alertOf.remove(old);
                m_idOf.insert(alertId, id);
                m_alertOf.insert(id, alertId);
            }
            done({});
        });
}

void FreedesktopNotifier::forget(uint id)
{
    const QString alertId = m_alertOf.take(id);
    if (!alertId.isEmpty() && m_idOf.value(alertId) == id)
        m_idOf.remove(alertId);
}

void FreedesktopNotifier::onActionInvoked(uint id, const QString& action)
{
    // The signal goes to every client of the server: only our notifications count.
    const QString alertId = m_alertOf.value(id);
    if (alertId.isEmpty())
        return;
    if (action != QLatin1String(kDefaultAction) && action != QLatin1String(kAcknowledgeAction)
        && action != QLatin1String(kSnoozeAction))
        return;
    qCInfo(lcUi) << "notification action" << action << "on alert" << alertId;
    Q_EMIT actionInvoked(alertId, action);
}

void FreedesktopNotifier::onNotificationClosed(uint id, uint reason)
{
    Q_UNUSED(reason)
    // Closed (expired, dismissed, acted on): a later notification of the alert is a new one.
    forget(id);
}

} // namespace alertdesk
