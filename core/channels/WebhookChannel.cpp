// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "WebhookChannel.h"

#include "net/HttpTransport.h"
#include "util/Clock.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkRequest>
#include <QUrl>

#include <cstdio>

namespace alertdesk {

namespace {

// A JSON string exactly as QJsonDocument writes it (same escapes, raw UTF-8, lowercase \u
// escapes for control characters and unpaired surrogates).
void appendJsonString(QByteArray& out, QStringView s)
{
    static constexpr char kHex[] = "0123456789abcdef";
    auto escapeUnit = [&out](char16_t u) {
        const char e[]
            = { '\\', 'u', kHex[(u >> 12) & 0xf], kHex[(u >> 8) & 0xf], kHex[(u >> 4) & 0xf], kHex[u & 0xf] };
        out.append(e, sizeof e);
    };
    out += '"';
    const char16_t* p = s.utf16();
    const char16_t* const end = p + s.size();
    while (p != end) {
        const char16_t u = *p++;
        if (u < 0x80) {
            switch (u) {
            case u'"':
                out += "\\\"";
                break;
            case u'\\':
                out += "\\\\";
                break;
            case u'\b':
                out += "\\b";
                break;
            case u'\f':
                out += "\\f";
                break;
            case u'\n':
                out += "\\n";
                break;
            case u'\r':
                out += "\\r";
                break;
            case u'\t':
                out += "\\t";
                break;
            default:
                if (u < 0x20)
                    escapeUnit(u);
                else
                    out += char(u);
            }
        } else if (u < 0x800) {
            out += char(0xc0 | (u >> 6));
            out += char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && p != end && QChar::isLowSurrogate(*p)) {
            const char32_t c = QChar::surrogateToUcs4(u, *p++);
            out += char(0xf0 | (c >> 18));
            out += char(0x80 | ((c >> 12) & 0x3f));
            out += char(0x80 | ((c >> 6) & 0x3f));
            out += char(0x80 | (c & 0x3f));
        } else if (QChar::isSurrogate(u)) {
            escapeUnit(u);
        } else {
            out += char(0xe0 | (u >> 12));
            out += char(0x80 | ((u >> 6) & 0x3f));
            out += char(0x80 | (u & 0x3f));
        }
    }
    out += '"';
}

// QDateTime::toString(Qt::ISODateWithMs) of the time in UTC ("2026-11-18T09:30:00.123Z"),
// written directly for the years 1 to 9999; Qt's own formatting for anything else.
QString isoUtc(const QDateTime& t)
{
    if (!t.isValid())
        return {};
    const qint64 ms = t.toMSecsSinceEpoch();
    constexpr qint64 kFirst = -62135596800000; // 0001-01-01T00:00:00Z
    constexpr qint64 kLast = 253402300799999; // 9999-12-31T23:59:59.999Z
    if (ms < kFirst || ms > kLast)
        return t.toUTC().toString(Qt::ISODateWithMs);
    qint64 days = ms / 86400000;
    qint64 msOfDay = ms % 86400000;
    if (msOfDay < 0) {
        msOfDay += 86400000;
        --days;
    }
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int day = int(doy - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const int year = int(yoe + era * 400 + (month <= 2 ? 1 : 0));
    char buf[80]; // room for any int, so the compiler sees no truncation
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day, int(msOfDay / 3600000),
        int(msOfDay / 60000 % 60), int(msOfDay / 1000 % 60), int(msOfDay % 1000));
    return QString::fromLatin1(buf);
}

void appendMember(QByteArray& out, const char* key, QStringView value)
{
    out += '"';
    out += key;
    out += "\":";
    appendJsonString(out, value);
    out += ',';
}

} // namespace

QByteArray webhookPayload(const Alert& alert, const QString& idempotencyKey)
{
    // Written directly, byte for byte what QJsonDocument makes of
    // {"alert": alert.toJson() + priority_emoji + priority_color, "event": "alert",
    //  "idempotency_key": key, "version": 1} (keys sorted, compact), at a fraction of the cost;
    // the webhook payload unit test holds the two equal.
    QByteArray out;
    out.reserve(512 + alert.title.size() + alert.message.size() * 2);
    out += R"({"alert":{"channels":[)";
    for (qsizetype i = 0; i < alert.channels.size(); ++i) {
        if (i > 0)
            out += ',';
        appendJsonString(out, alert.channels[i]);
    }
    out += "],";
    appendMember(out, "created_at", isoUtc(alert.createdAt));
    out += "\"data\":";
    out += alert.data.isEmpty() ? QByteArray("{}") : QJsonDocument(alert.data).toJson(QJsonDocument::Compact);
    out += ',';
    if (!alert.dedupKey.isEmpty())
        appendMember(out, "dedup_key", alert.dedupKey);
    appendMember(out, "id", alert.id);
    appendMember(out, "message", alert.message);
    appendMember(out, "position", alert.position);
    appendMember(out, "priority", priorityName(alert.priority));
    appendMember(out, "priority_color", priorityColorHex(alert.priority));
    appendMember(out, "priority_emoji", priorityEmoji(alert.priority));
    appendMember(out, "state", alertStateName(alert.state));
    appendMember(out, "strategy", alert.strategy);
    appendMember(out, "symbol", alert.symbol);
    appendMember(out, "title", alert.title);
    appendMember(out, "type", alertTypeName(alert.type));
    out += "\"updated_at\":";
    appendJsonString(out, isoUtc(alert.updatedAt));
    out += R"(},"event":"alert","idempotency_key":)";
    appendJsonString(out, idempotencyKey);
    out += ",\"version\":1}";
    return out;
}

QByteArray webhookSignature(const QByteArray& secret, qint64 unixSeconds, const QByteArray& body)
{
    const QByteArray ts = QByteArray::number(unixSeconds);
    const QByteArray mac
        = QMessageAuthenticationCode::hash(ts + '.' + body, secret, QCryptographicHash::Sha256).toHex();
    return "t=" + ts + ",v1=" + mac;
}

WebhookChannel::WebhookChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : Channel(std::move(config), std::move(secrets), env, parent)
{
    // The headers secret is one JSON text, but a receiver echoes single values (an API key,
    // "Bearer <token>" or just the token): each of those is a secret of its own.
    const QJsonObject headers = QJsonDocument::fromJson(secret(QStringLiteral("headers")).toUtf8()).object();
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        const QString value = it.value().toString();
        m_redactor.addSecret(value);
        const qsizetype space = value.indexOf(QLatin1Char(' '));
        if (space > 0 && it.key().endsWith(QLatin1String("Authorization"), Qt::CaseInsensitive))
            m_redactor.addSecret(value.mid(space + 1).trimmed());
    }
}

void WebhookChannel::send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done)
{
    QNetworkRequest req(QUrl(secret(QStringLiteral("url"))));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("AlertDesk/1"));
    req.setRawHeader("Idempotency-Key", ctx.idempotencyKey.toLatin1());
    const QJsonObject headers = QJsonDocument::fromJson(secret(QStringLiteral("headers")).toUtf8()).object();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        req.setRawHeader(it.key().toLatin1(), it.value().toString().toUtf8());

    const QByteArray body = webhookPayload(alert, ctx.idempotencyKey);
    const QString hmacSecret = secret(QStringLiteral("hmac_secret"));
    if (!hmacSecret.isEmpty())
        req.setRawHeader(kSignatureHeader, webhookSignature(hmacSecret.toUtf8(), m_env.clock->nowMs() / 1000, body));

    Clock* clock = m_env.clock;
    post(req, body, ctx.timeoutMs, [this, clock, done = std::move(done)](const HttpResponse& r) {
        done(classifyHttp(r, clock->nowMs(), m_redactor));
    });
}

} // namespace alertdesk
