// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CircuitBreaker.h"

#include <algorithm>

namespace alertdesk {

CircuitBreaker::CircuitBreaker(int threshold, qint64 cooldownMs)
    : m_threshold(std::max(1, threshold))
    , m_baseCooldownMs(cooldownMs)
    , m_cooldownMs(cooldownMs)
{
}

void CircuitBreaker::setLimits(int threshold, qint64 cooldownMs)
{
    m_threshold = std::max(1, threshold);
    if (cooldownMs == m_baseCooldownMs)
        return;
    // Keep the backoff an open circuit has reached (2x, 4x...) on the new base.
    const qint64 factor = m_baseCooldownMs > 0 ? std::max<qint64>(1, m_cooldownMs / m_baseCooldownMs) : 1;
    m_baseCooldownMs = cooldownMs;
    m_cooldownMs = cooldownMs * factor;
}

CircuitState CircuitBreaker::state(qint64 nowMs) const
{
    if (!m_open)
        return CircuitState::Closed;
    return nowMs >= m_openedAt + m_cooldownMs ? CircuitState::HalfOpen : CircuitState::Open;
}

bool CircuitBreaker::allow(qint64 nowMs)
{
    switch (state(nowMs)) {
    case CircuitState::Closed:
        return true;
    case CircuitState::Open:
        return false;
    case CircuitState::HalfOpen:
        if (m_probeInFlight)
            return false;
        m_probeInFlight = true;
        return true;
    }
    return true;
}

qint64 CircuitBreaker::waitMs(qint64 nowMs) const
{
    if (!m_open)
        return 0;
    return std::max<qint64>(0, m_openedAt + m_cooldownMs - nowMs);
}

void CircuitBreaker::onSuccess()
{
    m_consecutiveFailures = 0;
    m_open = false;
    m_probeInFlight = false;
    m_cooldownMs = m_baseCooldownMs;
}

void CircuitBreaker::onFailure(qint64 nowMs)
{
    ++m_consecutiveFailures;
    if (m_open && m_probeInFlight) {
        m_probeInFlight = false;
        m_cooldownMs = std::min(m_cooldownMs * 2, m_baseCooldownMs * 16);
        m_openedAt = nowMs;
        return;
    }
    if (!m_open && m_consecutiveFailures >= m_threshold) {
        m_open = true;
        m_openedAt = nowMs;
    }
}

void CircuitBreaker::restore(int consecutiveFailures, qint64 lastFailureAt)
{
    m_consecutiveFailures = consecutiveFailures;
    m_probeInFlight = false;
    m_open = consecutiveFailures >= m_threshold;
    m_openedAt = m_open ? lastFailureAt : 0;
}

bool CircuitBreaker::countsAsFailure(bool delivered, bool retryable, int httpStatus, bool rateLimited)
{
    if (delivered || rateLimited || httpStatus == 429)
        return false;
    if (retryable || httpStatus == 0 || httpStatus >= 500)
        return true;
    return httpStatus == 401 || httpStatus == 403 || httpStatus == 404 || httpStatus == 410;
}

} // namespace alertdesk
