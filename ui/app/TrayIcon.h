// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QIcon>
#include <QObject>
#include <optional>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace alertdesk {

class TrayNotifier;

// AlertDesk in the system tray: the open (unacknowledged) alert count in the tooltip and on
// the icon, a menu (Show AlertDesk, Quit), a balloon for each new alert at or above the chosen
// priority (ui.notify_min_priority), and clicks that bring the window back on that alert.
// The balloons go through the TrayNotifier, the desktop channel's notifier, so an alert that
// both routes reach is shown once.
class TrayIcon final : public QObject {
    Q_OBJECT
public:
    explicit TrayIcon(TrayNotifier& notifier, QObject* parent = nullptr);
    ~TrayIcon() override;

    QSystemTrayIcon* icon() const { return m_icon; }
    QMenu* menu() const { return m_menu; }
    // Whether the desktop has a system tray to put the icon in.
    bool isAvailable() const;

    void setOpenCount(qint64 open);
    qint64 openCount() const { return m_open; }
    QString toolTip() const;
    // A line under the count (a pause or a mute and its end); "" for none.
    void setStatusLine(const QString& line);

    // nullopt: no balloon for new alerts.
    void setNotifyMinPriority(std::optional<Priority> min) { m_min = min; }
    std::optional<Priority> notifyMinPriority() const { return m_min; }
    // A new alert (from the history): a balloon when it is urgent enough. Returns "" when it
    // was shown (or needs none), else why not.
    QString alertArrived(const Alert& alert);

    // The application icon, with the open count drawn on it when there is one.
    static QIcon makeIcon(qint64 open = 0);

Q_SIGNALS:
    // The user wants the window: on that alert when alertId is not empty.
    void showWindowRequested(const QString& alertId);
    void quitRequested();

private:
    TrayNotifier& m_notifier;
    QSystemTrayIcon* m_icon = nullptr; // child
    QMenu* m_menu = nullptr; // owned here: a QMenu cannot have a QObject parent
    QAction* m_showAction = nullptr;
    qint64 m_open = -1;
    std::optional<Priority> m_min = Priority::High;
    QString m_unopenedAlert; // balloon shown, window not yet opened on it
    QString m_statusLine;
};

} // namespace alertdesk
