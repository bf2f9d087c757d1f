// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "PushoverChannel.h"

#include "PayloadText.h"
#include "net/HttpTransport.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QUrl>

namespace alertdesk {

int pushoverPriority(Priority p)
{
    switch (p) {
    case Priority::Critical:
        return 2;
    case Priority::High:
        return 1;
    case Priority::Medium:
        return 0;
    case Priority::Low:
        return -1;
    case Priority::Info:
        break;
    }
    return -2;
}

QByteArray pushoverPayload(
    const Alert& alert, const QString& appToken, const QString& userKey, const PushoverOptions& options)
{
    const QString symbol = alert.symbol.isEmpty() ? QString() : QStringLiteral(" (") + alert.symbol + QLatin1Char(')');
    QString message = alert.message.trimmed().isEmpty() ? alert.title : alert.message.trimmed();
    // With HTML on, the alert's own text must not become markup.
    if (options.html)
        message = escapeHtmlMinimal(message);
    QJsonObject o;
    o.insert(QStringLiteral("token"), appToken);
    o.insert(QStringLiteral("user"), userKey);
    o.insert(QStringLiteral("title"),
        truncateText(priorityEmoji(alert.priority) + QLatin1Char(' ') + alert.title + symbol, PushoverLimits::title));
    o.insert(QStringLiteral("message"), truncateText(message, PushoverLimits::message));
    const int priority = pushoverPriority(alert.priority);
    o.insert(QStringLiteral("priority"), priority);
    if (priority == 2) {
        o.insert(QStringLiteral("retry"), std::max(options.retry, PushoverLimits::minRetry));
        o.insert(QStringLiteral("expire"), std::clamp(options.expire, 1, PushoverLimits::maxExpire));
    }
    if (alert.createdAt.isValid())
        o.insert(QStringLiteral("timestamp"), alert.createdAt.toSecsSinceEpoch());
    if (!options.devices.isEmpty())
        o.insert(QStringLiteral("device"), options.devices.join(QLatin1Char(',')));
    if (!options.sound.isEmpty())
        o.insert(QStringLiteral("sound"), options.sound);
    if (const QString link = alertLink(alert); !link.isEmpty() && link.size() <= PushoverLimits::url)
        o.insert(QStringLiteral("url"), link);
    if (options.html)
        o.insert(QStringLiteral("html"), 1);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

SendOutcome pushoverOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor)
{
    SendOutcome o = classifyHttp(r, nowMs, redactor);
    if (r.status == 0 || !r.refused.isEmpty())
        return o;
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    if (o.kind == SendOutcome::Kind::Delivered && body.value(QStringLiteral("status")).toInt() == 1)
        return o;
    QStringList errors;
    for (const QJsonValue& e : body.value(QStringLiteral("errors")).toArray())
        errors << e.toString();
    if (o.kind == SendOutcome::Kind::Delivered) {
        // A 200 that does not say status 1 is no delivery; retrying would meet the same.
        o.kind = SendOutcome::Kind::Failed;
        o.error = QStringLiteral("HTTP %1: %2").arg(r.status).arg(answerText(r, redactor, 200));
    }
    if (!errors.isEmpty())
        o.error = QStringLiteral("Pushover: ") + redactor.apply(errors.join(QStringLiteral("; ")));
    return o;
}

PushoverChannel::PushoverChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : Channel(std::move(config), std::move(secrets), env, parent)
{
}

RatePolicy PushoverChannel::ratePolicy() const
{
    return ratePolicyFromSettings(m_config.settings, 2.0, 5);
}

PushoverOptions PushoverChannel::options() const
{
    const QJsonObject& s = m_config.settings;
    PushoverOptions o;
    o.devices = settingsList(s, QStringLiteral("devices"));
    o.sound = s.value(QStringLiteral("sound")).toString();
    o.retry = s.value(QStringLiteral("retry")).toInt(PushoverLimits::defaultRetry);
    o.expire = s.value(QStringLiteral("expire")).toInt(PushoverLimits::defaultExpire);
    o.html = s.value(QStringLiteral("html")).toBool(false);
    return o;
}

void PushoverChannel::send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done)
{
    QString base = m_config.settings.value(QStringLiteral("api_base")).toString(QString::fromLatin1(kDefaultApiBase));
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QNetworkRequest req(QUrl(base + QStringLiteral("/1/messages.json")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("AlertDesk/1"));
    const QByteArray body
        = pushoverPayload(alert, secret(QStringLiteral("app_token")), secret(QStringLiteral("user_key")), options());
    Clock* clock = m_env.clock;
    post(req, body, ctx.timeoutMs, [this, clock, done = std::move(done)](const HttpResponse& r) {
        const SendOutcome o = pushoverOutcome(r, clock->nowMs(), m_redactor);
        if (o.kind != SendOutcome::Kind::Delivered)
            qCDebug(lcChannels).noquote() << "pushover" << m_config.name << o.error;
        done(o);
    });
}

} // namespace alertdesk
