// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Alert.h"

#include "util/JsonKey.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUuid>
#include <array>
#include <cstring>

namespace alertdesk {

namespace {
constexpr std::array<const char*, 4> kStateNames { "open", "acknowledged", "snoozed", "resolved" };

std::optional<FieldError> checkLength(const QString& field, const QString& value, int max)
{
    if (value.size() > max)
        return FieldError { field,
            QStringLiteral("is %1 characters long; the limit is %2").arg(value.size()).arg(max) };
    return std::nullopt;
}

bool isControl(char16_t u)
{
    return u < 0x20 || u == 0x7F || (u >= 0x80 && u < 0xA0);
}

bool hasControlChars(const QString& s)
{
    for (QChar c : s) {
        if (isControl(c.unicode()) && c != QLatin1Char('\t'))
            return true;
    }
    return false;
}

// One line: CR, LF, tab and the Unicode line separators (a run of them) become one space;
// other control characters are removed.
QString oneLine(const QString& s)
{
    QString out;
    out.reserve(s.size());
    bool gap = false;
    for (QChar c : s) {
        const char16_t u = c.unicode();
        if (u == u'\r' || u == u'\n' || u == u'\t' || u == 0x2028 || u == 0x2029) {
            gap = true;
            continue;
        }
        if (isControl(u))
            continue;
        // The run becomes one space, none when a space stands beside it already.
        if (gap && !out.isEmpty() && c != QLatin1Char(' ') && !out.endsWith(QLatin1Char(' ')))
            out += QLatin1Char(' ');
        gap = false;
        out += c;
    }
    return out;
}

// Lines as LF only; control characters other than LF and tab removed.
QString multiLine(const QString& s)
{
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t u = s[i].unicode();
        if (u == u'\r') {
            out += QLatin1Char('\n');
            if (i + 1 < s.size() && s[i + 1] == QLatin1Char('\n'))
                ++i;
        } else if (u == u'\n' || u == u'\t' || !isControl(u)) {
            out += s[i];
        }
    }
    return out;
}

// text cut to max UTF-16 units, the last one the marker; never half a surrogate pair.
QString cut(const QString& text, int max)
{
    qsizetype n = max - 1;
    if (n > 0 && text[n - 1].isHighSurrogate())
        --n;
    return text.left(n) + QChar(0x2026);
}
} // namespace

QString alertStateName(AlertState s)
{
    return QString::fromLatin1(kStateNames.at(static_cast<size_t>(s)));
}

std::optional<AlertState> alertStateFromString(const QString& s)
{
    const QString lower = s.trimmed().toLower();
    for (size_t i = 0; i < kStateNames.size(); ++i) {
        if (lower == QLatin1String(kStateNames[i]))
            return static_cast<AlertState>(i);
    }
    return std::nullopt;
}

QString newAlertId()
{
    // UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids that grow
    // with time land at the end of the history's indexes on them, not on a random page each.
    std::array<quint32, 4> r {};
    QRandomGenerator::system()->fillRange(r.data(), r.size());
    const auto ms = static_cast<quint64>(QDateTime::currentMSecsSinceEpoch());
    QByteArray b(16, Qt::Uninitialized);
    for (int i = 0; i < 6; ++i)
        b[i] = static_cast<char>(ms >> (40 - 8 * i));
    std::memcpy(b.data() + 6, r.data(), 10);
    b[6] = static_cast<char>((b[6] & 0x0f) | 0x70); // version 7
    b[8] = static_cast<char>((b[8] & 0x3f) | 0x80); // variant 10
    return QUuid::fromRfc4122(b).toString(QUuid::WithoutBraces);
}

QJsonObject Alert::toJson() const
{
    QJsonObject o {
        { QStringLiteral("id"), id },
        { QStringLiteral("type"), alertTypeName(type) },
        { QStringLiteral("priority"), priorityName(priority) },
        { QStringLiteral("title"), title },
        { QStringLiteral("message"), message },
        { QStringLiteral("symbol"), symbol },
        { QStringLiteral("strategy"), strategy },
        { QStringLiteral("position"), position },
        { QStringLiteral("data"), data },
        { QStringLiteral("channels"), QJsonArray::fromStringList(channels) },
        { QStringLiteral("state"), alertStateName(state) },
        { QStringLiteral("created_at"), createdAt.toUTC().toString(Qt::ISODateWithMs) },
        { QStringLiteral("updated_at"), updatedAt.toUTC().toString(Qt::ISODateWithMs) },
    };
    if (!dedupKey.isEmpty())
        o.insert(QStringLiteral("dedup_key"), dedupKey);
    if (occurrences > 1) {
        o.insert(QStringLiteral("count"), occurrences);
        o.insert(QStringLiteral("last_seen_at"),
            (lastSeenAt.isValid() ? lastSeenAt : createdAt).toUTC().toString(Qt::ISODateWithMs));
    }
    if (state == AlertState::Snoozed && snoozedUntil.isValid())
        o.insert(QStringLiteral("snoozed_until"), snoozedUntil.toUTC().toString(Qt::ISODateWithMs));
    return o;
}

void normalizeAlert(Alert& a)
{
    QString* fields[] = { &a.title, &a.symbol, &a.strategy, &a.position, &a.message };
    for (QString* f : fields) {
        *f = f == &a.message ? multiLine(*f) : oneLine(*f).trimmed();
    }
    if (a.title.isEmpty() && !a.message.trimmed().isEmpty()) {
        for (const QString& line : a.message.split(QLatin1Char('\n'))) {
            if (const QString t = oneLine(line).trimmed(); !t.isEmpty()) {
                a.title = t;
                break;
            }
        }
    }
    // The full text of a cut one-line field stays in the history, at the end of the message.
    QString kept;
    const struct {
        const char* name;
        QString* value;
        int max;
    } limited[] = { { "title", &a.title, AlertLimits::title }, { "symbol", &a.symbol, AlertLimits::symbol },
        { "strategy", &a.strategy, AlertLimits::strategy }, { "position", &a.position, AlertLimits::position } };
    for (const auto& f : limited) {
        if (f.value->size() <= f.max)
            continue;
        kept += QStringLiteral("\n%1 (in full): %2").arg(QLatin1String(f.name), *f.value);
        *f.value = cut(*f.value, f.max);
    }
    if (!kept.isEmpty())
        a.message += a.message.isEmpty() ? kept.mid(1) : QStringLiteral("\n") + kept;
    if (a.message.size() > AlertLimits::message)
        a.message = cut(a.message, AlertLimits::message);
    if (a.dedupKey.size() > AlertLimits::dedupKey) {
        // Keys alike in their first characters stay apart: the rest becomes a digest.
        const QByteArray digest = QCryptographicHash::hash(a.dedupKey.toUtf8(), QCryptographicHash::Sha256).toHex();
        a.dedupKey = a.dedupKey.left(AlertLimits::dedupKey - 65) + QLatin1Char('#') + QString::fromLatin1(digest);
    }
}

std::optional<FieldError> validateAlert(const Alert& a)
{
    if (a.title.trimmed().isEmpty())
        return FieldError { QStringLiteral("title"),
            a.message.trimmed().isEmpty() ? QStringLiteral("and message are both empty: an alert needs one of them")
                                          : QStringLiteral("must not be empty") };
    if (hasControlChars(a.title))
        return FieldError { QStringLiteral("title"), QStringLiteral("must be one line (no control characters)") };
    if (auto e = checkLength(QStringLiteral("title"), a.title, AlertLimits::title))
        return e;
    if (auto e = checkLength(QStringLiteral("message"), a.message, AlertLimits::message))
        return e;
    if (auto e = checkLength(QStringLiteral("symbol"), a.symbol, AlertLimits::symbol))
        return e;
    if (hasControlChars(a.symbol))
        return FieldError { QStringLiteral("symbol"), QStringLiteral("must not contain control characters") };
    if (auto e = checkLength(QStringLiteral("strategy"), a.strategy, AlertLimits::strategy))
        return e;
    if (auto e = checkLength(QStringLiteral("position"), a.position, AlertLimits::position))
        return e;
    if (auto e = checkLength(QStringLiteral("dedup_key"), a.dedupKey, AlertLimits::dedupKey))
        return e;
    if (a.channels.size() > AlertLimits::channels)
        return FieldError { QStringLiteral("channels"),
            QStringLiteral("names %1 channels; the limit is %2").arg(a.channels.size()).arg(AlertLimits::channels) };
    for (const QString& c : a.channels) {
        if (c.trimmed().isEmpty())
            return FieldError { QStringLiteral("channels"), QStringLiteral("contains an empty channel name") };
        if (auto e = checkLength(QStringLiteral("channels"), c, AlertLimits::channelName))
            return e;
    }
    const qsizetype dataBytes = QJsonDocument(a.data).toJson(QJsonDocument::Compact).size();
    if (dataBytes > AlertLimits::dataBytes)
        return FieldError { QStringLiteral("data"),
            QStringLiteral("is %1 bytes as JSON; the limit is %2").arg(dataBytes).arg(AlertLimits::dataBytes) };
    return std::nullopt;
}

AlertParseResult parseAlert(const QJsonObject& in, const QDateTime& now)
{
    static const QStringList known { QStringLiteral("type"), QStringLiteral("priority"), QStringLiteral("title"),
        QStringLiteral("message"), QStringLiteral("symbol"), QStringLiteral("strategy"), QStringLiteral("position"),
        QStringLiteral("data"), QStringLiteral("channels"), QStringLiteral("dedup_key") };
    // What toJson() adds and a new alert never takes over; accepted so that toJson() reads back.
    static const QStringList ignored { QStringLiteral("id"), QStringLiteral("state"), QStringLiteral("created_at"),
        QStringLiteral("updated_at") };
    AlertParseResult r;
    for (auto it = in.begin(); it != in.end(); ++it) {
        if (!known.contains(it.key()) && !ignored.contains(it.key())) {
            r.error = { jsonKeyField(it.key()),
                QStringLiteral("is not a known field (known: %1)").arg(known.join(QStringLiteral(", "))) };
            return r;
        }
    }
    auto stringField = [&](const QString& name, QString* out) -> bool {
        const QJsonValue v = in.value(name);
        if (v.isUndefined() || v.isNull())
            return true;
        if (!v.isString()) {
            r.error = { name, QStringLiteral("must be a string") };
            return false;
        }
        *out = v.toString();
        return true;
    };

    Alert a;
    QString type, priority;
    if (!stringField(QStringLiteral("type"), &type) || !stringField(QStringLiteral("priority"), &priority)
        || !stringField(QStringLiteral("title"), &a.title) || !stringField(QStringLiteral("message"), &a.message)
        || !stringField(QStringLiteral("symbol"), &a.symbol) || !stringField(QStringLiteral("strategy"), &a.strategy)
        || !stringField(QStringLiteral("position"), &a.position)
        || !stringField(QStringLiteral("dedup_key"), &a.dedupKey))
        return r;

    if (type.isEmpty()) {
        r.error = { QStringLiteral("type"),
            QStringLiteral("is required (one of %1)").arg(alertTypeNames().join(QStringLiteral(", "))) };
        return r;
    }
    const auto t = alertTypeFromString(type);
    if (!t) {
        r.error = { QStringLiteral("type"),
            QStringLiteral("'%1' is not one of %2").arg(type, alertTypeNames().join(QStringLiteral(", "))) };
        return r;
    }
    a.type = *t;
    if (priority.isEmpty()) {
        r.error = { QStringLiteral("priority"),
            QStringLiteral("is required (one of %1)").arg(priorityNames().join(QStringLiteral(", "))) };
        return r;
    }
    const auto p = priorityFromString(priority);
    if (!p) {
        r.error = { QStringLiteral("priority"),
            QStringLiteral("'%1' is not one of %2").arg(priority, priorityNames().join(QStringLiteral(", "))) };
        return r;
    }
    a.priority = *p;

    const QJsonValue data = in.value(QStringLiteral("data"));
    if (!data.isUndefined() && !data.isNull()) {
        if (!data.isObject()) {
            r.error = { QStringLiteral("data"), QStringLiteral("must be a JSON object") };
            return r;
        }
        a.data = data.toObject();
    }
    const QJsonValue channels = in.value(QStringLiteral("channels"));
    if (!channels.isUndefined() && !channels.isNull()) {
        if (!channels.isArray()) {
            r.error = { QStringLiteral("channels"), QStringLiteral("must be an array of channel names") };
            return r;
        }
        for (const QJsonValue& c : channels.toArray()) {
            if (!c.isString()) {
                r.error = { QStringLiteral("channels"), QStringLiteral("must contain only strings") };
                return r;
            }
            if (!a.channels.contains(c.toString()))
                a.channels << c.toString();
        }
    }
    normalizeAlert(a);
    if (auto e = validateAlert(a)) {
        r.error = *e;
        return r;
    }
    a.id = newAlertId();
    a.createdAt = now.toUTC();
    a.updatedAt = a.createdAt;
    r.alert = a;
    return r;
}

} // namespace alertdesk
