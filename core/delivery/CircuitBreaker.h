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
