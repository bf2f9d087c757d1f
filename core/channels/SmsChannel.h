// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"
#include "TargetFanout.h"

#include <QByteArray>

namespace alertdesk {

struct HttpResponse;

struct SmsLimits {
    static constexpr int body = 1600; // Twilio's limit on Body, in characters
    static constexpr int gsmSingle = 160; // septets in a lone segment
    static constexpr int gsmMulti = 153; // septets per segment of a concatenated message
    static constexpr int ucs2Single = 70; // UTF-16 units in a lone segment
    static constexpr int ucs2Multi = 67;
    static constexpr int maxSegments = 10;
};

enum class SmsEncoding { Gsm7, Ucs2 };

struct SmsSegments {
    SmsEncoding encoding = SmsEncoding::Gsm7;
    int units = 0; // septets (GSM-7, extension characters count 2) or UTF-16 units (UCS-2)
    int segments = 0; // 0 for an empty text
};

// Whether every character is in the GSM 03.38 alphabet (basic set or extension table).
bool isGsm7(const QString& text);
// How a carrier splits text: GSM-7 when it can, else UCS-2 (one emoji is enough to switch
// the whole message, 160 -> 70 per segment). An escape pair or a surrogate pair is never
// split across segments.
SmsSegments smsSegments(const QString& text);

// The SMS an alert becomes: "HIGH: Position risk exceeded (BTCUSDT)" and, when it fits, a
// line with the message, within maxSegments segments (default one) and 1,600 characters.
// The priority is a word, not an emoji: an emoji would force UCS-2 and cut a segment from 160
// characters to 70. What does not fit is cut with "..." (GSM-7) or "…" (UCS-2). Pure.
QString smsText(const Alert& alert, int maxSegments = 1);

// Shared by the Twilio kinds (SMS, voice): the base64 that follows "Basic " in the
// Authorization header, the account's URL ({api_base}/2010-04-01/Accounts/{account_sid}), and a
// form value as Twilio's examples encode it (space as '+').
QByteArray twilioBasicCredentials(const QString& sid, const QString& authToken);
QString twilioAccountUrl(const QJsonObject& settings);
QByteArray twilioFormEncode(const QString& value);

// The form body of POST /2010-04-01/Accounts/{sid}/Messages.json.
QByteArray twilioForm(const QString& to, const QString& from, const QString& body);

// Twilio's error JSON {"code","message","status"}: 21610 (unsubscribed) fails at once and is
// never retried; 20429 and HTTP 429 are retried; other 4xx fail with Twilio's message.
SendOutcome twilioOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor);

// Twilio Programmable Messaging (settings "account_sid", "from", "to" (list), "api_base"
// default https://api.twilio.com, "max_segments"; secret "auth_token").
class SmsChannel final : public Channel {
    Q_OBJECT
public:
    static constexpr const char* kKind = "sms";
    static constexpr const char* kDefaultApiBase = "https://api.twilio.com";

    SmsChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);

    void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) override;
    // A long code sends about one message a second.
    RatePolicy ratePolicy() const override;

    const TargetFanout& fanout() const { return m_fanout; }

private:
    TargetFanout m_fanout;
};

} // namespace alertdesk
