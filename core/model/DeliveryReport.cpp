// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "DeliveryReport.h"

#include <QJsonArray>
#include <array>

namespace alertdesk {

namespace {
constexpr std::array<const char*, 5> kNames { "pending", "waiting", "delivered", "failed", "cancelled" };

QJsonValue timeOrNull(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}
} // namespace

QString deliveryStatusName(DeliveryStatus s)
{
    return QString::fromLatin1(kNames.at(static_cast<size_t>(s)));
}

DeliveryStatus deliveryStatusFromString(const QString& s)
{
    for (size_t i = 0; i < kNames.size(); ++i) {
        if (s == QLatin1String(kNames[i]))
            return static_cast<DeliveryStatus>(i);
    }
    return DeliveryStatus::Pending;
}

QJsonObject ChannelResult::toJson() const
{
    QJsonObject o {
        { QStringLiteral("channel"), channel },
        { QStringLiteral("status"), deliveryStatusName(status) },
        { QStringLiteral("success"), success() },
        { QStringLiteral("attempts"), attempts },
        { QStringLiteral("finished_at"), timeOrNull(finishedAt) },
        { QStringLiteral("idempotency_key"), idempotencyKey },
    };
    o.insert(QStringLiteral("error"), error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(error));
    o.insert(QStringLiteral("latency_ms"), latencyMs >= 0 ? QJsonValue(latencyMs) : QJsonValue(QJsonValue::Null));
    return o;
}

bool DeliveryReport::complete() const
{
    for (const auto& r : results) {
        if (!isTerminal(r.status))
            return false;
    }
    return true;
}

bool DeliveryReport::allDelivered() const
{
    for (const auto& r : results) {
        if (!r.success())
            return false;
    }
    return true;
}

int DeliveryReport::deliveredCount() const
{
    int n = 0;
    for (const auto& r : results)
        n += r.success() ? 1 : 0;
    return n;
}

double DeliveryReport::successRate() const
{
    return results.isEmpty() ? 0.0 : 100.0 * deliveredCount() / static_cast<double>(results.size());
}

QJsonObject DeliveryReport::toJson() const
{
    QJsonArray arr;
    for (const auto& r : results)
        arr.append(r.toJson());
    return {
        { QStringLiteral("alert_id"), alertId },
        { QStringLiteral("started_at"), timeOrNull(startedAt) },
        { QStringLiteral("finished_at"), timeOrNull(finishedAt) },
        { QStringLiteral("total"), static_cast<int>(results.size()) },
        { QStringLiteral("delivered"), deliveredCount() },
        { QStringLiteral("success"), !results.isEmpty() && allDelivered() },
        { QStringLiteral("success_rate"), successRate() },
        { QStringLiteral("results"), arr },
    };
}

} // namespace alertdesk
