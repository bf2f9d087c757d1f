#pragma once

#include "Channel.h"

#include <QStringList>
#include <memory>

namespace alertdesk {

// What AlertDesk knows of each channel kind: which fields are secret, how to check a
// configuration before it is saved, and how to build the channel.
struct ChannelKindInfo {
    QString kind;
    QString displayName;
    QStringList secretFields;
    QStringList requiredSecrets;
    // Returns an empty string when cfg + secrets make a usable channel, else what is wrong.
    std::function<QString(const ChannelConfig&, const SecretMap&)> validate;
    std::function<std::unique_ptr<Channel>(const ChannelConfig&, const SecretMap&, ChannelEnv)> create;
};

const QList<ChannelKindInfo>& channelKinds();
const ChannelKindInfo* findChannelKind(const QString& kind);

// Common checks for the kinds: an http(s) URL with a host.
QString checkHttpUrl(const QString& field, const QString& url);

} // namespace alertdesk
