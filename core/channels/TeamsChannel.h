// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"

#include <QByteArray>
#include <QJsonObject>

namespace alertdesk {

struct HttpResponse;

struct TeamsLimits {
    // Teams refuses messages over about 28 KB; keep a margin under it.
    static constexpr int payloadBytes = 27 * 1024;
};

// An Adaptive Card 1.4: a container in the priority's style with the emoji and title, the
// message, symbol/strategy/position, the data, and a footer with priority, type, time and the
// alert id. User text is put in TextRuns, which Teams shows as typed (no markdown), so *_[]
// and <&> arrive intact. Pure.
QJsonObject teamsCard(const Alert& alert, const QString& message, const QString& details);
// The Workflows webhook body: {"type":"message","attachments":[{"contentType":
// "application/vnd.microsoft.card.adaptive","content":card}]}, cut to TeamsLimits::payloadBytes
// (the message first, then the data, each ending with "…").
QByteArray teamsPayload(const Alert& alert);

// Teams / Power Automate answers: 2xx (202) delivered; {"error":{"code","message"}} bodies
// give the error text; 429 and 5xx retried.
SendOutcome teamsOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor);

// Microsoft Teams through a Workflows (Power Automate) webhook (secret "webhook_url").
class TeamsChannel final : public Channel {
    Q_OBJECT
public:
    static constexpr const char* kKind = "teams";

    TeamsChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);

    void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) override;
    RatePolicy ratePolicy() const override;
};

} // namespace alertdesk
