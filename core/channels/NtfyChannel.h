// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"

#include <QByteArray>

namespace alertdesk {

struct HttpResponse;

struct NtfyLimits {
    // ntfy turns a longer message into an attachment; alerts stay messages.
    static constexpr int messageBytes = 4096;
};

// CRITICAL 5, HIGH 4, MEDIUM 3, LOW 2, INFO 1.
int ntfyPriority(Priority p);
// The emoji shortcode ntfy shows before the title: red_circle, orange_circle, yellow_circle,
// green_circle, information_source (the priority's emoji everywhere else).
QString ntfyPriorityTag(Priority p);

// The JSON published to the server root: topic, title (title and symbol), message (<= 4,096
// bytes), priority, tags (the priority's shortcode, the alert type), click (the alert's
// link, when it has one). Pure.
QByteArray ntfyPayload(const Alert& alert, const QString& topic);

// 200 delivered; ntfy's error JSON {"code","http","error"} as the failure text; 429 retried
// (ntfy's per-visitor request limit), 4xx failed at once.
SendOutcome ntfyOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor);

// ntfy (settings "topic", "server" default https://ntfy.sh, "user"; secrets "token" (Bearer)
// or "password" (Basic with user)).
class NtfyChannel final : public Channel {
    Q_OBJECT
public:
    static constexpr const char* kKind = "ntfy";
    static constexpr const char* kDefaultServer = "https://ntfy.sh";

    NtfyChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);

    void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) override;
    // ntfy.sh's default visitor limit: a burst of 60 requests, then one every 5 seconds.
    RatePolicy ratePolicy() const override;
};

} // namespace alertdesk
