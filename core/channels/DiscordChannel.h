// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"
#include "TargetFanout.h"

#include <QByteArray>
#include <QJsonObject>

namespace alertdesk {

struct HttpResponse;

struct DiscordLimits {
    static constexpr int title = 256;
    static constexpr int description = 4096;
    static constexpr int fields = 25;
    static constexpr int fieldName = 256;
    static constexpr int fieldValue = 1024;
    static constexpr int footer = 2048;
    static constexpr int total = 6000; // title + description + field names and values + footer
};

// Backslash before every character Discord's markdown would act on, so that *_~`|[]>#
// show as typed (Discord drops the backslash before any punctuation).
QString escapeDiscordMarkdown(const QString& text);

// The characters Discord counts toward an embed's 6,000 total.
qsizetype discordEmbedLength(const QJsonObject& embed);

// One embed: the priority emoji and title, the message as description, symbol/strategy/
// position/priority/type and the alert's data as fields, the alert id as footer, the
// priority color and the alert's time; every Discord limit held, over-long text cut with
// "…". Mentions are switched off so that an alert can never ping @everyone. Pure.
QJsonObject discordMessage(const Alert& alert);
QByteArray discordPayload(const Alert& alert);

// 429 answers carry {"retry_after": seconds as a float}: obeyed to the millisecond. Other
// errors carry {"message","code"}.
SendOutcome discordOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor);

// The webhook URL with ?wait=true (Discord then answers only once the message exists, and
// with an error when it does not); other query items (thread_id) are kept.
QUrl discordExecuteUrl(const QString& webhookUrl);

// Discord webhooks (secret "webhook_urls", a JSON list).
class DiscordChannel final : public Channel {
    Q_OBJECT
public:
    static constexpr const char* kKind = "discord";

    DiscordChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);

    void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) override;
    // A webhook takes about 30 messages a minute: bursts of 5, then one every 2 s.
    RatePolicy ratePolicy() const override;

    const TargetFanout& fanout() const { return m_fanout; }

private:
    TargetFanout m_fanout;
};

} // namespace alertdesk
