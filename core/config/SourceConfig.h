// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace alertdesk {

// A configured alert source (an ntfy topic AlertDesk subscribes to), as stored in the
// profile's "sources": no secret values here, only the names of the fields in the keychain
// (under the source's name, as a channel's are).
struct SourceConfig {
    QString name;
    QString kind; // "ntfy"
    bool enabled = true;
    QJsonObject settings; // non-secret, kind-specific
    QStringList secretFields;

    QJsonObject toJson() const;
    static SourceConfig fromJson(const QJsonObject& o);
};

} // namespace alertdesk
