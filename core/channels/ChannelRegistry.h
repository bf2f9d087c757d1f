// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"
#include "model/FieldError.h"

#include <QStringList>
#include <memory>
#include <optional>

namespace alertdesk {

// What AlertDesk knows of each channel kind: which fields are secret, how to check a
// configuration before it is saved, and how to build the channel.
struct ChannelKindInfo {
    QString kind;
    QString displayName;
    QStringList secretFields;
    QStringList requiredSecrets;
    // Nothing when cfg + secrets make a usable channel, else what is wrong, in the words of
    // the settings ({chat_ids}: see FieldError).
    std::function<std::optional<FieldError>(const ChannelConfig&, const SecretMap&)> check;
    std::function<std::unique_ptr<Channel>(const ChannelConfig&, const SecretMap&, ChannelEnv)> create;

    // check() as text: empty when usable.
    QString validate(const ChannelConfig& config, const SecretMap& secrets) const;
};

const QList<ChannelKindInfo>& channelKinds();
const ChannelKindInfo* findChannelKind(const QString& kind);

// Common checks for the kinds: an http(s) URL with a host. field names it in the message, which
// says what is wrong (a space, no scheme, a character a URL cannot hold, no host). A platform
// whose URL carries its secret (Slack, Discord, Teams webhooks) takes https only, except on this
// computer (127.0.0.1, ::1, localhost), where a local relay or test receiver speaks plain http.
enum class UrlSchemes { HttpOrHttps, HttpsUnlessLocal };
std::optional<FieldError> httpUrlError(
    const QString& field, const QString& url, UrlSchemes schemes = UrlSchemes::HttpOrHttps);
QString checkHttpUrl(const QString& field, const QString& url);

} // namespace alertdesk
