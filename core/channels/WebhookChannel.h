// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"

#include <QByteArray>

namespace alertdesk {

// The JSON a generic webhook receives (schema in README.md). Pure: same input, same bytes.
QByteArray webhookPayload(const Alert& alert, const QString& idempotencyKey);

// "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<unix seconds>." + body)>"
QByteArray webhookSignature(const QByteArray& secret, qint64 unixSeconds, const QByteArray& body);

// A JSON POST to a URL with custom headers, an Idempotency-Key header and an optional
// HMAC-SHA256 signature header. Secret fields: url, headers (JSON object), hmac_secret.
class WebhookChannel final : public Channel {
    Q_OBJECT
public:
    static constexpr const char* kKind = "webhook";
    static constexpr const char* kSignatureHeader = "X-AlertDesk-Signature";

    WebhookChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);

    void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) override;
};

} // namespace alertdesk
