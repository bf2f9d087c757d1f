// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// A Retry-After header value (seconds or an HTTP-date), read by parseRetryAfter.

#include "FuzzSupport.h"

#include "net/HttpTransport.h"

using namespace alertdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const qint64 ms = parseRetryAfter(fuzz::bytes(data, size), fuzz::kNowMs);
    FUZZ_CHECK(ms >= -1);
    return 0;
}
