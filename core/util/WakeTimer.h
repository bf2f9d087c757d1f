// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Clock.h"

#include <algorithm>
#include <functional>

namespace alertdesk {

// One pending wake-up on a Clock: asking for an earlier time replaces the pending one, asking
// for a later time keeps it (whoever runs at the earlier time asks again for what is left).
class WakeTimer final {
public:
    WakeTimer(Clock& clock, QObject* context, std::function<void()> fn)
        : m_clock(clock)
        , m_context(context)
        , m_fn(std::move(fn))
    {
    }

    void wakeAt(qint64 atMs)
    {
        if (m_wakeAt > 0 && m_wakeAt <= atMs)
            return;
        m_wakeAt = atMs;
        const quint64 generation = ++m_generation;
        m_clock.schedule(std::max<qint64>(0, atMs - m_clock.nowMs()), m_context, [this, generation] {
            if (generation != m_generation)
                return; // replaced by an earlier wake-up
            m_wakeAt = 0;
            m_fn();
        });
    }

private:
    Clock& m_clock;
    QObject* m_context;
    std::function<void()> m_fn;
    qint64 m_wakeAt = 0;
    quint64 m_generation = 0;
};

} // namespace alertdesk
