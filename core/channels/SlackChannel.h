// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"
#include "TargetFanout.h"

#include <QByteArray>
#include <QJsonObject>

namespace alertdesk {

struct HttpResponse;

struct SlackLimits {
    static constexpr int headerText = 150; // header block plain_text
    static constexpr int sectionText = 3000;
    static constexpr int blocks = 50;
};

// The Block Kit message of an alert, as the seed describes it: a header with the priority
// emoji and the title, the message, fields (symbol, strategy, position), a details section
// rendering data, a context line (priority, type, timestamp) and a footer with the alert id,
// the priority color as the color bar of an attachment. User text goes in plain_text objects
// (Slack does not parse them), so *_~<>& arrive as typed. Pure.
QJsonObject slackMessage(const Alert& alert);
// Incoming webhook body.
QByteArray slackWebhookPayload(const Alert& alert);
// chat.postMessage body: the same message addressed to a channel id.
QByteArray slackPostMessagePayload(const Alert& alert, const QString& channelId);

// chat.postMessage answers 200 {"ok":false,"error":"channel_not_found"}: a failure carrying
// Slack's error code ("ratelimited" and Slack's own transient errors are retried).
SendOutcome slackApiOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor);

// Slack through incoming webhooks (secret "webhook_urls", a JSON list) and/or the Web API
// with a bot token (secret "bot_token", setting "channel_ids"); setting "api_base" (default
// https://slack.com/api) serves self-hosted Slack-compatible servers and tests.
class SlackChannel final : public Channel {
    Q_OBJECT
public:
    static constexpr const char* kKind = "slack";
    static constexpr const char* kDefaultApiBase = "https://slack.com/api";

    SlackChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);

    void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) override;
    // About one message per second per webhook or channel (Slack's documented pace).
    RatePolicy ratePolicy() const override;

    const TargetFanout& fanout() const { return m_fanout; }

private:
    TargetFanout m_fanout;
};

} // namespace alertdesk
