// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "PagerDutyChannel.h"

#include "PayloadText.h"
#include "net/HttpTransport.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QUrl>

namespace alertdesk {

QString pagerDutyActionName(PagerDutyAction a)
{
    switch (a) {
    case PagerDutyAction::Acknowledge:
        return QStringLiteral("acknowledge");
    case PagerDutyAction::Resolve:
        return QStringLiteral("resolve");
    case PagerDutyAction::Trigger:
        break;
    }
    return QStringLiteral("trigger");
}

QString pagerDutySeverity(Priority p)
{
    switch (p) {
    case Priority::Critical:
        return QStringLiteral("critical");
    case Priority::High:
        return QStringLiteral("error");
    case Priority::Medium:
        return QStringLiteral("warning");
    case Priority::Low:
    case Priority::Info:
        break;
    }
    return QStringLiteral("info");
}

QString pagerDutyDedupKey(const Alert& alert)
{
    return alert.id.left(PagerDutyLimits::dedupKey);
}

QByteArray pagerDutyTriggerPayload(const Alert& alert, const QString& routingKey, const QString& source)
{
    QString summary = alert.title;
    if (!alert.symbol.isEmpty())
        summary += QStringLiteral(" (") + alert.symbol + QLatin1Char(')');

    QJsonObject details = alert.data;
    const QList<QPair<QString, QString>> named { { QStringLiteral("message"), alert.message },
        { QStringLiteral("symbol"), alert.symbol }, { QStringLiteral("strategy"), alert.strategy },
        { QStringLiteral("position"), alert.position } };
    for (const auto& [key, value] : named) {
        if (!value.isEmpty() && !details.contains(key))
            details.insert(key, value);
    }

    QJsonObject payload {
        { QStringLiteral("summary"), truncateText(summary, PagerDutyLimits::summary) },
        { QStringLiteral("severity"), pagerDutySeverity(alert.priority) },
        { QStringLiteral("source"), source },
        { QStringLiteral("timestamp"), alert.createdAt.toUTC().toString(Qt::ISODateWithMs) },
        { QStringLiteral("class"), alertTypeName(alert.type) },
        { QStringLiteral("custom_details"), details },
    };
    if (!alert.symbol.isEmpty())
        payload.insert(QStringLiteral("component"), alert.symbol);
    if (!alert.strategy.isEmpty())
        payload.insert(QStringLiteral("group"), alert.strategy);

    const QJsonObject event {
        { QStringLiteral("routing_key"), routingKey },
        { QStringLiteral("event_action"), pagerDutyActionName(PagerDutyAction::Trigger) },
        { QStringLiteral("dedup_key"), pagerDutyDedupKey(alert) },
        { QStringLiteral("client"), QStringLiteral("AlertDesk") },
        { QStringLiteral("payload"), payload },
    };
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

QByteArray pagerDutyLifecyclePayload(const QString& routingKey, const QString& dedupKey, PagerDutyAction action)
{
    const QJsonObject event {
        { QStringLiteral("routing_key"), routingKey },
        { QStringLiteral("event_action"), pagerDutyActionName(action) },
        { QStringLiteral("dedup_key"), dedupKey.left(PagerDutyLimits::dedupKey) },
    };
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

SendOutcome pagerDutyOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor)
{
    SendOutcome o = classifyHttp(r, nowMs, redactor);
    if (r.status == 0 || o.kind == SendOutcome::Kind::Delivered)
        return o;
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    QString message = body.value(QStringLiteral("message")).toString();
    QStringList errors;
    for (const QJsonValue& e : body.value(QStringLiteral("errors")).toArray())
        errors << e.toString();
    if (!errors.isEmpty())
        message += (message.isEmpty() ? QString() : QStringLiteral(": ")) + errors.join(QStringLiteral("; "));
    if (!message.isEmpty())
        o.error = QStringLiteral("HTTP %1: %2").arg(r.status).arg(redactor.apply(message));
    return o;
}

PagerDutyChannel::PagerDutyChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : Channel(std::move(config), std::move(secrets), env, parent)
{
}

RatePolicy PagerDutyChannel::ratePolicy() const
{
    return ratePolicyFromSettings(m_config.settings, 2.0, 4);
}

void PagerDutyChannel::send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done)
{
    // Acknowledging or resolving the alert in AlertDesk queues a follow-up delivery carrying
    // that state: PagerDuty hears it as the matching event on the same dedup_key (the alert id).
    if (alert.state == AlertState::Acknowledged || alert.state == AlertState::Resolved) {
        sendLifecycle(alert.id,
            alert.state == AlertState::Acknowledged ? PagerDutyAction::Acknowledge : PagerDutyAction::Resolve,
            ctx.timeoutMs, std::move(done));
        return;
    }
    const QString source = m_config.settings.value(QStringLiteral("source")).toString(QStringLiteral("AlertDesk"));
    post(pagerDutyTriggerPayload(alert, secret(QStringLiteral("routing_key")), source), ctx.timeoutMs, std::move(done));
}

void PagerDutyChannel::sendLifecycle(
    const QString& alertId, PagerDutyAction action, int timeoutMs, std::function<void(SendOutcome)> done)
{
    post(pagerDutyLifecyclePayload(secret(QStringLiteral("routing_key")), alertId, action), timeoutMs, std::move(done));
}

void PagerDutyChannel::post(const QByteArray& body, int timeoutMs, std::function<void(SendOutcome)> done)
{
    QString base = m_config.settings.value(QStringLiteral("api_base")).toString(QString::fromLatin1(kDefaultApiBase));
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QNetworkRequest req(QUrl(base + QStringLiteral("/v2/enqueue")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("AlertDesk/1"));
    Clock* clock = m_env.clock;
    Channel::post(req, body, timeoutMs, [this, clock, done = std::move(done)](const HttpResponse& r) {
        const SendOutcome o = pagerDutyOutcome(r, clock->nowMs(), m_redactor);
        if (o.kind != SendOutcome::Kind::Delivered)
            qCDebug(lcChannels).noquote() << "pagerduty" << m_config.name << o.error;
        done(o);
    });
}

} // namespace alertdesk
