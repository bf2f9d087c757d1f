// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "util/Clock.h"

#include <QPointer>
#include <vector>

namespace alertdesk::test {

// A clock that moves only when told. advance() runs every callback that falls due, in time
// order, including those scheduled by the callbacks themselves.
class FakeClock final : public Clock {
public:
    explicit FakeClock(qint64 startMs = 1795000000000) // 2026-11-18
        : m_now(startMs)
    {
    }

    qint64 nowMs() const override { return m_now; }
    void schedule(qint64 delayMs, QObject* context, std::function<void()> fn) override;

    void advance(qint64 ms);
    void setNow(qint64 ms) { m_now = ms; }
    // Time of the earliest pending callback, or -1.
    qint64 nextDueAt() const;
    int pendingCount() const { return static_cast<int>(m_timers.size()); }

private:
    struct Timer {
        qint64 due;
        quint64 seq;
        QPointer<QObject> context;
        std::function<void()> fn;
    };
    qint64 m_now;
    quint64 m_seq = 0;
    std::vector<Timer> m_timers;
};

} // namespace alertdesk::test
