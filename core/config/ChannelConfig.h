// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace alertdesk {

// A configured channel, as stored in the profile: no secret values here, only the names of
// the secret fields that live in the keychain.
struct ChannelConfig {
    QString name;
    QString kind; // "webhook", "slack", ...
    bool enabled = true;
    QJsonObject settings; // non-secret, kind-specific
    QStringList secretFields; // fields whose values are in the SecretStore

    QJsonObject toJson() const;
    static ChannelConfig fromJson(const QJsonObject& o);
};

} // namespace alertdesk
