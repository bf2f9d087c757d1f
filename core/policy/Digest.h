// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QJsonObject>
#include <QList>

namespace alertdesk {

// One message that stands for many alerts: counts by priority, type and symbol, the time
// span, and the newest alerts one line each. Short enough for every channel (Slack's 3,000
// characters of section text, SMS aside), so the count is never lost to truncation.
struct DigestMessage {
    AlertType type = AlertType::Custom; // the alerts' type when they share one
    Priority priority = Priority::Info; // the most urgent
    QString symbol; // when they share one
    QString title;
    QString message;
    QJsonObject data; // {"digest": {"id","count","reason","group","first_at","last_at","by_priority",...}}
};

struct DigestLimits {
    static constexpr int lines = 10; // newest alerts listed one by one
    static constexpr int lineTitle = 120; // characters of each listed title
    static constexpr int symbolsInData = 100; // busiest symbols counted in data.digest.by_symbol
};

// reason: "quiet_hours" or "grouping"; group: a label of the group key ("PRICE BTCUSDT").
// alerts in the order they arrived. Pure.
DigestMessage buildDigest(const QString& id, const QList<Alert>& alerts, const QString& reason, const QString& group);

} // namespace alertdesk
