// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QDateTime>
#include <QObject>
#include <functional>

namespace alertdesk {

// All time in the engine goes through a Clock, so retry, snooze and escalation logic can be
// tested on a FakeClock (tests/support) in milliseconds.
class Clock {
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0; // milliseconds since the Unix epoch, UTC
    QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }

    // Runs fn on context's thread once delayMs of this clock's time have passed.
    // Nothing runs if context is destroyed first.
    virtual void schedule(qint64 delayMs, QObject* context, std::function<void()> fn) = 0;
};

class SystemClock final : public Clock {
public:
    qint64 nowMs() const override;
    void schedule(qint64 delayMs, QObject* context, std::function<void()> fn) override;
    static SystemClock* instance();
};

} // namespace alertdesk
