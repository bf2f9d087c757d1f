// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/TrayNotifier.h"

#include "UiLogging.h"
#include "UiText.h"
#include "app/FreedesktopNotifier.h"

#include "util/Clock.h"

#include <QDateTime>
#include <QLocale>
#include <QSystemTrayIcon>
#include <memory>
#include <optional>

namespace alertdesk {

namespace {
constexpr int kRememberedAlerts = 512;
constexpr int kBalloonMs = 10000;
constexpr qint64 kSnoozeMs = 3600LL * 1000; // the notification's "Snooze 1 h"
} // namespace

TrayNotifier::TrayNotifier(QObject* parent)
    : QObject(parent)
    , m_freedesktop(new FreedesktopNotifier(this))
{
    connect(m_freedesktop, &FreedesktopNotifier::actionInvoked, this, &TrayNotifier::onAction);
}

TrayNotifier::~TrayNotifier() = default;

QString TrayNotifier::noTrayMessage()
{
    return tr("this desktop has no system tray, so AlertDesk cannot show notifications here");
}

QString TrayNotifier::pausedMessage(qint64 until)
{
    return tr("not shown: desktop notifications are paused until %1")
        .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(until), QLocale::ShortFormat));
}

QString TrayNotifier::noIconMessage()
{
    return tr("the AlertDesk window has no icon in the system tray (yet)");
}

void TrayNotifier::setTrayIcon(QSystemTrayIcon* icon)
{
    if (m_icon)
        disconnect(m_icon, nullptr, this, nullptr);
    m_icon = icon;
    if (m_icon) {
        connect(m_icon, &QSystemTrayIcon::messageClicked, this, [this] {
            if (!m_lastAlertId.isEmpty())
                Q_EMIT clicked(m_lastAlertId);
        });
    }
}

bool TrayNotifier::trayAvailable() const
{
    return m_check ? m_check() : QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayNotifier::notify(const DesktopNotification& notification, std::function<void(const QString&)> done)
{
    // The engine calls this on its thread; the tray icon and the bus connection belong to the GUI thread.
    QMetaObject::invokeMethod(
        this, [this, notification, done = std::move(done)] { deliver(notification, done); }, Qt::QueuedConnection);
}

QString TrayNotifier::show(const DesktopNotification& n)
{
    auto result = std::make_shared<std::optional<QString>>();
    deliver(n, [result](const QString& error) { *result = error; });
    // Still waiting for the notification server: handed over, which counts as shown.
    return result->value_or(QString());
}

bool TrayNotifier::seenBefore(const DesktopNotification& n)
{
    if (n.alertId.isEmpty())
        return false;
    // The window's own notification uses the alert id (or nothing) as its key; the desktop
    // channel a delivery's idempotency key, a new one for each resend of the alert.
    const bool fromChannel = !n.idempotencyKey.isEmpty() && n.idempotencyKey != n.alertId;
    if (!m_shownIds.contains(n.alertId)) {
        m_shownIds.prepend(n.alertId);
        if (m_shownIds.size() > kRememberedAlerts)
            m_keysShown.remove(m_shownIds.takeLast());
        if (fromChannel)
            m_keysShown[n.alertId] << n.idempotencyKey;
        return false;
    }
    if (!fromChannel)
        return true;
    QStringList& keys = m_keysShown[n.alertId];
    if (keys.contains(n.idempotencyKey))
        return true;
    // The channel's first delivery of an alert the window showed already is that same news;
    // a later key is a resend (a snooze that ended, a reminder): shown again.
    const bool resend = !keys.isEmpty();
    keys << n.idempotencyKey;
    return !resend;
}

void TrayNotifier::forgetShown(const DesktopNotification& n)
{
    if (n.alertId.isEmpty())
        return;
    auto keys = m_keysShown.find(n.alertId);
    if (keys != m_keysShown.end()) {
        keys->removeAll(n.idempotencyKey);
        if (!keys->isEmpty())
            return; // shown before by another delivery
        m_keysShown.erase(keys);
    }
    m_shownIds.removeAll(n.alertId);
}

bool TrayNotifier::balloonPossible() const
{
    return trayAvailable() && m_icon && m_icon->isVisible();
}

void TrayNotifier::deliver(const DesktopNotification& n, std::function<void(const QString&)> done)
{
    // Paused: the alert is in the history and the window; the desktop channel's attempt says why.
    if (SystemClock::instance()->nowMs() < m_pausedUntil) {
        qCDebug(lcUi) << "notification for" << n.alertId << "held: notifications paused";
        done(pausedMessage(m_pausedUntil));
        return;
    }
    using Server = FreedesktopNotifier::Server;
    if (m_freedesktop->server() == Server::Unknown) {
        m_freedesktop->probe([this, n, done = std::move(done)] { deliver(n, done); });
        return;
    }
    if (seenBefore(n)) {
        done({});
        return;
    }
    auto finish = [this, n, done = std::move(done)](const QString& error) {
        if (!error.isEmpty()) {
            forgetShown(n); // not shown: the other route may try
        } else {
            if (!n.alertId.isEmpty())
                m_lastAlertId = n.alertId;
            Q_EMIT shown(n.alertId, n.title, n.body, static_cast<int>(n.priority));
        }
        done(error);
    };
    // A server without actions cannot open the alert on a click; a tray balloon can.
    const Server server = m_freedesktop->server();
    if (server == Server::Absent || (server == Server::Plain && balloonPossible())) {
        finish(showBalloon(n));
        return;
    }
    const bool alertActions = m_actionsMin && static_cast<int>(n.priority) <= static_cast<int>(*m_actionsMin);
    m_freedesktop->show(n, alertActions, [this, n, finish = std::move(finish)](const QString& error) {
        if (error.isEmpty()) {
            finish({});
            return;
        }
        qCInfo(lcUi) << "notification for" << n.alertId << "goes to the tray instead";
        finish(showBalloon(n));
    });
}

QString TrayNotifier::showBalloon(const DesktopNotification& n)
{
    if (!trayAvailable()) {
        qCDebug(lcUi) << "notification for" << n.alertId << "not shown: no system tray";
        return noTrayMessage();
    }
    if (!m_icon || !m_icon->isVisible())
        return noIconMessage();
    m_icon->showMessage(n.title, n.body, UiText::priorityIcon(n.priority), kBalloonMs);
    return {};
}

void TrayNotifier::onAction(const QString& alertId, const QString& action)
{
    if (action == QLatin1String(FreedesktopNotifier::kDefaultAction))
        Q_EMIT openRequested(alertId);
    else if (action == QLatin1String(FreedesktopNotifier::kAcknowledgeAction))
        Q_EMIT acknowledgeRequested(alertId);
    else if (action == QLatin1String(FreedesktopNotifier::kSnoozeAction))
        Q_EMIT snoozeRequested(alertId, QDateTime::currentMSecsSinceEpoch() + kSnoozeMs);
}

} // namespace alertdesk
