// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace alertdesk {

enum class CircuitState { Closed, Open, HalfOpen };
QString circuitStateName(CircuitState s);

// Per-channel health, computed from the attempt history (so it survives restarts).
struct ChannelHealth {
    QString channel;
    QString kind;
    bool enabled = true;
    qint64 sent = 0; // deliveries that succeeded
    qint64 failed = 0; // deliveries that failed for good
    qint64 retried = 0; // attempts that were followed by another attempt
    QString lastError;
    QDateTime lastErrorAt;
    QDateTime lastSuccessAt;
    double latencyP50Ms = -1;
    double latencyP95Ms = -1;
    bool lastAttemptFailed = false; // the newest attempt or test send failed
    CircuitState circuit = CircuitState::Closed;
    QDateTime circuitRetryAt; // open circuit: when it lets a probe through; else invalid

    double successRate() const; // 0..100 over finished deliveries; 100 when none yet
    // Enabled, and its newest attempt failed or its circuit is not closed.
    bool failing() const { return enabled && (lastAttemptFailed || circuit != CircuitState::Closed); }
    QJsonObject toJson() const;
};

} // namespace alertdesk
