// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QJsonValue>
#include <QSet>
#include <QStringList>
#include <optional>

namespace alertdesk {

// Which alerts a policy is for: every list given must contain the alert's value; a list left
// out matches all. Tags are the strings of the alert's data.tags (an array, or one string
// with commas).
//   {"types": ["RISK"], "priorities": ["CRITICAL", "HIGH"], "symbols": ["BTCUSDT"], "tags": ["desk-a"]}
struct AlertMatch {
    QSet<AlertType> types;
    QSet<Priority> priorities;
    QStringList symbols; // upper case
    QStringList tags; // any one of them

    bool isEmpty() const { return types.isEmpty() && priorities.isEmpty() && symbols.isEmpty() && tags.isEmpty(); }
    bool matches(const Alert& a) const;

    static QStringList tagsOf(const Alert& a);
    // Reads the object at path (absent or null: match all).
    static std::optional<AlertMatch> fromJson(const QJsonValue& v, const QString& path, FieldError* error);
};

} // namespace alertdesk
