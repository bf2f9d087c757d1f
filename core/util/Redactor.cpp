#include "Redactor.h"

#include <QUrl>

#include <algorithm>

namespace alertdesk {

void Redactor::addSecret(const QString& secret)
{
    // Very short values would redact ordinary words; they are not secrets worth the name.
    if (secret.size() < 4)
        return;
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
    for (const QString& s : {secret, encoded}) {
        if (!m_secrets.contains(s))
            m_secrets << s;
    }
    // Longest first, so that a secret containing another is replaced whole.
    std::sort(m_secrets.begin(), m_secrets.end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
}

QString Redactor::apply(QString text) const
{
    // Case-insensitive: a server may echo percent-encoding with lower-case hex ("%2f").
    for (const QString& s : m_secrets)
        text.replace(s, QStringLiteral("[redacted]"), Qt::CaseInsensitive);
    return text;
}

} // namespace alertdesk
