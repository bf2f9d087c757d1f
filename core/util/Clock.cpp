// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Clock.h"

#include <QTimer>

#include <algorithm>
#include <limits>

namespace alertdesk {

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

void SystemClock::schedule(qint64 delayMs, QObject* context, std::function<void()> fn)
{
    const int ms = static_cast<int>(std::clamp<qint64>(delayMs, 0, std::numeric_limits<int>::max()));
    QTimer::singleShot(ms, Qt::PreciseTimer, context, std::move(fn));
}

SystemClock* SystemClock::instance()
{
    static SystemClock clock;
    return &clock;
}

} // namespace alertdesk
