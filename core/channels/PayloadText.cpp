// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "PayloadText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTextBoundaryFinder>
#include <QUrl>
#include <algorithm>
#include <cmath>

namespace alertdesk {

QString truncateMeasured(
    const QString& text, qsizetype max, const std::function<qsizetype(const QString&)>& units, const QString& marker)
{
    if (units(text) <= max)
        return text;
    const qsizetype markerUnits = units(marker);
    if (max < markerUnits)
        return {};
    const qsizetype budget = max - markerUnits;
    // The measure grows with the prefix: binary search over the grapheme boundaries.
    QList<qsizetype> bounds;
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    for (qsizetype pos = finder.toNextBoundary(); pos > 0; pos = finder.toNextBoundary())
        bounds << pos;
    qsizetype lo = 0, hi = bounds.size(); // answer: number of boundaries that fit
    while (lo < hi) {
        const qsizetype mid = (lo + hi + 1) / 2;
        if (units(text.left(bounds.at(mid - 1))) <= budget)
            lo = mid;
        else
            hi = mid - 1;
    }
    const qsizetype best = lo == 0 ? 0 : bounds.at(lo - 1);
    QString head = text.left(best);
    while (!head.isEmpty() && head.back().isSpace())
        head.chop(1);
    return head + marker;
}

QString truncateText(const QString& text, qsizetype maxUnits, const QString& marker)
{
    if (text.size() <= maxUnits)
        return text;
    if (maxUnits < marker.size())
        return {};
    const qsizetype budget = maxUnits - marker.size();
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    finder.setPosition(budget);
    qsizetype cut = budget;
    if (!finder.isAtBoundary())
        cut = finder.toPreviousBoundary();
    QString head = text.left(std::max<qsizetype>(0, cut));
    while (!head.isEmpty() && head.back().isSpace())
        head.chop(1);
    return head + marker;
}

QString renderJsonValue(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    default: {
        // Scalars through an array so numbers print as JSON does (11.5, not 11.500000).
        const QByteArray a = QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(a.mid(1, a.size() - 2));
    }
    }
}

QString renderDataLines(const QJsonObject& data)
{
    QStringList lines;
    for (auto it = data.begin(); it != data.end(); ++it)
        lines << it.key() + QStringLiteral(": ") + renderJsonValue(it.value());
    return lines.join(QLatin1Char('\n'));
}

QString formatAlertTime(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
}

QString escapeHtmlMinimal(const QString& s)
{
    QString out;
    out.reserve(s.size());
    for (QChar c : s) {
        if (c == QLatin1Char('&'))
            out += QStringLiteral("&amp;");
        else if (c == QLatin1Char('<'))
            out += QStringLiteral("&lt;");
        else if (c == QLatin1Char('>'))
            out += QStringLiteral("&gt;");
        else
            out += c;
    }
    return out;
}

RatePolicy ratePolicyFromSettings(const QJsonObject& settings, double defaultPerSecond, int defaultBurst)
{
    const double perSecond = settings.value(QStringLiteral("rate_per_second")).toDouble(defaultPerSecond);
    const int burst = settings.value(QStringLiteral("rate_burst")).toInt(defaultBurst);
    return { std::max(0.0, perSecond), std::max(1, burst) };
}

QString encodeSecretList(const QStringList& values)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

QStringList decodeSecretList(const QString& stored)
{
    QStringList out;
    if (stored.isEmpty())
        return out;
    const QJsonDocument doc = QJsonDocument::fromJson(stored.toUtf8());
    if (!doc.isArray())
        return { stored }; // a single value stored plainly
    for (const QJsonValue& v : doc.array())
        out << v.toString();
    return out;
}

QStringList settingsList(const QJsonObject& settings, const QString& key)
{
    QStringList out;
    const QJsonValue v = settings.value(key);
    if (v.isString())
        return { v.toString() };
    for (const QJsonValue& e : v.toArray())
        out << (e.isString() ? e.toString() : renderJsonValue(e));
    return out;
}

qint64 secondsToRetryMs(const QJsonValue& seconds)
{
    if (!seconds.isDouble())
        return -1;
    const double s = seconds.toDouble();
    if (s < 0 || !std::isfinite(s))
        return -1;
    // 0.6315 s -> 632 ms; the small epsilon keeps 0.631 (binary 0.63099999...) at 631. The
    // bound (285,000 years, as parseRetryAfter's) keeps the cast defined for 1e300 seconds.
    return static_cast<qint64>(std::min(std::ceil(s * 1000.0 - 1e-6), 9.0e15));
}

QString alertLink(const Alert& alert)
{
    for (const char* key : { "url", "link" }) {
        QString v = alert.data.value(QLatin1String(key)).toString().trimmed();
        const QUrl u(v, QUrl::StrictMode);
        if (u.isValid() && !u.host().isEmpty()
            && (u.scheme() == QLatin1String("https") || u.scheme() == QLatin1String("http")))
            return v;
    }
    return {};
}

} // namespace alertdesk
