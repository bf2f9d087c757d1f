// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QList>
#include <QString>
#include <QUrl>
#include <functional>
#include <optional>

class QMenu;

namespace alertdesk {

// Copy and share: an alert as a trader pastes it into a chat, a ticket or a script, and the
// permalink alertdesk://alert/ID that opens it in the window (registered as the desktop entry's
// x-scheme-handler/alertdesk).
namespace AlertClipboard {

enum class Format { Text, Markdown, Json, Link };

QString link(const QString& alertId);
// The alert id in an alertdesk://alert/ID link; nullopt for anything else.
std::optional<QString> alertIdFromLink(const QString& text);
// Several alerts are separated by a blank line (text, Markdown), form one JSON array, or one
// link per line.
QString format(const QList<Alert>& alerts, Format format);
// Puts them on the clipboard in that form (nothing when there is none).
void copy(const QList<Alert>& alerts, Format format);
// The Copy menu's entries (text, Markdown, JSON, link), each copying what alerts() gives then.
void addCopyActions(QMenu* menu, const std::function<QList<Alert>()>& alerts);

} // namespace AlertClipboard

} // namespace alertdesk
