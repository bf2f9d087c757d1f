// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"
#include "TargetFanout.h"

#include <QByteArray>

namespace alertdesk {

struct HttpResponse;

struct VoiceLimits {
    static constexpr int maxRepeat = 5;
    static constexpr int defaultRepeat = 2;
    // What is spoken of the message: a call is no place for a long text, and Twilio takes at
    // most 4,000 characters of TwiML.
    static constexpr int message = 300;
    static constexpr int twiml = 4000;
    static constexpr qint64 pollIntervalMs = 5000;
    // A call rings for at most a minute and speaks for seconds: one still not final after this
    // long is given up on (and retried).
    static constexpr qint64 pollLimitMs = 10LL * 60 * 1000;
};

// What a text-to-speech voice reads well: no emoji or markup, symbols as words ("15%" ->
// "15 percent", "&" -> "and"), whitespace collapsed. Pure.
QString speakableText(const QString& text);
// A trading symbol letter by letter ("BTCUSDT" -> "B T C U S D T", "ETH-USD" -> "E T H U S D"),
// so that a voice does not try to pronounce it as a word.
QString spokenSymbol(const QString& symbol);
// What the call says once: "High priority alert. Position risk exceeded. Symbol B T C U S D T.
// BTC position exceeds risk limit by 15 percent." (the message cut to VoiceLimits::message).
QString voiceText(const Alert& alert);
// <Response> with <Say> (voice and language when given) repeated `repeat` times, a pause
// between, XML-escaped.
QString voiceTwiml(const Alert& alert, const QString& voice, const QString& language, int repeat);

// The form body of POST /2010-04-01/Accounts/{sid}/Calls.json.
QByteArray twilioCallForm(const QString& to, const QString& from, const QString& twiml);

// A call's status as Twilio reports it: not final yet (queued, initiated, ringing,
// in-progress), completed (delivered), or ended without being heard (busy, no-answer, failed,
// canceled: retried by the delivery policy). Unknown statuses count as not final.
enum class CallProgress { Pending, Completed, Unanswered };
CallProgress callProgress(const QString& status);

// Twilio Programmable Voice (settings "account_sid", "from", "to" (list), "api_base" default
// https://api.twilio.com, "voice", "language", "repeat";
// secret "auth_token"). Places one call per number, then asks for each call's status until it
// is final: a delivery is the call's outcome, not Twilio's acceptance of it.
class VoiceChannel final : public Channel {
    Q_OBJECT
public:
    static constexpr const char* kKind = "voice";

    VoiceChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);
    // Calls still being asked after are reported as retries: a channel rebuilt with new
    // settings (or removed) mid-call must not leave its delivery in flight for good.
    ~VoiceChannel() override;

    void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) override;
    // Twilio places about one call a second per account unless raised.
    RatePolicy ratePolicy() const override;

private:
    struct Call;
    void poll(const std::shared_ptr<Call>& call);
    void finish(const std::shared_ptr<Call>& call, const SendOutcome& outcome);

    QList<std::shared_ptr<Call>> m_calls; // placed, not final yet

    TargetFanout m_fanout;
};

} // namespace alertdesk
