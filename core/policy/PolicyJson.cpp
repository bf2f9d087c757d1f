// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "PolicyJson.h"

#include <QJsonArray>
#include <cmath>

namespace alertdesk::policyjson {

bool object(const QJsonValue& v, const QString& path, QJsonObject* out, FieldError* error)
{
    if (!v.isObject()) {
        *error = { path, QStringLiteral("must be a JSON object") };
        return false;
    }
    *out = v.toObject();
    return true;
}

bool knownKeys(const QJsonObject& o, const QStringList& known, const QString& path, FieldError* error)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = { field(path, it.key()),
                QStringLiteral("is not a known field (known: %1)").arg(known.join(QStringLiteral(", "))) };
            return false;
        }
    }
    return true;
}

std::optional<QStringList> strings(const QJsonObject& o, const QString& key, const QString& path, FieldError* error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return QStringList();
    if (!v.isArray()) {
        *error = { field(path, key), QStringLiteral("must be an array of strings") };
        return std::nullopt;
    }
    QStringList out;
    const QJsonArray arr = v.toArray();
    for (qsizetype i = 0; i < arr.size(); ++i) {
        if (!arr[i].isString() || arr[i].toString().trimmed().isEmpty()) {
            *error = { item(field(path, key), i), QStringLiteral("must be a non-empty string") };
            return std::nullopt;
        }
        out << arr[i].toString().trimmed();
    }
    return out;
}

std::optional<QString> string(
    const QJsonObject& o, const QString& key, const QString& fallback, const QString& path, FieldError* error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isString()) {
        *error = { field(path, key), QStringLiteral("must be a string") };
        return std::nullopt;
    }
    return v.toString();
}

std::optional<bool> boolean(
    const QJsonObject& o, const QString& key, bool fallback, const QString& path, FieldError* error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isBool()) {
        *error = { field(path, key), QStringLiteral("must be true or false") };
        return std::nullopt;
    }
    return v.toBool();
}

std::optional<double> number(const QJsonObject& o, const QString& key, double fallback, double min, double max,
    bool whole, const QString& path, FieldError* error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isDouble()) {
        *error = { field(path, key), QStringLiteral("must be a number") };
        return std::nullopt;
    }
    const double d = v.toDouble();
    if (whole && d != std::floor(d)) {
        *error = { field(path, key), QStringLiteral("must be a whole number") };
        return std::nullopt;
    }
    if (d < min || d > max) {
        *error = { field(path, key), QStringLiteral("must be between %1 and %2").arg(min).arg(max) };
        return std::nullopt;
    }
    return d;
}

} // namespace alertdesk::policyjson
