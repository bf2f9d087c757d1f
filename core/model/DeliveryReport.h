// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace alertdesk {

// Where one delivery (alert x channel) stands. Stored as text in the outbox.
// Waiting: a sequential delivery whose turn has not come yet.
enum class DeliveryStatus { Pending, Waiting, Delivered, Failed, Cancelled };
QString deliveryStatusName(DeliveryStatus s);
DeliveryStatus deliveryStatusFromString(const QString& s);
inline bool isTerminal(DeliveryStatus s)
{
    return s == DeliveryStatus::Delivered || s == DeliveryStatus::Failed || s == DeliveryStatus::Cancelled;
}

struct ChannelResult {
    QString channel;
    DeliveryStatus status = DeliveryStatus::Pending;
    int attempts = 0;
    QString error; // the platform's own text for the last failure, secrets redacted
    qint64 latencyMs = -1; // of the successful attempt
    QDateTime finishedAt;
    QString idempotencyKey;

    bool success() const { return status == DeliveryStatus::Delivered; }
    QJsonObject toJson() const;
};

// The outcome of one alert across its target channels (the seed's DeliveryReport).
struct DeliveryReport {
    QString alertId;
    QDateTime startedAt;
    QDateTime finishedAt;
    QList<ChannelResult> results;

    bool complete() const; // every result terminal
    bool allDelivered() const; // complete and nothing failed
    int deliveredCount() const;
    double successRate() const; // 0..100; 0 for no targets
    QJsonObject toJson() const;
};

} // namespace alertdesk
