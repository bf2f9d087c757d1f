// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <optional>

namespace alertdesk::policyjson {

// Small readers for the "policies" section of config.json. Each sets *error to the full
// path of the field at fault ("policies.quiet_hours[0].time_intervals[1].weekdays[0]").
inline QString field(const QString& path, const QString& key)
{
    return path + QLatin1Char('.') + key;
}
inline QString item(const QString& path, qsizetype i)
{
    return path + QStringLiteral("[%1]").arg(i);
}

bool object(const QJsonValue& v, const QString& path, QJsonObject* out, FieldError* error);
// Refuses keys outside `known`, so a typo never silently disables a policy.
bool knownKeys(const QJsonObject& o, const QStringList& known, const QString& path, FieldError* error);
std::optional<QStringList> strings(const QJsonObject& o, const QString& key, const QString& path, FieldError* error);
std::optional<QString> string(
    const QJsonObject& o, const QString& key, const QString& fallback, const QString& path, FieldError* error);
std::optional<bool> boolean(
    const QJsonObject& o, const QString& key, bool fallback, const QString& path, FieldError* error);
// A number in [min, max]; whole when `whole`.
std::optional<double> number(const QJsonObject& o, const QString& key, double fallback, double min, double max,
    bool whole, const QString& path, FieldError* error);

} // namespace alertdesk::policyjson
