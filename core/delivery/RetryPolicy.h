// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "config/Settings.h"

#include <QString>
#include <QtGlobal>

namespace alertdesk {

// Exponential backoff: base * 2^(attempt-1), scaled by a jitter factor in [1-j, 1+j], capped.
// `unit` is a uniform random number in [0, 1) supplied by the caller, so tests can pin it.
qint64 backoffDelayMs(const DeliverySettings& s, int attemptsMade, double unit);

// What happens after attempt number `attemptsMade` asked for a retry: the delay before the
// next attempt (the platform's Retry-After when given, exactly), or -1 when retries are spent.
qint64 nextRetryDelayMs(const DeliverySettings& s, int attemptsMade, qint64 retryAfterMs, double unit);

// The error of a delivery whose retries are spent: "gave up after 4 attempts: <last error>".
// The history keeps it in English (the command line and scripts read it there); a window shows
// it through localizedDeliveryError(), in the language of its translation (DeliveryErrors).
QString gaveUpError(int attempts, const QString& lastError);
// A delivery or attempt error as the history keeps it, in the installed translation's words
// where it is one of ours; the platform's own text (an HTTP body) stays as it came.
QString localizedDeliveryError(const QString& error);

} // namespace alertdesk
