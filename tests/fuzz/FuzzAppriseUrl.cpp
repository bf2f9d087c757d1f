// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// `channel add-url URL`: an Apprise URL read by parseAppriseUrl, then built and validated as
// `channel add` would (buildChannelFromOptions). The error never quotes the URL.

#include "FuzzSupport.h"

#include "config/AppriseUrl.h"
#include "config/ChannelArgs.h"

using namespace alertdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString url = QString::fromUtf8(fuzz::bytes(data, size));
    QString error;
    const auto parsed = parseAppriseUrl(url, &error);
    if (!parsed) {
        FUZZ_CHECK(!error.isEmpty());
        // What follows the scheme holds the tokens: long enough to be one, it is never echoed.
        const qsizetype schemeEnd = url.indexOf(QLatin1String("://"));
        const QString rest = schemeEnd < 0 ? url.trimmed() : url.mid(schemeEnd + 3).trimmed();
        FUZZ_CHECK(rest.size() < 16 || !error.contains(rest));
        return 0;
    }
    FUZZ_CHECK(!parsed->kind.isEmpty());
    QJsonObject settings;
    SecretMap secrets;
    const QString built = buildChannelFromOptions(parsed->kind, parsed->options, &settings, &secrets);
    (void)appriseTerms(built);
    return 0;
}
