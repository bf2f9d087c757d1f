// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

// Small pure helpers shared by the platform payload builders: limits, truncation, escaping.
namespace alertdesk {

// The visible marker an over-long text ends with.
inline QString truncationMarker()
{
    return QStringLiteral("\u2026");
} // "…"

// text cut to at most maxUnits UTF-16 code units (the unit the platforms count), ending in
// marker when cut. Never splits a user-perceived character (surrogate pair, emoji sequence,
// base + combining mark), and drops whitespace left dangling before the marker.
QString truncateText(const QString& text, qsizetype maxUnits, const QString& marker = truncationMarker());

// The same cut with a caller-defined measure: units(prefix) must stay <= max.
QString truncateMeasured(const QString& text, qsizetype max, const std::function<qsizetype(const QString&)>& units,
    const QString& marker = truncationMarker());

// "key: value" per line, in key order; strings as they are, other values as compact JSON.
QString renderDataLines(const QJsonObject& data);
QString renderJsonValue(const QJsonValue& v);

// "2026-11-18 09:30:00 UTC"
QString formatAlertTime(const QDateTime& t);

// &, <, > as HTML entities (Slack mrkdwn and Telegram HTML both want exactly these).
QString escapeHtmlMinimal(const QString& s);

// The channel's token bucket: rate_per_second / rate_burst from settings, else the
// platform's documented pace.
RatePolicy ratePolicyFromSettings(const QJsonObject& settings, double defaultPerSecond, int defaultBurst);

// Lists of secrets (several webhook URLs) travel through the SecretStore as a JSON array.
QString encodeSecretList(const QStringList& values);
QStringList decodeSecretList(const QString& stored);
QStringList settingsList(const QJsonObject& settings, const QString& key);

// The link an alert carries for a push to open when tapped: its data's "url" (or "link") when
// that is an http(s) URL; empty otherwise.
QString alertLink(const Alert& alert);

// A platform's "wait this many seconds" as milliseconds, rounded up so that we never come
// back early; -1 when absent or negative.
qint64 secondsToRetryMs(const QJsonValue& seconds);

} // namespace alertdesk
