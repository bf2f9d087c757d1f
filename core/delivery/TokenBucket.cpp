// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "TokenBucket.h"

#include <algorithm>
#include <cmath>

namespace alertdesk {

namespace {
// Refills are sums of fractions: without a tolerance a token due at t shows up at t + 1 ms.
constexpr double kEpsilon = 1e-9;
} // namespace

TokenBucket::TokenBucket(double perSecond, int burst)
    : m_perSecond(perSecond)
    , m_burst(std::max(1, burst))
    , m_tokens(m_burst)
{
}

void TokenBucket::refill(qint64 nowMs) const
{
    if (m_lastMs < 0) {
        m_lastMs = nowMs;
        return;
    }
    if (nowMs > m_lastMs) {
        m_tokens = std::min(m_burst, m_tokens + static_cast<double>(nowMs - m_lastMs) * m_perSecond / 1000.0);
        m_lastMs = nowMs;
    }
}

bool TokenBucket::tryTake(qint64 nowMs)
{
    if (nowMs < m_pausedUntil)
        return false;
    if (unlimited())
        return true;
    refill(nowMs);
    if (m_tokens + kEpsilon >= 1.0) {
        m_tokens = std::max(0.0, m_tokens - 1.0);
        return true;
    }
    return false;
}

qint64 TokenBucket::waitMs(qint64 nowMs) const
{
    const qint64 pause = std::max<qint64>(0, m_pausedUntil - nowMs);
    if (unlimited())
        return pause;
    refill(nowMs);
    const qint64 forToken = m_tokens + kEpsilon >= 1.0
        ? 0
        : static_cast<qint64>(std::ceil((1.0 - m_tokens) * 1000.0 / m_perSecond - kEpsilon));
    return std::max(pause, forToken);
}

void TokenBucket::pauseUntil(qint64 untilMs)
{
    m_pausedUntil = std::max(m_pausedUntil, untilMs);
    if (!unlimited()) {
        // Spend the burst (the platform has told us we are over), but let exactly one request
        // go when the pause ends: the platform named that moment, and a retry_after of 0.631 s
        // must not turn into a full token interval. Tokens accrue again from then on.
        m_tokens = 1.0;
        m_lastMs = m_pausedUntil;
    }
}

} // namespace alertdesk
