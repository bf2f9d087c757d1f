// `channel add-url URL`: an Apprise URL read by parseAppriseUrl, then built and validated as
// `channel add` would (buildChannelFromOptions). The error never quotes the URL.

#include "FuzzSupport.h"

#include "cli/AppriseUrl.h"
#include "cli/ChannelArgs.h"

using namespace alertdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString url = QString::fromUtf8(fuzz::bytes(data, size));
    QString error;
    const auto parsed = parseAppriseUrl(url, &error);
    if (!parsed) {
        FUZZ_CHECK(!error.isEmpty());
        // A URL long enough to hold a secret is never echoed back whole.
        FUZZ_CHECK(url.trimmed().size() < 24 || !error.contains(url.trimmed()));
        return 0;
    }
    FUZZ_CHECK(!parsed->kind.isEmpty());
    QJsonObject settings;
    SecretMap secrets;
    const QString built = buildChannelFromOptions(parsed->kind, parsed->options, &settings, &secrets);
    (void)appriseTerms(built);
    return 0;
}
