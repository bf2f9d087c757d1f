#pragma once

#include "channels/Channel.h"
#include "config/ChannelConfig.h"

#include <QStringList>
#include <functional>

namespace alertdesk {

class CommandArgs;

// How `alertdesk-cli channel add KIND NAME ...` reads each kind's options.
struct ChannelArgSpec {
    QString kind;
    QString usage;               // one line, for help and errors
    QStringList valueOptions;    // without "--"
    QStringList flags;
    QStringList secretOptions;   // options whose value may be "-" (read from standard input)
    // Fills settings and secrets from the options; returns what is wrong, or "".
    std::function<QString(const CommandArgs&, QJsonObject& settings, SecretMap& secrets)> build;
};

const QList<ChannelArgSpec>& channelArgSpecs();
const ChannelArgSpec* findChannelArgSpec(const QString& kind);

// The importers' way in: option values as `channel add KIND` would read them (names without
// "--"), through the kind's builder, then the kind's own validation (ChannelRegistry). Fills
// *settings and *secrets and returns "", or returns what is wrong in the builder's words.
QString buildChannelFromOptions(
    const QString& kind, const QMap<QString, QStringList>& options, QJsonObject* settings, SecretMap* secrets);

} // namespace alertdesk
