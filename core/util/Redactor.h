// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>
#include <QStringList>

namespace alertdesk {

// Replaces every occurrence of a known secret (and its percent-encoded form) with "[redacted]".
// Used on every error, log line and history entry that may echo a URL or a token back.
class Redactor final {
public:
    void addSecret(const QString& secret);
    // addSecret() of the value and of the parts a server may echo back alone: a URL's path,
    // query, query values, long path segments and password; each string value of a JSON
    // object (custom headers) and the long words in it ("Bearer <token>"); each string of a
    // JSON array (a list of webhook URLs) with its parts.
    void addSecretWithParts(const QString& secret);
    QString apply(QString text) const;
    bool isEmpty() const { return m_secrets.isEmpty(); }

private:
    QStringList m_secrets;
};

} // namespace alertdesk
