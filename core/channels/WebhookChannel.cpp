#include "WebhookChannel.h"

#include "HttpTransport.h"
#include "util/Clock.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkRequest>
#include <QUrl>

namespace alertdesk {

QByteArray webhookPayload(const Alert& alert, const QString& idempotencyKey)
{
    QJsonObject a = alert.toJson();
    a.insert(QStringLiteral("priority_emoji"), priorityEmoji(alert.priority));
    a.insert(QStringLiteral("priority_color"), priorityColorHex(alert.priority));
    const QJsonObject root{
        {QStringLiteral("version"), 1},
        {QStringLiteral("event"), QStringLiteral("alert")},
        {QStringLiteral("idempotency_key"), idempotencyKey},
        {QStringLiteral("alert"), a},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QByteArray webhookSignature(const QByteArray& secret, qint64 unixSeconds, const QByteArray& body)
{
    const QByteArray ts = QByteArray::number(unixSeconds);
    const QByteArray mac = QMessageAuthenticationCode::hash(ts + '.' + body, secret, QCryptographicHash::Sha256).toHex();
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
    postHttp(m_env.network, req, body, ctx.timeoutMs, this, [this, clock, done = std::move(done)](const HttpResponse& r) {
        done(classifyHttp(r, clock->nowMs(), m_redactor));
    });
}

} // namespace alertdesk
