// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "TelegramChannel.h"

#include "PayloadText.h"
#include "net/HttpTransport.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QUrl>

namespace alertdesk {

qsizetype telegramVisibleLength(const QString& html)
{
    qsizetype n = 0;
    for (qsizetype i = 0; i < html.size(); ++i) {
        const QChar c = html.at(i);
        if (c == QLatin1Char('<')) {
            const qsizetype end = html.indexOf(QLatin1Char('>'), i);
            if (end < 0)
                return n + (html.size() - i); // not a tag: Telegram would refuse it anyway
            i = end;
            continue;
        }
        if (c == QLatin1Char('&')) {
            const qsizetype end = html.indexOf(QLatin1Char(';'), i);
            if (end > i && end - i <= 10)
                i = end;
        }
        ++n;
    }
    return n;
}

namespace {
QString bold(const QString& raw)
{
    return QStringLiteral("<b>") + escapeHtmlMinimal(raw) + QStringLiteral("</b>");
}

// A section of the message: its HTML and the characters Telegram will count.
struct Part {
    QString html;
    qsizetype visible = 0;
};

Part plainPart(const QString& raw)
{
    return { escapeHtmlMinimal(raw), raw.size() };
}
} // namespace

QString telegramText(const Alert& alert)
{
    const QString sep = QStringLiteral("\n\n");
    const Part head { priorityEmoji(alert.priority) + QLatin1Char(' ') + bold(alert.title),
        priorityEmoji(alert.priority).size() + 1 + alert.title.size() };

    Part fields;
    const QList<QPair<QString, QString>> named { { QStringLiteral("Symbol"), alert.symbol },
        { QStringLiteral("Strategy"), alert.strategy }, { QStringLiteral("Position"), alert.position } };
    for (const auto& [label, value] : named) {
        if (value.isEmpty())
            continue;
        if (!fields.html.isEmpty()) {
            fields.html += QLatin1Char('\n');
            fields.visible += 1;
        }
        fields.html += bold(label + QLatin1Char(':')) + QLatin1Char(' ') + escapeHtmlMinimal(value);
        fields.visible += label.size() + 2 + value.size();
    }

    const QString footerRaw = priorityName(alert.priority) + QStringLiteral(" \u00b7 ") + alertTypeName(alert.type)
        + QStringLiteral(" \u00b7 ") + formatAlertTime(alert.createdAt) + QStringLiteral("\nAlert ID: ") + alert.id;
    const Part footer { QStringLiteral("<i>") + escapeHtmlMinimal(footerRaw) + QStringLiteral("</i>"),
        footerRaw.size() };

    const QString details = renderDataLines(alert.data);
    const QString message = alert.message;

    // What the fixed parts leave of the 4,096 goes to the message first, then to the data
    // (which keeps at least a little room when it is there at all).
    QList<const Part*> fixed { &head, &footer };
    if (!fields.html.isEmpty())
        fixed << &fields;
    const int sections = static_cast<int>(fixed.size()) + (message.isEmpty() ? 0 : 1) + (details.isEmpty() ? 0 : 1);
    qsizetype left = TelegramLimits::text - (sections - 1) * sep.size();
    for (const Part* p : fixed)
        left -= p->visible;
    const qsizetype detailsReserve = std::min<qsizetype>(details.size(), 512);
    const QString messageCut = truncateText(message, std::max<qsizetype>(0, left - detailsReserve));
    left -= messageCut.size();
    const QString detailsCut = truncateText(details, std::max<qsizetype>(0, left));

    QStringList out { head.html };
    if (!messageCut.isEmpty())
        out << plainPart(messageCut).html;
    if (!fields.html.isEmpty())
        out << fields.html;
    if (!detailsCut.isEmpty())
        out << QStringLiteral("<pre>") + escapeHtmlMinimal(detailsCut) + QStringLiteral("</pre>");
    out << footer.html;
    return out.join(sep);
}

QByteArray telegramPayload(const Alert& alert, const QString& chatId)
{
    const QJsonObject o {
        { QStringLiteral("chat_id"), chatId },
        { QStringLiteral("text"), telegramText(alert) },
        { QStringLiteral("parse_mode"), QStringLiteral("HTML") },
        { QStringLiteral("link_preview_options"), QJsonObject { { QStringLiteral("is_disabled"), true } } },
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

TelegramAnswer telegramAnswer(const HttpResponse& r, qint64 nowMs, const Redactor& redactor)
{
    TelegramAnswer a;
    a.outcome = classifyHttp(r, nowMs, redactor);
    const QJsonDocument doc = QJsonDocument::fromJson(r.body);
    if (r.status == 0 || !doc.isObject())
        return a;
    const QJsonObject body = doc.object();
    if (body.value(QStringLiteral("ok")).toBool() && r.status == 200)
        return a;
    SendOutcome& o = a.outcome;
    const int code = body.value(QStringLiteral("error_code")).toInt(r.status);
    const QString description = redactor.apply(body.value(QStringLiteral("description")).toString());
    o.error = QStringLiteral("Telegram %1: %2")
                  .arg(code)
                  .arg(description.isEmpty() ? QStringLiteral("error") : description);
    const QJsonObject params = body.value(QStringLiteral("parameters")).toObject();
    if (params.contains(QStringLiteral("migrate_to_chat_id"))) {
        a.migrateToChatId = QString::number(params.value(QStringLiteral("migrate_to_chat_id")).toInteger());
        o.kind = SendOutcome::Kind::Failed;
        return a;
    }
    const qint64 wait = secondsToRetryMs(params.value(QStringLiteral("retry_after")));
    if (code == 429 || wait >= 0) {
        o.kind = SendOutcome::Kind::Retry;
        o.rateLimited = true;
        if (wait >= 0)
            o.retryAfterMs = wait;
    } else if (code >= 500) {
        o.kind = SendOutcome::Kind::Retry;
    } else {
        o.kind = SendOutcome::Kind::Failed;
    }
    return a;
}

TelegramChannel::TelegramChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : Channel(std::move(config), std::move(secrets), env, parent)
{
}

RatePolicy TelegramChannel::ratePolicy() const
{
    return ratePolicyFromSettings(m_config.settings, 1.0, 3);
}

void TelegramChannel::send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done)
{
    QList<ChannelTarget> targets;
    QHash<QString, QString> chatOf; // target id -> chat id to send to now
    for (const QString& chat : settingsList(m_config.settings, QStringLiteral("chat_ids"))) {
        // A chat that moved keeps the target id of the delivery progress made under its old id.
        const QString id = QStringLiteral("chat:") + m_migratedFrom.value(chat, chat);
        targets << ChannelTarget { id, QStringLiteral("chat ") + chat };
        chatOf.insert(id, chat);
    }
    const int timeoutMs = ctx.timeoutMs;
    m_fanout.run(
        ctx.idempotencyKey, targets,
        [this, alert, chatOf, timeoutMs](const ChannelTarget& t, std::function<void(SendOutcome)> one) {
            sendToChat(alert, chatOf.value(t.id), timeoutMs, true, std::move(one));
        },
        std::move(done));
}

void TelegramChannel::sendToChat(const Alert& alert, const QString& chatId, int timeoutMs, bool mayFollowMigration,
    std::function<void(SendOutcome)> done)
{
    QString base = m_config.settings.value(QStringLiteral("api_base")).toString(QString::fromLatin1(kDefaultApiBase));
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QNetworkRequest req(
        QUrl(base + QStringLiteral("/bot") + secret(QStringLiteral("bot_token")) + QStringLiteral("/sendMessage")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("AlertDesk/1"));
    Clock* clock = m_env.clock;
    post(req, telegramPayload(alert, chatId), timeoutMs,
        [this, alert, chatId, timeoutMs, mayFollowMigration, clock, done = std::move(done)](const HttpResponse& r) {
            const TelegramAnswer a = telegramAnswer(r, clock->nowMs(), m_redactor);
            if (!a.migrateToChatId.isEmpty() && mayFollowMigration) {
                qCInfo(lcChannels).noquote()
                    << "telegram" << m_config.name << "chat" << chatId << "moved to" << a.migrateToChatId;
                migrateChat(chatId, a.migrateToChatId);
                sendToChat(alert, a.migrateToChatId, timeoutMs, false, done);
                return;
            }
            if (a.outcome.kind != SendOutcome::Kind::Delivered)
                qCDebug(lcChannels).noquote() << "telegram" << m_config.name << a.outcome.error;
            done(a.outcome);
        });
}

void TelegramChannel::migrateChat(const QString& from, const QString& to)
{
    QStringList chats = settingsList(m_config.settings, QStringLiteral("chat_ids"));
    const qsizetype at = chats.indexOf(from);
    if (at < 0 && chats.contains(to))
        return; // another delivery has already moved it
    if (chats.contains(to))
        chats.removeAt(at); // the new id was configured too: keep one of them
    else if (at >= 0)
        chats[at] = to;
    else
        chats << to;
    m_migratedFrom.insert(to, m_migratedFrom.value(from, from));
    QJsonObject settings = m_config.settings;
    settings.insert(QStringLiteral("chat_ids"), QJsonArray::fromStringList(chats));
    updateSettings(settings);
}

} // namespace alertdesk
