// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "channels/DesktopNotifier.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QSystemTrayIcon>
#include <functional>
#include <optional>

namespace alertdesk {

class FreedesktopNotifier;

// The desktop channel's notifier in the app, and the window's for new alerts: a notification
// from the desktop's notification server (FreedesktopNotifier) where there is one, else a
// balloon from the tray icon (QSystemTrayIcon::showMessage). Where the server shows actions, an
// alert at or above actionsMinPriority() carries Acknowledge and Snooze 1 h, and a click opens
// the alert; a server without actions gets plain notifications only where there is no tray
// whose balloon could be clicked. It lives on the GUI thread; notify() may be called from any
// thread (the engine's) and hops to the GUI thread itself. Without a server and a system tray,
// or before the window has put its icon in the tray, a notification fails with a reason that
// says so.
//
// It also remembers which alerts it showed, so an alert that reaches the desktop through a
// desktop channel and through the window's own "new alert" notification is shown once; a
// desktop channel's resend of the alert (another idempotency key) is shown again, in place of
// the first where the server can replace it.
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

    // The notification server's side (the test seam: what it was found to support).
    FreedesktopNotifier* freedesktop() const { return m_freedesktop; }
    // Alerts of this priority or more urgent get Acknowledge and Snooze 1 h (nullopt: none).
    void setActionsMinPriority(std::optional<Priority> min) { m_actionsMin = min; }
    std::optional<Priority> actionsMinPriority() const { return m_actionsMin; }

    // DesktopNotifier: any thread; done on the GUI thread.
    void notify(const DesktopNotification& notification, std::function<void(const QString& error)> done) override;

    // On the GUI thread: shows n, done("") or why it could not, once the server or the tray
    // has answered. An alert shown already (the same alert id, and not a resend) is not shown
    // again and counts as shown.
    void deliver(const DesktopNotification& n, std::function<void(const QString& error)> done);
    // deliver() without waiting: "" when shown or handed to the notification server, else why not.
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
    // A notification or a balloon went up (the test seam: what the user was shown).
    void shown(const QString& alertId, const QString& title, const QString& body, int priority);
    // The user clicked the balloon of that alert.
    void clicked(const QString& alertId);
    // The user clicked the notification of that alert (its "default" action).
    void openRequested(const QString& alertId);
    // The user picked Acknowledge, or Snooze 1 h (until untilMs), on the alert's notification.
    void acknowledgeRequested(const QString& alertId);
    void snoozeRequested(const QString& alertId, qint64 untilMs);

private:
    // Whether n was shown already (the other route, the same delivery); remembers it if not.
    bool seenBefore(const DesktopNotification& n);
    void forgetShown(const DesktopNotification& n);
    QString showBalloon(const DesktopNotification& n);
    bool balloonPossible() const;
    void onAction(const QString& alertId, const QString& action);

    QPointer<QSystemTrayIcon> m_icon;
    std::function<bool()> m_check;
    FreedesktopNotifier* m_freedesktop = nullptr; // child
    std::optional<Priority> m_actionsMin = Priority::High;
    QStringList m_shownIds; // the most recent first, bounded
    QHash<QString, QStringList> m_keysShown; // alert id -> the desktop channel's keys shown for it
    QString m_lastAlertId;
    qint64 m_pausedUntil = 0;
};

} // namespace alertdesk
