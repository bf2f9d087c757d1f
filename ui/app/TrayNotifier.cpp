// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/TrayNotifier.h"

#include "UiLogging.h"
#include "UiText.h"

#include "util/Clock.h"

#include <QLocale>
#include <QSystemTrayIcon>

namespace alertdesk {

namespace {
constexpr int kRememberedAlerts = 512;
constexpr int kBalloonMs = 10000;
} // namespace

TrayNotifier::TrayNotifier(QObject* parent)
    : QObject(parent)
{
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
    // The engine calls this on its thread; the tray icon belongs to the GUI thread.
    QMetaObject::invokeMethod(
        this, [this, notification, done = std::move(done)] { done(show(notification)); }, Qt::QueuedConnection);
}

QString TrayNotifier::show(const DesktopNotification& n)
{
    // Paused: the alert is in the history and the window; the desktop channel's attempt says why.
    if (SystemClock::instance()->nowMs() < m_pausedUntil) {
        qCDebug(lcUi) << "notification for" << n.alertId << "held: notifications paused";
        return pausedMessage(m_pausedUntil);
    }
    if (!trayAvailable()) {
        qCDebug(lcUi) << "notification for" << n.alertId << "not shown: no system tray";
        return noTrayMessage();
    }
    if (!m_icon || !m_icon->isVisible())
        return noIconMessage();
    if (!n.alertId.isEmpty() && m_shownIds.contains(n.alertId))
        return {};
    m_icon->showMessage(n.title, n.body, UiText::priorityIcon(n.priority), kBalloonMs);
    if (!n.alertId.isEmpty()) {
        m_shownIds.prepend(n.alertId);
        if (m_shownIds.size() > kRememberedAlerts)
            m_shownIds.removeLast();
        m_lastAlertId = n.alertId;
    }
    Q_EMIT shown(n.alertId, n.title, n.body, static_cast<int>(n.priority));
    return {};
}

} // namespace alertdesk
