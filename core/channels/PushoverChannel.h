// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"

#include <QByteArray>

namespace alertdesk {

struct HttpResponse;

struct PushoverLimits {
    static constexpr int title = 250;
    static constexpr int message = 1024;
    static constexpr int url = 512;
    static constexpr int minRetry = 30; // seconds between an emergency's repeats, at least
    static constexpr int maxExpire = 10800; // seconds an emergency repeats, at most
    static constexpr int defaultRetry = 60;
    static constexpr int defaultExpire = 3600;
};

// CRITICAL 2 (emergency: repeats until acknowledged), HIGH 1, MEDIUM 0, LOW -1, INFO -2.
int pushoverPriority(Priority p);

struct PushoverOptions {
    QStringList devices; // empty: every device of the user
    QString sound;
    int retry = PushoverLimits::defaultRetry;
    int expire = PushoverLimits::defaultExpire;
    bool html = false;
};

// The JSON body of POST /1/messages.json: token, user, title (priority emoji, title, symbol;
// <= 250), message (<= 1,024), priority (with retry and expire for an emergency), timestamp,
// and device, sound, url, html when set. Pure.
QByteArray pushoverPayload(
    const Alert& alert, const QString& appToken, const QString& userKey, const PushoverOptions& options);

// 200 with "status":1 delivered; otherwise Pushover's "errors" array is the failure text (4xx
// failed at once, 429 and 5xx retried).
SendOutcome pushoverOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor);

// Pushover (secrets "user_key", "app_token"; settings "devices" (list), "sound", "retry",
// "expire", "html", "api_base" default https://api.pushover.net).
class PushoverChannel final : public Channel {
    Q_OBJECT
public:
    static constexpr const char* kKind = "pushover";
    static constexpr const char* kDefaultApiBase = "https://api.pushover.net";

    PushoverChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);

    void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) override;
    // Pushover asks for no more than a few messages a second from one application.
    RatePolicy ratePolicy() const override;

    PushoverOptions options() const;
};

} // namespace alertdesk
