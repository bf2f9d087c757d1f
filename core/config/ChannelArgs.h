// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "channels/Channel.h"
#include "config/ChannelConfig.h"
#include "model/FieldError.h"

#include <QStringList>
#include <functional>
#include <optional>

namespace alertdesk {

class CommandArgs;

// How `alertdesk-cli channel add KIND NAME ...` reads each kind's options.
struct ChannelArgSpec {
    QString kind;
    QString usage; // one line, for help and errors
    QStringList valueOptions; // without "--"
    QStringList flags;
    QStringList secretOptions; // options whose value may be "-" (read from standard input)
    // Fills settings and secrets from the options, or says what is wrong: the option at fault
    // and a message that names options as {--option} (FieldError).
    std::function<std::optional<FieldError>(const CommandArgs&, QJsonObject& settings, SecretMap& secrets)> build;

    // Options the builder reads several values of (--to A --to B).
    bool isRepeatable(const QString& option) const;
    // The values an option takes, when it takes only a few (--security tls|starttls|none).
    QStringList choices(const QString& option) const;
    // The option a field named in a message stands for: "--chat-id", "chat_ids" and
    // "chat_ids[2]" are "chat-id"; "" when none is.
    QString optionFor(const QString& name) const;
};

const QList<ChannelArgSpec>& channelArgSpecs();
const ChannelArgSpec* findChannelArgSpec(const QString& kind);

// The importers' and the dialog's way in: option values as `channel add KIND` would read them
// (names without "--"), through the kind's builder, then the kind's own validation
// (ChannelRegistry). Fills *settings and *secrets, or says what is wrong: FieldError::field is
// the option at fault, the message names options as {--option} (the builder's) or settings as
// {settings_key} (the kind's check); optionFor() finds the option of either.
std::optional<FieldError> checkChannelOptions(
    const QString& kind, const QMap<QString, QStringList>& options, QJsonObject* settings, SecretMap* secrets);
// The same as text, as the command line prints it; "" when the options make a channel.
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
