// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "AlertMatch.h"

#include <QList>
#include <QStringList>
#include <optional>

namespace alertdesk {

// A routing rule: alerts that match go to its channels. Rules are tried in order; the first
// that matches decides, unless it says "continue", in which case later matching rules add
// their channels too. When no rule matches, the alert goes to its own channels, else to
// every enabled channel (the seed's behaviour).
//   {"match": {"priorities": ["CRITICAL"]}, "channels": ["sms", "pager"], "continue": true}
struct RoutingRule {
    QString name; // optional, for logs
    AlertMatch match;
    QStringList channels;
    bool continueAfter = false;

    static std::optional<RoutingRule> fromJson(const QJsonValue& v, const QString& path, FieldError* error);
};

// The channels the rules give an alert, in rule order without repeats; *matched says
// whether any rule matched. Pure.
QStringList routeByRules(const QList<RoutingRule>& rules, const Alert& a, bool* matched);

} // namespace alertdesk
