// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "DiscordChannel.h"

#include "PayloadText.h"
#include "net/HttpTransport.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QUrl>
#include <QUrlQuery>

namespace alertdesk {

QString escapeDiscordMarkdown(const QString& text)
{
    static const QString always = QStringLiteral("\\*_~`|[]<>#");
    QString out;
    out.reserve(text.size() + text.size() / 8);
    bool lineStart = true;
    for (const QChar c : text) {
        // List markers only mean something at the start of a line.
        const bool listMarker = lineStart && (c == QLatin1Char('-') || c == QLatin1Char('+'));
        if (always.contains(c) || listMarker)
            out += QLatin1Char('\\');
        out += c;
        if (c == QLatin1Char('\n'))
            lineStart = true;
        else if (!(lineStart && c == QLatin1Char(' ')))
            lineStart = false;
    }
    return out;
}

qsizetype discordEmbedLength(const QJsonObject& embed)
{
    qsizetype n = embed.value(QStringLiteral("title")).toString().size()
        + embed.value(QStringLiteral("description")).toString().size()
        + embed.value(QStringLiteral("footer")).toObject().value(QStringLiteral("text")).toString().size()
        + embed.value(QStringLiteral("author")).toObject().value(QStringLiteral("name")).toString().size();
    for (const QJsonValue& f : embed.value(QStringLiteral("fields")).toArray())
        n += f.toObject().value(QStringLiteral("name")).toString().size()
            + f.toObject().value(QStringLiteral("value")).toString().size();
    return n;
}

namespace {
// Cut raw text so that its escaped form fits max: an escape is never split from its character.
QString fitEscaped(const QString& raw, qsizetype max)
{
    const QString cut = truncateMeasured(raw, max, [](const QString& s) { return escapeDiscordMarkdown(s).size(); });
    if (cut.size() == raw.size())
        return escapeDiscordMarkdown(raw);
    return escapeDiscordMarkdown(cut.chopped(truncationMarker().size())) + truncationMarker();
}

QJsonObject field(const QString& name, const QString& value, bool isInline)
{
    return { { QStringLiteral("name"), name }, { QStringLiteral("value"), value },
        { QStringLiteral("inline"), isInline } };
}

qsizetype fieldLength(const QJsonObject& f)
{
    return f.value(QStringLiteral("name")).toString().size() + f.value(QStringLiteral("value")).toString().size();
}
} // namespace

QJsonObject discordMessage(const Alert& alert)
{
    QJsonObject embed;
    const QString title
        = fitEscaped(priorityEmoji(alert.priority) + QLatin1Char(' ') + alert.title, DiscordLimits::title);
    const QString footer = QStringLiteral("AlertDesk \u00b7 Alert ID: ") + alert.id;
    embed.insert(QStringLiteral("title"), title);
    embed.insert(QStringLiteral("color"), priorityColorInt(alert.priority));
    embed.insert(QStringLiteral("footer"),
        QJsonObject { { QStringLiteral("text"), truncateText(footer, DiscordLimits::footer) } });
    embed.insert(QStringLiteral("timestamp"), alert.createdAt.toUTC().toString(Qt::ISODateWithMs));

    QJsonArray fields;
    const QList<QPair<QString, QString>> named { { QStringLiteral("Symbol"), alert.symbol },
        { QStringLiteral("Strategy"), alert.strategy }, { QStringLiteral("Position"), alert.position } };
    for (const auto& [name, value] : named) {
        if (!value.isEmpty())
            fields.append(field(name, fitEscaped(value, DiscordLimits::fieldValue), true));
    }
    fields.append(field(QStringLiteral("Priority"), priorityName(alert.priority), true));
    fields.append(field(QStringLiteral("Type"), alertTypeName(alert.type), true));

    qsizetype used = title.size() + footer.size();
    for (const QJsonValue& f : std::as_const(fields))
        used += fieldLength(f.toObject());
    // The message comes first; the data gets what is left of the 6,000.
    QString description;
    if (!alert.message.isEmpty()) {
        description
            = fitEscaped(alert.message, std::min<qsizetype>(DiscordLimits::description, DiscordLimits::total - used));
        embed.insert(QStringLiteral("description"), description);
        used += description.size();
    }
    const QStringList keys = alert.data.keys();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QString name
            = keys[i].isEmpty() ? QStringLiteral("(empty)") : fitEscaped(keys[i], DiscordLimits::fieldName);
        QString value = fitEscaped(renderJsonValue(alert.data.value(keys[i])), DiscordLimits::fieldValue);
        if (value.isEmpty())
            value = QStringLiteral("(empty)");
        const QJsonObject f = field(name, value, false);
        const qsizetype left = keys.size() - i;
        const bool lastSlot = fields.size() == DiscordLimits::fields - 1;
        if ((lastSlot && left > 1) || used + fieldLength(f) > DiscordLimits::total) {
            // Say what is missing rather than drop it silently.
            const QJsonObject more
                = field(truncationMarker(), QStringLiteral("%1 more data fields not shown").arg(left), false);
            if (fields.size() < DiscordLimits::fields && used + fieldLength(more) <= DiscordLimits::total)
                fields.append(more);
            break;
        }
        fields.append(f);
        used += fieldLength(f);
    }
    embed.insert(QStringLiteral("fields"), fields);

    return {
        { QStringLiteral("embeds"), QJsonArray { embed } },
        { QStringLiteral("allowed_mentions"), QJsonObject { { QStringLiteral("parse"), QJsonArray {} } } },
    };
}

QByteArray discordPayload(const Alert& alert)
{
    return QJsonDocument(discordMessage(alert)).toJson(QJsonDocument::Compact);
}

SendOutcome discordOutcome(const HttpResponse& r, qint64 nowMs, const Redactor& redactor)
{
    SendOutcome o = classifyHttp(r, nowMs, redactor);
    if (r.status == 0 || o.kind == SendOutcome::Kind::Delivered)
        return o;
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    if (body.isEmpty())
        return o;
    const QString message = redactor.apply(body.value(QStringLiteral("message")).toString());
    if (!message.isEmpty()) {
        o.error = QStringLiteral("HTTP %1: %2").arg(r.status).arg(message);
        if (body.contains(QStringLiteral("code")))
            o.error += QStringLiteral(" (code %1)").arg(body.value(QStringLiteral("code")).toInteger());
    }
    if (r.status == 429) {
        // The body's float is more precise than the Retry-After header's whole seconds.
        const qint64 wait = secondsToRetryMs(body.value(QStringLiteral("retry_after")));
        if (wait >= 0)
            o.retryAfterMs = wait;
        if (body.value(QStringLiteral("global")).toBool())
            o.error += QStringLiteral(" (global)");
    }
    return o;
}

QUrl discordExecuteUrl(const QString& webhookUrl)
{
    QUrl u(webhookUrl);
    QUrlQuery q(u);
    q.removeAllQueryItems(QStringLiteral("wait"));
    q.addQueryItem(QStringLiteral("wait"), QStringLiteral("true"));
    u.setQuery(q);
    return u;
}

DiscordChannel::DiscordChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : Channel(std::move(config), std::move(secrets), env, parent)
{
    for (const QString& url : decodeSecretList(secret(QStringLiteral("webhook_urls")))) {
        m_redactor.addSecret(url);
        // The token is the URL's last segment; an error may quote it alone.
        m_redactor.addSecret(QUrl(url).path().section(QLatin1Char('/'), -1));
    }
}

RatePolicy DiscordChannel::ratePolicy() const
{
    return ratePolicyFromSettings(m_config.settings, 0.5, 5);
}

void DiscordChannel::send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done)
{
    const QStringList urls = decodeSecretList(secret(QStringLiteral("webhook_urls")));
    QList<ChannelTarget> targets;
    for (int i = 0; i < urls.size(); ++i)
        targets << ChannelTarget { QString::number(i), QStringLiteral("webhook %1").arg(i + 1) };
    const QByteArray body = discordPayload(alert);
    Clock* clock = m_env.clock;
    const int timeoutMs = ctx.timeoutMs;
    m_fanout.run(
        ctx.idempotencyKey, targets,
        [=, this](const ChannelTarget& t, std::function<void(SendOutcome)> one) {
            QNetworkRequest req(discordExecuteUrl(urls.value(t.id.toInt())));
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("AlertDesk/1"));
            post(req, body, timeoutMs, [this, clock, one = std::move(one)](const HttpResponse& r) {
                const SendOutcome o = discordOutcome(r, clock->nowMs(), m_redactor);
                if (o.kind != SendOutcome::Kind::Delivered)
                    qCDebug(lcChannels).noquote() << "discord" << m_config.name << o.error;
                one(o);
            });
        },
        std::move(done));
}

} // namespace alertdesk
