// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Redactor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace alertdesk {

void Redactor::addSecret(const QString& secret)
{
    // Very short values would redact ordinary words; they are not secrets worth the name.
    if (secret.size() < 4)
        return;
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
    for (const QString& s : { secret, encoded }) {
        if (!m_secrets.contains(s))
            m_secrets << s;
    }
    // Longest first, so that a secret containing another is replaced whole.
    std::sort(
        m_secrets.begin(), m_secrets.end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
}

void Redactor::addSecretWithParts(const QString& secret)
{
    addSecret(secret);
    // Parts shorter than this are words, not tokens (e.g. "services", "hooks", "Bearer").
    constexpr int kTokenLength = 12;
    const QUrl url(secret, QUrl::StrictMode);
    if (url.isValid() && !url.scheme().isEmpty() && !url.host().isEmpty()) {
        for (const auto format : { QUrl::FullyEncoded, QUrl::FullyDecoded }) {
            const QString path = url.path(format);
            if (path.size() > 1) {
                addSecret(path);
                if (url.hasQuery())
                    addSecret(path + QLatin1Char('?') + url.query(format));
            }
            for (const QString& segment : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
                if (segment.size() >= kTokenLength)
                    addSecret(segment);
            }
            if (url.hasQuery())
                addSecret(url.query(format));
            addSecret(url.password(format));
        }
        for (const auto& item : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
            if (item.second.size() >= 8)
                addSecret(item.second);
        }
        return;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(secret.toUtf8());
    if (doc.isArray()) {
        // A list of secrets (Slack's and Discord's webhook URLs): each one with its parts.
        for (const QJsonValue& v : doc.array()) {
            if (v.isString())
                addSecretWithParts(v.toString());
        }
        return;
    }
    if (!doc.isObject())
        return;
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.value().isString())
            continue;
        const QString value = it.value().toString();
        addSecret(value);
        for (const QString& word : value.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (word.size() >= kTokenLength)
                addSecret(word);
        }
    }
}

QString Redactor::apply(QString text) const
{
    // Case-insensitive: a server may echo percent-encoding with lower-case hex ("%2f").
    for (const QString& s : m_secrets)
        text.replace(s, QStringLiteral("[redacted]"), Qt::CaseInsensitive);
    return text;
}

} // namespace alertdesk
