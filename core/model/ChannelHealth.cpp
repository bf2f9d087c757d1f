// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ChannelHealth.h"

namespace alertdesk {

QString circuitStateName(CircuitState s)
{
    switch (s) {
    case CircuitState::Closed:
        return QStringLiteral("closed");
    case CircuitState::Open:
        return QStringLiteral("open");
    case CircuitState::HalfOpen:
        return QStringLiteral("half_open");
    }
    return QStringLiteral("closed");
}

double ChannelHealth::successRate() const
{
    const qint64 total = sent + failed;
    return total == 0 ? 100.0 : 100.0 * static_cast<double>(sent) / static_cast<double>(total);
}

QJsonObject ChannelHealth::toJson() const
{
    auto t = [](const QDateTime& d) {
        return d.isValid() ? QJsonValue(d.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
    };
    auto ms = [](double v) { return v >= 0 ? QJsonValue(v) : QJsonValue(); };
    return {
        { QStringLiteral("channel"), channel },
        { QStringLiteral("kind"), kind },
        { QStringLiteral("enabled"), enabled },
        { QStringLiteral("sent"), sent },
        { QStringLiteral("failed"), failed },
        { QStringLiteral("retried"), retried },
        { QStringLiteral("success_rate"), successRate() },
        { QStringLiteral("last_error"), lastError.isEmpty() ? QJsonValue() : QJsonValue(lastError) },
        { QStringLiteral("last_error_at"), t(lastErrorAt) },
        { QStringLiteral("last_success_at"), t(lastSuccessAt) },
        { QStringLiteral("latency_p50_ms"), ms(latencyP50Ms) },
        { QStringLiteral("latency_p95_ms"), ms(latencyP95Ms) },
        { QStringLiteral("circuit"), circuitStateName(circuit) },
    };
}

} // namespace alertdesk
