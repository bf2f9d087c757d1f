// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "config/ChannelConfig.h"
#include "model/Alert.h"
#include "policy/Template.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace alertdesk {

// What one channel receives for an alert, as the Compose page and the template editor show it.
struct ChannelPreviewResult {
    QString channel; // the channel's name ("" for a kind previewed on its own)
    QString kind; // "slack"
    QString heading; // "trading-desk · Slack"
    QString summary; // one line about the payload: "1 segment (GSM-7, 54 characters)"
    QString payload; // what the platform receives, as text (JSON indented)
    QStringList templateErrors; // a template part that could not be rendered: the default text went out
    bool templated = false; // a profile template applied
};

// Renders previews with the same pure code the channels send with: the profile's template for
// the channel kind and alert type (as the policy engine applies it before a send), then the
// kind's payload builder (slackMessage, discordMessage, telegramText, smsText, emailSubject/
// emailPlainText, teamsPayload, webhookPayload, pagerDutyTriggerPayload, desktopNotification,
// voiceText, ntfyPayload, pushoverPayload).
// Never shows a secret: no webhook URL, token or routing key is known here, and placeholders
// stand in for them. Pure.
class ChannelPreview final {
    Q_DECLARE_TR_FUNCTIONS(ChannelPreview)
public:
    static ChannelPreviewResult render(
        const ChannelConfig& channel, const Alert& alert, const QList<MessageTemplate>& templates);
    // The payload of a kind for an already templated alert; *summary gets the one-line note.
    static QString payload(const QString& kind, const Alert& alert, const QJsonObject& settings, QString* summary);
    static QString kindName(const QString& kind); // "Slack"
};

} // namespace alertdesk
