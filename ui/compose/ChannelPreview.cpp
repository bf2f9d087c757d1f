// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "compose/ChannelPreview.h"

#include "channels/AlertmanagerChannel.h"
#include "channels/ChannelRegistry.h"
#include "channels/DesktopChannel.h"
#include "channels/DiscordChannel.h"
#include "channels/EmailChannel.h"
#include "channels/EmailMessage.h"
#include "channels/NtfyChannel.h"
#include "channels/PagerDutyChannel.h"
#include "channels/PushoverChannel.h"
#include "channels/SlackChannel.h"
#include "channels/SmsChannel.h"
#include "channels/TeamsChannel.h"
#include "channels/TelegramChannel.h"
#include "channels/VoiceChannel.h"
#include "channels/WebhookChannel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSysInfo>

namespace alertdesk {

namespace {
// A size or a count as the window's locale writes it (4.096 in German).
QString number(qint64 n)
{
    return QLocale().toString(n);
}

// Qt indents by four spaces; two keep deep payloads (Slack blocks, Teams cards) readable in a
// narrow pane.
QString indented(const QJsonObject& o)
{
    QStringList lines
        = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)).trimmed().split(QLatin1Char('\n'));
    for (QString& line : lines) {
        qsizetype n = 0;
        while (n < line.size() && line.at(n) == QLatin1Char(' '))
            ++n;
        line.remove(0, n / 2);
    }
    return lines.join(QLatin1Char('\n'));
}
QString indented(const QByteArray& json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    return doc.isObject() ? indented(doc.object()) : QString::fromUtf8(json);
}
} // namespace

QString ChannelPreview::kindName(const QString& kind)
{
    if (const ChannelKindInfo* info = findChannelKind(kind))
        return info->displayName;
    return kind;
}

QString ChannelPreview::payload(const QString& kind, const Alert& alert, const QJsonObject& settings, QString* summary)
{
    // Placeholders where a send puts a secret or a per-delivery value.
    const QString key = tr("(idempotency key)");
    if (kind == QLatin1String("slack")) {
        const QJsonObject m = slackMessage(alert);
        *summary = tr("Notification text: %1").arg(m.value(QStringLiteral("text")).toString());
        return indented(m);
    }
    if (kind == QLatin1String("discord")) {
        const QJsonObject m = discordMessage(alert);
        qsizetype length = 0;
        for (const QJsonValue& e : m.value(QStringLiteral("embeds")).toArray())
            length += discordEmbedLength(e.toObject());
        *summary = tr("One embed, %1 of %2 characters").arg(number(length), number(DiscordLimits::total));
        return indented(m);
    }
    if (kind == QLatin1String("telegram")) {
        QString text = telegramText(alert);
        *summary = tr("HTML text, %1 of %2 visible characters")
                       .arg(number(telegramVisibleLength(text)), number(TelegramLimits::text));
        return text;
    }
    if (kind == QLatin1String("sms")) {
        const int maxSegments = settings.value(QStringLiteral("max_segments")).toInt(1);
        QString text = smsText(alert, maxSegments);
        const SmsSegments seg = smsSegments(text);
        const QString segments = seg.segments == 1 ? tr("1 segment") : tr("%1 segments").arg(seg.segments);
        *summary = tr("%1, %2, %3 characters")
                       .arg(segments, seg.encoding == SmsEncoding::Gsm7 ? tr("GSM-7") : tr("UCS-2"))
                       .arg(number(text.size()));
        return text;
    }
    if (kind == QLatin1String("voice")) {
        const int repeat = std::clamp(
            settings.value(QStringLiteral("repeat")).toInt(VoiceLimits::defaultRepeat), 1, VoiceLimits::maxRepeat);
        *summary = repeat == 1 ? tr("What the call says (once); delivered when answered")
                               : tr("What the call says (%1 times); delivered when answered").arg(repeat);
        return voiceText(alert);
    }
    if (kind == QLatin1String("ntfy")) {
        // As the ntfy app shows it: the priority's emoji (from its tag) before the title.
        const QJsonObject m = QJsonDocument::fromJson(ntfyPayload(alert, QString())).object();
        *summary = tr("Push, priority %1 of 5").arg(m.value(QStringLiteral("priority")).toInt());
        QString shown = priorityEmoji(alert.priority) + QLatin1Char(' ') + m.value(QStringLiteral("title")).toString()
            + QLatin1Char('\n') + m.value(QStringLiteral("message")).toString();
        if (m.contains(QStringLiteral("click")))
            shown += QLatin1Char('\n') + tr("Opens: %1").arg(m.value(QStringLiteral("click")).toString());
        return shown;
    }
    if (kind == QLatin1String("pushover")) {
        PushoverOptions o;
        o.retry = settings.value(QStringLiteral("retry")).toInt(PushoverLimits::defaultRetry);
        o.expire = settings.value(QStringLiteral("expire")).toInt(PushoverLimits::defaultExpire);
        o.html = settings.value(QStringLiteral("html")).toBool(false);
        const QJsonObject m = QJsonDocument::fromJson(pushoverPayload(alert, QString(), QString(), o)).object();
        const int priority = m.value(QStringLiteral("priority")).toInt();
        *summary = priority == 2 ? tr("Push, emergency priority: repeats every %1 s for up to %2 s until acknowledged")
                                       .arg(m.value(QStringLiteral("retry")).toInt())
                                       .arg(m.value(QStringLiteral("expire")).toInt())
                                 : tr("Push, priority %1").arg(priority);
        QString shown = m.value(QStringLiteral("title")).toString() + QLatin1Char('\n')
            + m.value(QStringLiteral("message")).toString();
        if (m.contains(QStringLiteral("url")))
            shown += QLatin1Char('\n') + tr("Opens: %1").arg(m.value(QStringLiteral("url")).toString());
        return shown;
    }
    if (kind == QLatin1String("email")) {
        const QString subject = emailSubject(alert);
        QStringList to;
        for (const QJsonValue& v : settings.value(QStringLiteral("to")).toArray())
            to << v.toString();
        *summary = tr("Text and HTML parts; the text part:");
        QString head = tr("Subject: %1").arg(subject) + QLatin1Char('\n');
        if (!to.isEmpty())
            head += tr("To: %1").arg(to.join(QStringLiteral(", "))) + QLatin1Char('\n');
        return head + QLatin1Char('\n') + emailPlainText(alert).trimmed();
    }
    if (kind == QLatin1String("teams")) {
        const QByteArray body = teamsPayload(alert);
        *summary = tr("Adaptive Card, %1 of %2 bytes").arg(number(body.size()), number(TeamsLimits::payloadBytes));
        return indented(body);
    }
    if (kind == QLatin1String("pagerduty")) {
        const QString source = settings.value(QStringLiteral("source")).toString(QStringLiteral("AlertDesk"));
        const QByteArray body = pagerDutyTriggerPayload(alert, tr("(routing key)"), source);
        *summary = tr("Events API v2 trigger, severity %1").arg(pagerDutySeverity(alert.priority));
        return indented(body);
    }
    if (kind == QLatin1String("alertmanager")) {
        const QString instance = settings.value(QStringLiteral("instance")).toString();
        const QByteArray body
            = alertmanagerAlertsPayload(alert, instance.isEmpty() ? QSysInfo::machineHostName() : instance, -1);
        *summary = tr("POST /api/v2/alerts to every peer, severity %1").arg(alertmanagerSeverity(alert.priority));
        return indented(QJsonDocument::fromJson(body).array().first().toObject()); // the one alert of the list
    }
    if (kind == QLatin1String("desktop")) {
        const DesktopNotification n = desktopNotification(alert, key);
        *summary = tr("Desktop notification");
        return n.title + QStringLiteral("\n\n") + n.body;
    }
    const QByteArray body = webhookPayload(alert, key);
    *summary = tr("JSON POST, %1 bytes").arg(number(body.size()));
    return indented(body);
}

ChannelPreviewResult ChannelPreview::render(
    const ChannelConfig& channel, const Alert& alert, const QList<MessageTemplate>& templates)
{
    ChannelPreviewResult r;
    r.channel = channel.name;
    r.kind = channel.kind;
    r.heading
        = channel.name.isEmpty() ? kindName(channel.kind) : tr("%1 · %2").arg(channel.name, kindName(channel.kind));
    Alert a = alert;
    if (const MessageTemplate* t = findTemplate(templates, channel.kind, a.type)) {
        a = applyTemplate(*t, a, &r.templateErrors);
        r.templated = true;
    }
    r.payload = payload(channel.kind, a, channel.settings, &r.summary);
    return r;
}

} // namespace alertdesk
