// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "channels/DesktopNotifier.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QSystemTrayIcon>
#include <functional>

namespace alertdesk {

// The desktop channel's notifier in the app: a balloon from the tray icon
// (QSystemTrayIcon::showMessage). It lives on the GUI thread; notify() may be called from any
// thread (the engine's) and hops to the GUI thread itself. Without a system tray, or before
// the window has put its icon in the tray, a notification fails with a reason that says so.
//
// It also remembers which alerts it showed, so an alert that reaches the desktop through a
// desktop channel and through the window's own "new alert" notification is shown once.
class TrayNotifier final : public QObject, public DesktopNotifier {
    Q_OBJECT
public:
    explicit TrayNotifier(QObject* parent = nullptr);
    ~TrayNotifier() override;

    // The icon whose balloon shows the notifications (owned by the window; may go away).
    void setTrayIcon(QSystemTrayIcon* icon);
    QSystemTrayIcon* trayIcon() const { return m_icon; }

    // Whether the desktop has a system tray. QSystemTrayIcon::isSystemTrayAvailable() unless
    // a test replaced the check (setTrayCheck): the only seam, the rest runs as in the app.
    bool trayAvailable() const;
    void setTrayCheck(std::function<bool()> check) { m_check = std::move(check); }

    // DesktopNotifier: any thread; done on the GUI thread.
    void notify(const DesktopNotification& notification, std::function<void(const QString& error)> done) override;

    // On the GUI thread: shows n, returns "" or why it could not. An alert shown already
    // (the same alert id) is not shown again and counts as shown.
    QString show(const DesktopNotification& n);
    bool wasShown(const QString& alertId) const { return m_shownIds.contains(alertId); }
    // The alert of the last balloon shown: where a click on it leads.
    QString lastAlertId() const { return m_lastAlertId; }

    // Every notification is held back before this time (ms since the epoch; 0: never):
    // the pause from the tray and the status bar.
    void setPausedUntil(qint64 ms) { m_pausedUntil = ms; }
    qint64 pausedUntil() const { return m_pausedUntil; }
    static QString pausedMessage(qint64 until);

    static QString noTrayMessage();
    static QString noIconMessage();

Q_SIGNALS:
    // A balloon went up (the test seam: what the user was shown).
    void shown(const QString& alertId, const QString& title, const QString& body, int priority);
    // The user clicked the balloon of that alert.
    void clicked(const QString& alertId);

private:
    QPointer<QSystemTrayIcon> m_icon;
    std::function<bool()> m_check;
    QStringList m_shownIds; // the most recent first, bounded
    QString m_lastAlertId;
    qint64 m_pausedUntil = 0;
};

} // namespace alertdesk
