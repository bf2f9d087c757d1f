// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// POST /v1/metrics: the body, read by parseIngestSamples. Accepted samples have a valid
// metric key, a finite value and a time at most 5 minutes ahead.

#include "FuzzSupport.h"

#include "rules/Rule.h"
#include "sources/IngestServer.h"

#include <cmath>

using namespace alertdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    FieldError error;
    const auto samples = parseIngestSamples(fuzz::bytes(data, size), fuzz::kNowMs, &error);
    if (!samples) {
        FUZZ_CHECK(!error.field.isEmpty() && !error.message.isEmpty());
        return 0;
    }
    for (const IngestSample& s : *samples) {
        FUZZ_CHECK(isValidMetricKey(s.metric));
        FUZZ_CHECK(std::isfinite(s.value));
        FUZZ_CHECK(s.timeMs <= fuzz::kNowMs + 5 * 60 * 1000);
    }
    return 0;
}
