// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "channels/Channel.h"
#include "config/SourceConfig.h"
#include "model/FieldError.h"

#include <QMap>
#include <QStringList>
#include <optional>

namespace alertdesk {

// How `alertdesk-cli source add ntfy NAME ...` and the window's source form read an ntfy
// source: one builder and one check for both.
namespace ntfysource {
inline const QString kDefaultServer = QStringLiteral("https://ntfy.sh");
QString usage(); // one line, for help and errors
const QStringList& valueOptions(); // without "--": topic, server, token, type, priority, channel
inline const QString kSecretOption = QStringLiteral("token");
} // namespace ntfysource

// Fills *settings and *secrets from option values (names without "--"; "channel" may repeat),
// or says what is wrong: FieldError::field is the option at fault and the message names
// options as {--option}. An empty token means none (a public topic).
std::optional<FieldError> buildNtfySource(
    const QMap<QString, QStringList>& options, QJsonObject* settings, SecretMap* secrets);
// The other way, for a form that edits a source: its non-secret options.
QMap<QString, QStringList> ntfySourceOptions(const SourceConfig& config);

// A source's name: the rules of a channel's (1-64 letters, digits, '_', '.', '-').
std::optional<FieldError> checkSourceName(const QString& name);

} // namespace alertdesk
