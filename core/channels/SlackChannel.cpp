// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "SlackChannel.h"

#include "PayloadText.h"
#include "net/HttpTransport.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QUrl>

namespace alertdesk {

namespace {
QJsonObject plainText(const QString& text)
{
    return { { QStringLiteral("type"), QStringLiteral("plain_text") }, { QStringLiteral("text"), text } };
}

QJsonObject mrkdwn(const QString& text)
{
    return { { QStringLiteral("type"), QStringLiteral("mrkdwn") }, { QStringLiteral("text"), text } };
}

QJsonObject section(const QString& text)
{
    return { { QStringLiteral("type"), QStringLiteral("section") },
        { QStringLiteral("text"), plainText(truncateText(text, SlackLimits::sectionText)) } };
}
} // namespace

QJsonObject slackMessage(const Alert& alert)
{
    const QString emoji = priorityEmoji(alert.priority);
    QJsonArray top;
    top.append(QJsonObject {
        { QStringLiteral("type"), QStringLiteral("header") },
        { QStringLiteral("text"),
            plainText(truncateText(emoji + QLatin1Char(' ') + alert.title, SlackLimits::headerText)) },
    });
    if (!alert.message.trimmed().isEmpty())
        top.append(section(alert.message));

    QJsonArray inner;
    QJsonArray fields;
    const QList<QPair<QString, QString>> named { { QStringLiteral("Symbol"), alert.symbol },
        { QStringLiteral("Strategy"), alert.strategy }, { QStringLiteral("Position"), alert.position } };
    for (const auto& [label, value] : named) {
        if (!value.isEmpty())
            fields.append(plainText(truncateText(label + QStringLiteral(": ") + value, 2000)));
    }
    if (!fields.isEmpty())
        inner.append(QJsonObject {
            { QStringLiteral("type"), QStringLiteral("section") }, { QStringLiteral("fields"), fields } });
    if (!alert.data.isEmpty())
        inner.append(section(QStringLiteral("Details\n") + renderDataLines(alert.data)));
    // Only our own words go through mrkdwn; <!date^...> shows the time in the reader's zone.
    const QString when = QStringLiteral("<!date^%1^{date_short_pretty} {time_secs}|%2>")
                             .arg(alert.createdAt.toSecsSinceEpoch())
                             .arg(formatAlertTime(alert.createdAt));
    inner.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("context") },
        { QStringLiteral("elements"),
            QJsonArray { mrkdwn(QStringLiteral("*Priority:* ") + priorityName(alert.priority)),
                mrkdwn(QStringLiteral("*Type:* ") + alertTypeName(alert.type)), mrkdwn(when) } } });
    inner.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("context") },
        { QStringLiteral("elements"),
            QJsonArray {
                mrkdwn(QStringLiteral("AlertDesk \u00b7 Alert ID: `%1`").arg(escapeHtmlMinimal(alert.id))) } } });

    return {
        // The notification text (phones, screen readers) when blocks are shown.
        { QStringLiteral("text"),
            escapeHtmlMinimal(
                emoji + QLatin1Char(' ') + priorityName(alert.priority) + QStringLiteral(": ") + alert.title) },
        { QStringLiteral("blocks"), top },
        { QStringLiteral("attachments"),
            QJsonArray { QJsonObject { { QStringLiteral("color"), priorityColorHex(alert.priority) },
                { QStringLiteral("blocks"), inner } } } },
    };
}

QByteArray slackWebhookPayload(const Alert& alert)
{
    return QJsonDocument(slackMessage(alert)).toJson(QJsonDocument::Compact);
}

QByteArray slackPostMessagePayload(const Alert& alert, const QString& channelId)
{
    QJsonObject m = slackMessage(alert);
    m.insert(QStringLiteral("channel"), channelId);
    m.insert(QStringLiteral("unfurl_links"), false);
    return QJsonDocument(m).toJson(QJsonDocument::Compact);
}

SendOutcome slackApiOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor)
{
    if (r.status != 200)
        return classifyHttp(r, nowMs, redactor);
    SendOutcome o;
    o.httpStatus = r.status;
    o.latencyMs = r.latencyMs;
    const QJsonDocument doc = QJsonDocument::fromJson(r.body);
    if (!doc.isObject()) {
        // A proxy's page, a cut answer: not Slack's word; try again later.
        o.kind = SendOutcome::Kind::Retry;
        o.error = QStringLiteral("unexpected answer from Slack: ") + answerText(r, redactor, 200);
        return o;
    }
    const QJsonObject body = doc.object();
    if (body.value(QStringLiteral("ok")).toBool()) {
        o.kind = SendOutcome::Kind::Delivered;
        return o;
    }
    const QString code = body.value(QStringLiteral("error")).toString(QStringLiteral("unknown_error"));
    o.error = QStringLiteral("Slack error: ") + redactor.apply(code);
    static const QStringList transient { QStringLiteral("internal_error"), QStringLiteral("fatal_error"),
        QStringLiteral("service_unavailable"), QStringLiteral("request_timeout") };
    if (code == QLatin1String("ratelimited")) {
        o.kind = SendOutcome::Kind::Retry;
        o.rateLimited = true;
        o.retryAfterMs = parseRetryAfter(r.header("Retry-After"), nowMs);
    } else if (transient.contains(code)) {
        o.kind = SendOutcome::Kind::Retry;
        o.retryAfterMs = parseRetryAfter(r.header("Retry-After"), nowMs);
    } else {
        o.kind = SendOutcome::Kind::Failed;
    }
    return o;
}

SlackChannel::SlackChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : Channel(std::move(config), std::move(secrets), env, parent)
{
    // The list as a whole is a secret; so is each URL in it.
    for (const QString& url : decodeSecretList(secret(QStringLiteral("webhook_urls"))))
        m_redactor.addSecret(url);
}

RatePolicy SlackChannel::ratePolicy() const
{
    return ratePolicyFromSettings(m_config.settings, 1.0, 1);
}

void SlackChannel::send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done)
{
    const QStringList urls = decodeSecretList(secret(QStringLiteral("webhook_urls")));
    const QStringList channelIds = settingsList(m_config.settings, QStringLiteral("channel_ids"));
    QList<ChannelTarget> targets;
    for (int i = 0; i < urls.size(); ++i)
        targets << ChannelTarget { QStringLiteral("webhook:%1").arg(i), QStringLiteral("webhook %1").arg(i + 1) };
    for (const QString& id : channelIds)
        targets << ChannelTarget { QStringLiteral("channel:") + id, QStringLiteral("channel ") + id };

    const QString apiBase
        = m_config.settings.value(QStringLiteral("api_base")).toString(QString::fromLatin1(kDefaultApiBase));
    const QString token = secret(QStringLiteral("bot_token"));
    Clock* clock = m_env.clock;
    const int timeoutMs = ctx.timeoutMs;

    m_fanout.run(
        ctx.idempotencyKey, targets,
        [=, this](const ChannelTarget& t, std::function<void(SendOutcome)> one) {
            QNetworkRequest req;
            QByteArray body;
            const bool webhook = t.id.startsWith(QLatin1String("webhook:"));
            if (webhook) {
                req.setUrl(QUrl(urls.value(t.id.mid(8).toInt())));
                body = slackWebhookPayload(alert);
                req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            } else {
                QString base = apiBase;
                while (base.endsWith(QLatin1Char('/')))
                    base.chop(1);
                req.setUrl(QUrl(base + QStringLiteral("/chat.postMessage")));
                body = slackPostMessagePayload(alert, t.id.mid(8));
                req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json; charset=utf-8"));
                req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
            }
            req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("AlertDesk/1"));
            post(req, body, timeoutMs, [this, clock, webhook, one = std::move(one)](const HttpResponse& r) {
                const SendOutcome o = webhook ? classifyHttp(r, clock->nowMs(), m_redactor)
                                              : slackApiOutcome(r, clock->nowMs(), m_redactor);
                if (o.kind != SendOutcome::Kind::Delivered)
                    qCDebug(lcChannels).noquote() << "slack" << m_config.name << o.error;
                one(o);
            });
        },
        std::move(done));
}

} // namespace alertdesk
