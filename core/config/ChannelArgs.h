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

    // Options the builder reads several values of (--to A --to B).
    bool isRepeatable(const QString& option) const;
    // The values an option takes, when it takes only a few (--security tls|starttls|none).
    QStringList choices(const QString& option) const;
};

const QList<ChannelArgSpec>& channelArgSpecs();
const ChannelArgSpec* findChannelArgSpec(const QString& kind);

// The importers' way in: option values as `channel add KIND` would read them (names without
// "--"), through the kind's builder, then the kind's own validation (ChannelRegistry). Fills
// *settings and *secrets and returns "", or returns what is wrong in the builder's words.
QString buildChannelFromOptions(
    const QString& kind, const QMap<QString, QStringList>& options, QJsonObject* settings, SecretMap* secrets);

// The other way: the options that build this channel again (for a form that edits it). Reads
// settings and secrets by the builders' naming (option "chat-id" -> "chat_id" or "chat_ids"),
// lists and header objects included; an option with nothing stored is left out. Pass no
// secrets to get the non-secret options only. *usedSettings (optional) gets the settings
// keys the options stand for; the others are not the builders' (kept as they are by an edit).
QMap<QString, QStringList> channelOptionsFromConfig(
    const ChannelConfig& config, const SecretMap& secrets, QStringList* usedSettings = nullptr);

} // namespace alertdesk
