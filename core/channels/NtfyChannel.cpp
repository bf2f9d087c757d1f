// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "NtfyChannel.h"

#include "PayloadText.h"
#include "model/AlertType.h"
#include "net/HttpTransport.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QUrl>

namespace alertdesk {

int ntfyPriority(Priority p)
{
    switch (p) {
    case Priority::Critical:
        return 5;
    case Priority::High:
        return 4;
    case Priority::Medium:
        return 3;
    case Priority::Low:
        return 2;
    case Priority::Info:
        break;
    }
    return 1;
}

QString ntfyPriorityTag(Priority p)
{
    switch (p) {
    case Priority::Critical:
        return QStringLiteral("red_circle");
    case Priority::High:
        return QStringLiteral("orange_circle");
    case Priority::Medium:
        return QStringLiteral("yellow_circle");
    case Priority::Low:
        return QStringLiteral("green_circle");
    case Priority::Info:
        break;
    }
    return QStringLiteral("information_source");
}

QByteArray ntfyPayload(const Alert& alert, const QString& topic)
{
    const QString symbol = alert.symbol.isEmpty() ? QString() : QStringLiteral(" (") + alert.symbol + QLatin1Char(')');
    const QString message = alert.message.trimmed().isEmpty() ? alert.title : alert.message.trimmed();
    QJsonObject o;
    o.insert(QStringLiteral("topic"), topic);
    o.insert(QStringLiteral("title"), QString(alert.title + symbol));
    o.insert(QStringLiteral("message"),
        truncateMeasured(message, NtfyLimits::messageBytes, [](const QString& s) { return s.toUtf8().size(); }));
    o.insert(QStringLiteral("priority"), ntfyPriority(alert.priority));
    o.insert(
        QStringLiteral("tags"), QJsonArray { ntfyPriorityTag(alert.priority), alertTypeName(alert.type).toLower() });
    if (const QString link = alertLink(alert); !link.isEmpty())
        o.insert(QStringLiteral("click"), link);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

SendOutcome ntfyOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor)
{
    SendOutcome o = classifyHttp(r, nowMs, redactor);
    if (r.status == 0 || !r.refused.isEmpty() || o.kind == SendOutcome::Kind::Delivered)
        return o;
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    const QString error = body.value(QStringLiteral("error")).toString();
    if (!error.isEmpty())
        o.error = QStringLiteral("ntfy error %1: %2")
                      .arg(body.value(QStringLiteral("code")).toInt())
                      .arg(redactor.apply(error));
    return o;
}

NtfyChannel::NtfyChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : Channel(std::move(config), std::move(secrets), env, parent)
{
    // Basic auth travels as base64(user:password): an echo of the header must not leak it.
    const QString password = secret(QStringLiteral("password"));
    if (!password.isEmpty())
        m_redactor.addSecret(QString::fromLatin1(
            (m_config.settings.value(QStringLiteral("user")).toString() + QLatin1Char(':') + password)
                .toUtf8()
                .toBase64()));
}

RatePolicy NtfyChannel::ratePolicy() const
{
    return ratePolicyFromSettings(m_config.settings, 0.2, 60);
}

void NtfyChannel::send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done)
{
    const QJsonObject& s = m_config.settings;
    QString server = s.value(QStringLiteral("server")).toString(QString::fromLatin1(kDefaultServer));
    while (server.endsWith(QLatin1Char('/')))
        server.chop(1);
    QNetworkRequest req(QUrl(server + QLatin1Char('/')));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("AlertDesk/1"));
    const QString token = secret(QStringLiteral("token"));
    const QString password = secret(QStringLiteral("password"));
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    else if (!password.isEmpty())
        req.setRawHeader("Authorization",
            "Basic " + (s.value(QStringLiteral("user")).toString() + QLatin1Char(':') + password).toUtf8().toBase64());
    Clock* clock = m_env.clock;
    post(req, ntfyPayload(alert, s.value(QStringLiteral("topic")).toString()), ctx.timeoutMs,
        [this, clock, done = std::move(done)](const HttpResponse& r) {
            const SendOutcome o = ntfyOutcome(r, clock->nowMs(), m_redactor);
            if (o.kind != SendOutcome::Kind::Delivered)
                qCDebug(lcChannels).noquote() << "ntfy" << m_config.name << o.error;
            done(o);
        });
}

} // namespace alertdesk
