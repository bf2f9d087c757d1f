// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/ChannelHealth.h"

#include <QtGlobal>

namespace alertdesk {

// Opens after `threshold` consecutive failures; after the cooldown lets one probe through
// (half-open); the probe's success closes it, its failure opens it again with twice the
// cooldown (up to 16x).
class CircuitBreaker final {
public:
    CircuitBreaker(int threshold = 5, qint64 cooldownMs = 30000);

    // New settings for a breaker in use: its failure count and state carry on.
    void setLimits(int threshold, qint64 cooldownMs);
    bool allow(qint64 nowMs); // may an attempt start now? (takes the probe slot when half-open)
    qint64 waitMs(qint64 nowMs) const;
    void onSuccess();
    void onFailure(qint64 nowMs);
    CircuitState state(qint64 nowMs) const;
    // A breaker made again (a restart, the channel loaded again) takes up the failures in a
    // row that the history shows, so that its state stays true to the attempts.
    void restore(int consecutiveFailures, qint64 lastFailureAt);

    // Does an attempt's outcome count against the endpoint? A failure worth retrying (no answer,
    // a server error) does, and so does an answer that says the channel itself is unusable (bad
    // credentials, a webhook that no longer exists); a 429 or an answer refusing one alert's
    // payload shows the endpoint is up.
    static bool countsAsFailure(bool delivered, bool retryable, int httpStatus, bool rateLimited);

private:
    int m_threshold;
    qint64 m_baseCooldownMs;
    qint64 m_cooldownMs;
    int m_consecutiveFailures = 0;
    bool m_open = false;
    qint64 m_openedAt = 0;
    bool m_probeInFlight = false;
};

} // namespace alertdesk
