// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QMap>
#include <QStringList>
#include <optional>

namespace alertdesk {

// An Apprise-style URL read as the `channel add KIND` options it stands for. The options then
// go through the kind's own builder and validation (buildChannelFromOptions), exactly as if
// the user had typed them.
struct AppriseChannel {
    QString scheme;
    QString kind;
    QString defaultName; // the kind's name: telegram, discord, slack, email, webhook, pagerduty
    QMap<QString, QStringList> options; // option name (without "--") -> values
    QStringList notes; // what was ignored or chosen; names only, never a value
};

// The forms taken (Apprise's, plus api_base=/ca_file= so that tests reach 127.0.0.1):
//   tgram://BOT_TOKEN/CHAT_ID[/CHAT_ID...][?to=ID,ID][&api_base=URL]      (tgram://bot123:abc/... too)
//   discord://WEBHOOK_ID/WEBHOOK_TOKEN[?api_base=URL]                     (discord://NAME@ID/TOKEN too)
//   slack://TOKEN_A/TOKEN_B/TOKEN_C[?api_base=URL]                        incoming webhook
//   slack://xoxb-TOKEN/#CHANNEL[/CHANNEL...][?to=...][&api_base=URL]      bot (chat.postMessage)
//   mailto://[USER[:PASS]@]HOST[:PORT][/TO...][?to=A,B][&from=ADDR][&name=NAME][&smtp=SERVER]
//            [&mode=ssl|starttls|none][&user=U][&pass=P][&ca_file=PEM]
//   mailtos://... the same over TLS: mode=ssl (or port 465) implicit TLS, else STARTTLS on 587
//   json://[USER:PASS@]HOST[:PORT][/PATH][?+Header=Value...]              webhook over http
//   jsons://... over https
//   pagerduty://INTEGRATION_KEY@API_KEY[/SOURCE[/COMPONENT]][?region=us|eu][&api_base=URL]
//   pagerduty://INTEGRATION_KEY                                           (no REST API key needed)
//   ntfy://[USER:PASS@]TOPIC                                              the public https://ntfy.sh
//   ntfy://[USER:PASS@|TOKEN@]HOST[:PORT]/TOPIC[?token=T]                 self-hosted, http
//   ntfys://... the same over https
//   pover://USER_KEY@APP_TOKEN[/DEVICE...][?sound=S][&retry=SEC][&expire=SEC][&api_base=URL]
// Returns nullopt and sets *error when the URL is not one of these. Neither the URL nor any
// part of it that may be secret is ever quoted in *error or in the notes.
std::optional<AppriseChannel> parseAppriseUrl(const QString& url, QString* error);

QStringList appriseSchemes();

// A builder's message ("--bot-token is required") in the words of the URL ("the bot token is
// required"), for add-url's errors.
QString appriseTerms(const QString& builderMessage);

} // namespace alertdesk
