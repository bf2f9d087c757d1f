// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"
#include "DesktopNotifier.h"

#include <memory>

namespace alertdesk {

// The notification for an alert: the priority emoji and title, then the message (cut to a
// few hundred characters with a visible marker) and the symbol. Pure.
DesktopNotification desktopNotification(const Alert& alert, const QString& idempotencyKey);

// Shows alerts on this computer through the DesktopNotifier of ChannelEnv. No account, no
// secret. Without a notifier (the command line) every send fails with a clear reason.
class DesktopChannel final : public Channel {
    Q_OBJECT
public:
    static constexpr const char* kKind = "desktop";
    static QString unavailableMessage();

    DesktopChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);
    ~DesktopChannel() override;

    void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) override;

private:
    struct Guard; // lets a notifier on another thread post a result only while we exist
    std::shared_ptr<Guard> m_guard;
};

} // namespace alertdesk
