// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QtGlobal>

namespace alertdesk {

// A token bucket on caller-supplied time, plus a "paused until" for platform 429 answers.
class TokenBucket final {
public:
    TokenBucket() = default;
    TokenBucket(double perSecond, int burst);

    bool unlimited() const { return m_perSecond <= 0; }
    // Takes one token if there is one at nowMs.
    bool tryTake(qint64 nowMs);
    // How long until a token can be taken (0 = now).
    qint64 waitMs(qint64 nowMs) const;
    // The platform said to wait: no token before untilMs.
    void pauseUntil(qint64 untilMs);

private:
    void refill(qint64 nowMs) const;

    double m_perSecond = 0;
    double m_burst = 1;
    mutable double m_tokens = 1;
    mutable qint64 m_lastMs = -1;
    qint64 m_pausedUntil = 0;
};

} // namespace alertdesk
