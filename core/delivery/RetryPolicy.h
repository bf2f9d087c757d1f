// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "config/Settings.h"

#include <QtGlobal>

namespace alertdesk {

// Exponential backoff: base * 2^(attempt-1), scaled by a jitter factor in [1-j, 1+j], capped.
// `unit` is a uniform random number in [0, 1) supplied by the caller, so tests can pin it.
qint64 backoffDelayMs(const DeliverySettings& s, int attemptsMade, double unit);

// What happens after attempt number `attemptsMade` asked for a retry: the delay before the
// next attempt (the platform's Retry-After when given, exactly), or -1 when retries are spent.
qint64 nextRetryDelayMs(const DeliverySettings& s, int attemptsMade, qint64 retryAfterMs, double unit);

} // namespace alertdesk
