// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// A platform's answer to a delivery (status, Retry-After, body), read by that platform's
// outcome function. Built once per platform (ALERTDESK_FUZZ_PLATFORM). The input is
//   STATUS "\n" RETRY-AFTER "\n" BODY
// A secret the channel registered with its redactor never reaches the error text, even when
// the receiver echoes it back.

#include "FuzzSupport.h"

#include "channels/DiscordChannel.h"
#include "channels/NtfyChannel.h"
#include "channels/PagerDutyChannel.h"
#include "channels/PushoverChannel.h"
#include "channels/SlackChannel.h"
#include "channels/SmsChannel.h"
#include "channels/TeamsChannel.h"
#include "channels/TelegramChannel.h"
#include "net/HttpTransport.h"
#include "util/Redactor.h"

using namespace alertdesk;

namespace {
const QString kSecret = QStringLiteral("FUZZ-secret-0123456789abcdef");

SendOutcome outcome(const HttpResponse& r, const Redactor& redactor)
{
    const qint64 now = fuzz::kNowMs;
#if ALERTDESK_FUZZ_PLATFORM == 1
    return slackApiOutcome(r, now, redactor);
#elif ALERTDESK_FUZZ_PLATFORM == 2
    return discordOutcome(r, now, redactor);
#elif ALERTDESK_FUZZ_PLATFORM == 3
    const TelegramAnswer a = telegramAnswer(r, now, redactor);
    FUZZ_CHECK(!a.migrateToChatId.contains(kSecret));
    return a.outcome;
#elif ALERTDESK_FUZZ_PLATFORM == 4
    return twilioOutcome(r, now, redactor);
#elif ALERTDESK_FUZZ_PLATFORM == 5
    return pagerDutyOutcome(r, now, redactor);
#elif ALERTDESK_FUZZ_PLATFORM == 6
    return teamsOutcome(r, now, redactor);
#elif ALERTDESK_FUZZ_PLATFORM == 7
    return ntfyOutcome(r, now, redactor);
#elif ALERTDESK_FUZZ_PLATFORM == 8
    return pushoverOutcome(r, now, redactor);
#else
    return classifyHttp(r, now, redactor); // webhook, Alertmanager
#endif
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const Redactor redactor = [] {
        Redactor r;
        r.addSecret(kSecret);
        return r;
    }();
    const QByteArray input = fuzz::bytes(data, size);
    const qsizetype first = input.indexOf('\n');
    const qsizetype second = first < 0 ? -1 : input.indexOf('\n', first + 1);
    if (second < 0)
        return 0;
    HttpResponse r;
    r.status = input.left(first).toInt();
    if (r.status < 0 || r.status > 999)
        return 0;
    if (r.status == 0)
        r.error = QNetworkReply::RemoteHostClosedError;
    const QByteArray retryAfter = input.mid(first + 1, second - first - 1);
    if (!retryAfter.isEmpty())
        r.headers.append({ "Retry-After", retryAfter });
    r.body = input.mid(second + 1);
    r.errorString = QString::fromUtf8(r.body);

    const SendOutcome o = outcome(r, redactor);
    FUZZ_CHECK(!o.error.contains(kSecret));
    FUZZ_CHECK(o.retryAfterMs >= -1);
    FUZZ_CHECK(o.httpStatus == r.status);
    if (o.kind == SendOutcome::Kind::Delivered)
        FUZZ_CHECK(r.status >= 200 && r.status < 300);
    return 0;
}
