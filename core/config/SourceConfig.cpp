// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "SourceConfig.h"

#include <QJsonArray>

namespace alertdesk {

QJsonObject SourceConfig::toJson() const
{
    return {
        { QStringLiteral("name"), name },
        { QStringLiteral("kind"), kind },
        { QStringLiteral("enabled"), enabled },
        { QStringLiteral("settings"), settings },
        { QStringLiteral("secret_fields"), QJsonArray::fromStringList(secretFields) },
    };
}

SourceConfig SourceConfig::fromJson(const QJsonObject& o)
{
    SourceConfig c;
    c.name = o.value(QStringLiteral("name")).toString();
    c.kind = o.value(QStringLiteral("kind")).toString();
    c.enabled = o.value(QStringLiteral("enabled")).toBool(true);
    c.settings = o.value(QStringLiteral("settings")).toObject();
    for (const QJsonValue& v : o.value(QStringLiteral("secret_fields")).toArray())
        c.secretFields << v.toString();
    return c;
}

} // namespace alertdesk
