// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"

#include <algorithm>

namespace alertdesk::test {

void FakeClock::schedule(qint64 delayMs, QObject* context, std::function<void()> fn)
{
    m_timers.push_back({ m_now + std::max<qint64>(0, delayMs), m_seq++, context, std::move(fn) });
}

qint64 FakeClock::nextDueAt() const
{
    qint64 best = -1;
    for (const auto& t : m_timers)
        best = best < 0 ? t.due : std::min(best, t.due);
    return best;
}

void FakeClock::advance(qint64 ms)
{
    const qint64 target = m_now + ms;
    for (;;) {
        auto it = std::min_element(m_timers.begin(), m_timers.end(),
            [](const Timer& a, const Timer& b) { return a.due != b.due ? a.due < b.due : a.seq < b.seq; });
        if (it == m_timers.end() || it->due > target)
            break;
        Timer t = std::move(*it);
        m_timers.erase(it);
        m_now = std::max(m_now, t.due);
        if (t.context)
            t.fn();
    }
    m_now = target;
}

} // namespace alertdesk::test
