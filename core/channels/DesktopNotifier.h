// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Priority.h"

#include <QString>
#include <functional>

namespace alertdesk {

// What the desktop shows for an alert: built by desktopNotification() in DesktopChannel.h.
struct DesktopNotification {
    QString alertId;
    QString idempotencyKey; // the same for a resend: a notifier may replace instead of stacking
    Priority priority = Priority::Info;
    QString title; // "<priority emoji> <alert title>"
    QString body; // plain text, a few lines at most
};

// The GUI's way of showing a notification (tray balloon, freedesktop notification). The GUI
// creates one and hands it to the engine (Engine::Options::desktop); the command line has none.
//
// notify() is called on the engine's thread; an implementation living on the GUI thread must
// hop there itself (QMetaObject::invokeMethod). done is called exactly once, from any thread:
// an empty string when the notification was shown, else why not. The channel takes care of
// getting the result back to its own thread.
class DesktopNotifier {
public:
    virtual ~DesktopNotifier() = default;
    virtual void notify(const DesktopNotification& notification, std::function<void(const QString& error)> done) = 0;
};

} // namespace alertdesk
