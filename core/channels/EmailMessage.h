// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <optional>

namespace alertdesk {

// A mailbox: an optional display name (any Unicode) and an ASCII addr-spec.
struct Mailbox {
    QString displayName;
    QString address;

    bool operator==(const Mailbox&) const = default;
};

// "Name <a@example.com>", "\"Name, Inc.\" <a@example.com>" or "a@example.com". Returns nullopt and
// sets *error (without a field name) when the text is not one valid mailbox.
std::optional<Mailbox> parseMailbox(const QString& text, QString* error);

// Checks an addr-spec: ASCII dot-atom local part, '@', a domain name or an [IP literal].
// Returns "" when fine, else what is wrong. SMTPUTF8 addresses are refused: not every server
// takes them, and a refusal after the alert fired is worse than one at configuration time.
QString checkEmailAddress(const QString& address);

struct EmailMessageOptions {
    Mailbox from;
    QStringList to;
    QDateTime date; // the Date header
    QString messageId; // without angle brackets, see emailMessageId()
    QByteArray boundary; // multipart boundary, see emailBoundary()
};

// The RFC 5322 message an email channel sends for an alert: headers (From with display name,
// To, Subject as RFC 2047 encoded-words, Date, Message-ID, MIME), then multipart/alternative
// with text/plain and text/html, both UTF-8 and quoted-printable. CRLF line endings, no line
// over 78 characters except the 998 hard limit for very long addresses. Pure: same input,
// same bytes. No character of the alert can end a header line.
QByteArray emailMessage(const Alert& alert, const EmailMessageOptions& options);

// The parts of emailMessage, exposed for tests and previews.
QString emailSubject(const Alert& alert); // "<priority emoji> <title>", controls as spaces
QString emailPlainText(const Alert& alert); // LF line ends
QString emailHtml(const Alert& alert); // LF line ends, every alert string escaped

// "=?UTF-8?Q?...?=" or "=?UTF-8?B?...?=" words, folded with CRLF SP, for a header whose first
// line already holds `used` characters ("Subject: " is 9). Each word is at most 75 characters
// and each line at most 76; words end on character boundaries (grapheme clusters where they
// fit), never inside a UTF-8 sequence or a surrogate pair. Q or B is picked by size.
QByteArray encodeHeaderWords(const QString& text, int used);

// Quoted-printable (RFC 2045) of UTF-8 text with LF line ends; output lines end in CRLF and
// are at most 76 characters. Lines starting with "." or "From " are protected.
QByteArray quotedPrintable(const QByteArray& utf8);

QByteArray rfc5322Date(const QDateTime& dt); // "Tue, 05 Mar 2024 14:30:00 +0000"

// Stable per delivery: a resend of the same delivery carries the same Message-ID, so mail
// clients and servers can recognise it. "alertdesk.<key>@<domain of fromAddress>".
QString emailMessageId(const QString& idempotencyKey, const QString& fromAddress);

// "=_alertdesk_<hex>": "=_" cannot occur in quoted-printable output, so the boundary can
// never collide with the body.
QByteArray emailBoundary(const QString& idempotencyKey);

} // namespace alertdesk
