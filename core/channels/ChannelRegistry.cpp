#include "ChannelRegistry.h"

#include "DesktopChannel.h"
#include "EmailChannel.h"
#include "WebhookChannel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace alertdesk {

QString checkHttpUrl(const QString& field, const QString& url)
{
    if (url.isEmpty())
        return QStringLiteral("%1 is required").arg(field);
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid())
        return QStringLiteral("%1 is not a valid URL").arg(field);
    if (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http"))
        return QStringLiteral("%1 must start with https:// or http://").arg(field);
    if (u.host().isEmpty())
        return QStringLiteral("%1 has no host").arg(field);
    return {};
}

namespace {
QString validateWebhook(const ChannelConfig&, const SecretMap& s)
{
    if (QString e = checkHttpUrl(QStringLiteral("url"), s.value(QStringLiteral("url"))); !e.isEmpty())
        return e;
    const QString headers = s.value(QStringLiteral("headers"));
    if (!headers.isEmpty()) {
        const QJsonObject o = QJsonDocument::fromJson(headers.toUtf8()).object();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString& k = it.key();
            if (k.isEmpty() || k.contains(QLatin1Char(':')) || k.contains(QLatin1Char(' ')) || k.contains(QLatin1Char('\r'))
                || k.contains(QLatin1Char('\n')))
                return QStringLiteral("header name '%1' is not valid").arg(k);
            const QString v = it.value().toString();
            if (v.contains(QLatin1Char('\r')) || v.contains(QLatin1Char('\n')))
                return QStringLiteral("header %1 has a line break in its value").arg(k);
        }
    }
    return {};
}
} // namespace

const QList<ChannelKindInfo>& channelKinds()
{
    static const QList<ChannelKindInfo> kinds{
        {QString::fromLatin1(WebhookChannel::kKind), QStringLiteral("Webhook"),
         {QStringLiteral("url"), QStringLiteral("headers"), QStringLiteral("hmac_secret")},
         {QStringLiteral("url")},
         validateWebhook,
         [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
             return std::make_unique<WebhookChannel>(c, s, env);
         }},
        {QString::fromLatin1(EmailChannel::kKind), QStringLiteral("Email"),
         {QStringLiteral("password"), QStringLiteral("oauth_token")},
         {},
         [](const ChannelConfig& c, const SecretMap& s) { return checkEmailChannel(c.settings, s, false); },
         [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
             return std::make_unique<EmailChannel>(c, s, env);
         }},
        {QString::fromLatin1(DesktopChannel::kKind), QStringLiteral("Desktop"),
         {},
         {},
         [](const ChannelConfig&, const SecretMap&) { return QString(); },
         [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
             return std::make_unique<DesktopChannel>(c, s, env);
         }},
    };
    return kinds;
}

const ChannelKindInfo* findChannelKind(const QString& kind)
{
    for (const auto& k : channelKinds()) {
        if (k.kind == kind)
            return &k;
    }
    return nullptr;
}

} // namespace alertdesk
