// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "TeamsChannel.h"

#include "PayloadText.h"
#include "net/HttpTransport.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QUrl>
#include <QUrlQuery>
#include <cmath>

namespace alertdesk {

namespace {
QJsonObject run(const QString& text, const QJsonObject& style = {})
{
    QJsonObject r = style;
    r.insert(QStringLiteral("type"), QStringLiteral("TextRun"));
    r.insert(QStringLiteral("text"), text);
    return r;
}

QJsonObject richText(const QJsonArray& inlines, bool separator = false)
{
    QJsonObject o { { QStringLiteral("type"), QStringLiteral("RichTextBlock") },
        { QStringLiteral("inlines"), inlines } };
    if (separator)
        o.insert(QStringLiteral("separator"), true);
    return o;
}

QString containerStyle(Priority p)
{
    switch (p) {
    case Priority::Critical:
        return QStringLiteral("attention");
    case Priority::High:
    case Priority::Medium:
        return QStringLiteral("warning");
    case Priority::Low:
        return QStringLiteral("good");
    case Priority::Info:
        break;
    }
    return QStringLiteral("accent");
}

const QJsonObject& bolder()
{
    static const QJsonObject o { { QStringLiteral("weight"), QStringLiteral("Bolder") } };
    return o;
}

const QJsonObject& subtle()
{
    static const QJsonObject o { { QStringLiteral("isSubtle"), true },
        { QStringLiteral("size"), QStringLiteral("Small") } };
    return o;
}
} // namespace

QJsonObject teamsCard(const Alert& alert, const QString& message, const QString& details)
{
    QJsonArray body;
    body.append(QJsonObject {
        { QStringLiteral("type"), QStringLiteral("Container") },
        { QStringLiteral("style"), containerStyle(alert.priority) },
        { QStringLiteral("bleed"), true },
        { QStringLiteral("items"),
            QJsonArray { richText({ run(priorityEmoji(alert.priority) + QLatin1Char(' ') + alert.title,
                { { QStringLiteral("weight"), QStringLiteral("Bolder") },
                    { QStringLiteral("size"), QStringLiteral("Large") } }) }) } },
    });
    if (!message.isEmpty())
        body.append(richText({ run(message) }));
    const QList<QPair<QString, QString>> named { { QStringLiteral("Symbol"), alert.symbol },
        { QStringLiteral("Strategy"), alert.strategy }, { QStringLiteral("Position"), alert.position } };
    for (const auto& [label, value] : named) {
        if (!value.isEmpty())
            body.append(richText({ run(label + QStringLiteral(": "), bolder()), run(value) }));
    }
    if (!details.isEmpty()) {
        body.append(richText({ run(QStringLiteral("Details"), bolder()) }, true));
        body.append(richText({ run(details, { { QStringLiteral("fontType"), QStringLiteral("Monospace") } }) }));
    }
    body.append(richText({ run(priorityName(alert.priority) + QStringLiteral(" \u00b7 ") + alertTypeName(alert.type)
                                 + QStringLiteral(" \u00b7 ") + formatAlertTime(alert.createdAt),
                             subtle()) },
        true));
    body.append(richText({ run(QStringLiteral("AlertDesk \u00b7 Alert ID: ") + alert.id, subtle()) }));
    return {
        { QStringLiteral("$schema"), QStringLiteral("http://adaptivecards.io/schemas/adaptive-card.json") },
        { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.4") },
        { QStringLiteral("msteams"), QJsonObject { { QStringLiteral("width"), QStringLiteral("Full") } } },
        { QStringLiteral("body"), body },
    };
}

namespace {
QByteArray wrap(const QJsonObject& card)
{
    const QJsonObject attachment {
        { QStringLiteral("contentType"), QStringLiteral("application/vnd.microsoft.card.adaptive") },
        { QStringLiteral("contentUrl"), QJsonValue::Null },
        { QStringLiteral("content"), card },
    };
    const QJsonObject message { { QStringLiteral("type"), QStringLiteral("message") },
        { QStringLiteral("attachments"), QJsonArray { attachment } } };
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}
} // namespace

QByteArray teamsPayload(const Alert& alert)
{
    // Bytes a text takes inside the JSON (UTF-8, escapes), per UTF-16 unit.
    auto bytesPerUnit = [](const QString& s) {
        if (s.isEmpty())
            return 1.0;
        const qsizetype bytes = QJsonDocument(QJsonArray { s }).toJson(QJsonDocument::Compact).size() - 4;
        return std::max(1.0, static_cast<double>(bytes) / static_cast<double>(s.size()));
    };
    const QString details = renderDataLines(alert.data);
    qsizetype messageMax = alert.message.size();
    qsizetype detailsMax = details.size();
    for (;;) {
        const QString m = truncateText(alert.message, messageMax);
        const QString d = truncateText(details, detailsMax);
        QByteArray bytes = wrap(teamsCard(alert, m, d));
        const qsizetype excess = bytes.size() - TeamsLimits::payloadBytes;
        if (excess <= 0 || (messageMax == 0 && detailsMax == 0))
            return bytes;
        // Drop about as many characters as there are bytes too many (plus room for the
        // marker); each round gets strictly shorter. The data gives way first, down to a short
        // excerpt; then the message; then the rest of the data.
        auto shrink = [excess, &bytesPerUnit](qsizetype max, const QString& shown, qsizetype floor) {
            const auto cut = static_cast<qsizetype>(std::ceil(static_cast<double>(excess) / bytesPerUnit(shown))) + 8;
            return std::max<qsizetype>(floor, std::min(max, shown.size()) - cut);
        };
        if (detailsMax > 1000)
            detailsMax = shrink(detailsMax, d, 1000);
        else if (messageMax > 0)
            messageMax = shrink(messageMax, m, 0);
        else
            detailsMax = shrink(detailsMax, d, 0);
    }
}

SendOutcome teamsOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor)
{
    SendOutcome o = classifyHttp(r, nowMs, redactor);
    if (r.status == 0 || o.kind == SendOutcome::Kind::Delivered)
        return o;
    const QJsonObject error = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("error")).toObject();
    const QString message = redactor.apply(error.value(QStringLiteral("message")).toString());
    if (!message.isEmpty()) {
        const QString code = redactor.apply(error.value(QStringLiteral("code")).toString());
        o.error = QStringLiteral("HTTP %1: %2")
                      .arg(r.status)
                      .arg(code.isEmpty() ? message : code + QStringLiteral(": ") + message);
    }
    return o;
}

TeamsChannel::TeamsChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : Channel(std::move(config), std::move(secrets), env, parent)
{
    // The signature in the Workflows URL is the credential; an error may quote it alone.
    const QUrlQuery q(QUrl(secret(QStringLiteral("webhook_url"))));
    m_redactor.addSecret(q.queryItemValue(QStringLiteral("sig")));
}

RatePolicy TeamsChannel::ratePolicy() const
{
    return ratePolicyFromSettings(m_config.settings, 1.0, 4);
}

void TeamsChannel::send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done)
{
    QNetworkRequest req(QUrl(secret(QStringLiteral("webhook_url"))));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("AlertDesk/1"));
    Clock* clock = m_env.clock;
    post(req, teamsPayload(alert), ctx.timeoutMs, [this, clock, done = std::move(done)](const HttpResponse& r) {
        const SendOutcome o = teamsOutcome(r, clock->nowMs(), m_redactor);
        if (o.kind != SendOutcome::Kind::Delivered)
            qCDebug(lcChannels).noquote() << "teams" << m_config.name << o.error;
        done(o);
    });
}

} // namespace alertdesk
