// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Template.h"

#include "PolicyJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <cmath>

namespace alertdesk {

using namespace policyjson;

namespace {
QString jsonText(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15)
            return QString::number(static_cast<qint64>(d));
        return QString::number(d, 'g', 15);
    }
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

QString iso(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

std::optional<QString> field(const Alert& a, const QString& name)
{
    if (name == QLatin1String("title"))
        return a.title;
    if (name == QLatin1String("message"))
        return a.message;
    if (name == QLatin1String("type"))
        return alertTypeName(a.type);
    if (name == QLatin1String("priority"))
        return priorityName(a.priority);
    if (name == QLatin1String("priority_emoji"))
        return priorityEmoji(a.priority);
    if (name == QLatin1String("priority_color"))
        return priorityColorHex(a.priority);
    if (name == QLatin1String("symbol"))
        return a.symbol;
    if (name == QLatin1String("strategy"))
        return a.strategy;
    if (name == QLatin1String("position"))
        return a.position;
    if (name == QLatin1String("id"))
        return a.id;
    if (name == QLatin1String("state"))
        return alertStateName(a.state);
    if (name == QLatin1String("created_at"))
        return iso(a.createdAt);
    if (name == QLatin1String("last_seen_at"))
        return iso(a.lastSeenAt.isValid() ? a.lastSeenAt : a.createdAt);
    if (name == QLatin1String("count"))
        return QString::number(a.occurrences);
    if (name == QLatin1String("dedup_key"))
        return a.dedupKey;
    if (name == QLatin1String("channels"))
        return a.channels.join(QStringLiteral(", "));
    if (name == QLatin1String("data"))
        return jsonText(a.data);
    return std::nullopt;
}
} // namespace

QString TemplateError::toString() const
{
    return QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(message);
}

TemplateError templateErrorAt(const QString& text, int offset, const QString& message)
{
    TemplateError e;
    e.offset = offset;
    e.message = message;
    for (int i = 0; i < offset && i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('\n')) {
            ++e.line;
            e.column = 1;
        } else {
            ++e.column;
        }
    }
    return e;
}

QStringList Template::fieldNames()
{
    return { QStringLiteral("title"), QStringLiteral("message"), QStringLiteral("type"), QStringLiteral("priority"),
        QStringLiteral("priority_emoji"), QStringLiteral("priority_color"), QStringLiteral("symbol"),
        QStringLiteral("strategy"), QStringLiteral("position"), QStringLiteral("id"), QStringLiteral("state"),
        QStringLiteral("created_at"), QStringLiteral("last_seen_at"), QStringLiteral("count"),
        QStringLiteral("dedup_key"), QStringLiteral("channels"), QStringLiteral("data") };
}

std::optional<Template> Template::parse(const QString& text, TemplateError* error)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_-]+$"));
    Template t;
    t.m_text = text;
    QString literal;
    int i = 0;
    const int n = static_cast<int>(text.size());
    while (i < n) {
        if (text.at(i) == QLatin1Char('\\') && text.mid(i + 1, 2) == QLatin1String("{{")) {
            literal += QStringLiteral("{{");
            i += 3;
            continue;
        }
        if (text.mid(i, 2) != QLatin1String("{{")) {
            literal += text.at(i++);
            continue;
        }
        const int start = i;
        const int close = static_cast<int>(text.indexOf(QLatin1String("}}"), i + 2));
        const int nextOpen = static_cast<int>(text.indexOf(QLatin1String("{{"), i + 2));
        if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
            *error = templateErrorAt(
                text, start, QStringLiteral("'{{' is not closed with '}}' (write \\{{ for a literal '{{')"));
            return std::nullopt;
        }
        QString inner = text.mid(i + 2, close - i - 2);
        Part p;
        p.offset = start;
        if (const qsizetype bar = inner.indexOf(QLatin1Char('|')); bar >= 0) {
            p.fallback = inner.mid(bar + 1);
            p.hasFallback = true;
            inner = inner.left(bar);
        }
        inner = inner.trimmed();
        if (inner.isEmpty()) {
            *error = templateErrorAt(text, start, QStringLiteral("empty placeholder: name a field, e.g. {{title}}"));
            return std::nullopt;
        }
        p.path = inner.split(QLatin1Char('.'));
        for (const QString& seg : std::as_const(p.path)) {
            if (!name.match(seg).hasMatch()) {
                *error = templateErrorAt(text, start, QStringLiteral("'%1' is not a field name").arg(inner));
                return std::nullopt;
            }
        }
        if (!fieldNames().contains(p.path.first())) {
            *error = templateErrorAt(text, start + 2 + static_cast<int>(text.mid(start + 2).indexOf(p.path.first())),
                QStringLiteral("unknown field '%1' (known: %2, data.NAME)")
                    .arg(p.path.first(), fieldNames().join(QStringLiteral(", "))));
            return std::nullopt;
        }
        if (p.path.size() > 1 && p.path.first() != QLatin1String("data")) {
            *error = templateErrorAt(
                text, start, QStringLiteral("only data has entries: '%1' has none").arg(p.path.first()));
            return std::nullopt;
        }
        if (!literal.isEmpty()) {
            Part lit;
            lit.literal = literal;
            t.m_parts << lit;
            literal.clear();
        }
        t.m_parts << p;
        i = close + 2;
    }
    if (!literal.isEmpty()) {
        Part lit;
        lit.literal = literal;
        t.m_parts << lit;
    }
    return t;
}

std::optional<QString> Template::render(const Alert& a, TemplateError* error) const
{
    QString out;
    for (const Part& p : m_parts) {
        if (p.path.isEmpty()) {
            out += p.literal;
            continue;
        }
        if (p.path.size() == 1) {
            out += field(a, p.path.first()).value_or(QString());
            continue;
        }
        QJsonValue v = a.data;
        for (qsizetype k = 1; k < p.path.size() && !v.isUndefined(); ++k)
            v = v.isObject() ? v.toObject().value(p.path.at(k)) : QJsonValue(QJsonValue::Undefined);
        if (v.isUndefined() || v.isNull()) {
            if (p.hasFallback) {
                out += p.fallback;
                continue;
            }
            *error = templateErrorAt(m_text, p.offset,
                QStringLiteral("%1 is not in this alert (give a default: {{%1|...}})")
                    .arg(p.path.join(QLatin1Char('.'))));
            return std::nullopt;
        }
        out += jsonText(v);
    }
    return out;
}

std::optional<MessageTemplate> MessageTemplate::fromJson(const QJsonValue& v, const QString& path, FieldError* error)
{
    QJsonObject o;
    if (!object(v, path, &o, error)
        || !knownKeys(o,
            { QStringLiteral("channel_kind"), QStringLiteral("type"), QStringLiteral("title"),
                QStringLiteral("message") },
            path, error))
        return std::nullopt;
    MessageTemplate m;
    const auto kind = string(o, QStringLiteral("channel_kind"), QStringLiteral("*"), path, error);
    const auto type = kind ? string(o, QStringLiteral("type"), QStringLiteral("*"), path, error) : std::nullopt;
    if (!type)
        return std::nullopt;
    m.channelKind = kind->trimmed().isEmpty() ? QStringLiteral("*") : kind->trimmed().toLower();
    if (*type != QLatin1String("*")) {
        m.type = alertTypeFromString(*type);
        if (!m.type) {
            *error = { field(path, QStringLiteral("type")),
                QStringLiteral("'%1' is not * or one of %2").arg(*type, alertTypeNames().join(QStringLiteral(", "))) };
            return std::nullopt;
        }
    }
    for (const char* partName : { "title", "message" }) {
        const QString key = QString::fromLatin1(partName);
        const auto text = string(o, key, {}, path, error);
        if (!text)
            return std::nullopt;
        if (!o.contains(key))
            continue;
        TemplateError te;
        auto t = Template::parse(*text, &te);
        if (!t) {
            *error = { field(path, key), te.toString() };
            return std::nullopt;
        }
        (key == QLatin1String("title") ? m.title : m.message) = *t;
    }
    if (!m.title && !m.message) {
        *error = { path, QStringLiteral("gives neither a title nor a message template") };
        return std::nullopt;
    }
    return m;
}

const MessageTemplate* findTemplate(const QList<MessageTemplate>& templates, const QString& channelKind, AlertType type)
{
    const MessageTemplate* best = nullptr;
    int bestScore = -1;
    for (const MessageTemplate& t : templates) {
        const bool kindFits = t.channelKind == QLatin1String("*") || t.channelKind == channelKind;
        const bool typeFits = !t.type || *t.type == type;
        if (!kindFits || !typeFits)
            continue;
        const int score = (t.channelKind != QLatin1String("*") ? 2 : 0) + (t.type ? 1 : 0);
        if (score > bestScore) {
            best = &t;
            bestScore = score;
        }
    }
    return best;
}

Alert applyTemplate(const MessageTemplate& t, Alert a, QStringList* errors)
{
    const Alert original = a;
    if (t.title) {
        TemplateError e;
        if (auto s = t.title->render(original, &e)) {
            // A title is one line of bounded length on every platform.
            QString line = s->simplified();
            if (line.size() > AlertLimits::title)
                line = line.left(AlertLimits::title - 1) + QStringLiteral("…");
            if (!line.isEmpty())
                a.title = line;
        } else if (errors) {
            *errors << QStringLiteral("title: ") + e.toString();
        }
    }
    if (t.message) {
        TemplateError e;
        if (auto s = t.message->render(original, &e))
            a.message = s->left(AlertLimits::message);
        else if (errors)
            *errors << QStringLiteral("message: ") + e.toString();
    }
    return a;
}

} // namespace alertdesk
