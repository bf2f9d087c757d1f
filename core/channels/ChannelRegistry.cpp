// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ChannelRegistry.h"

#include "AlertmanagerChannel.h"
#include "DesktopChannel.h"
#include "DiscordChannel.h"
#include "EmailChannel.h"
#include "NtfyChannel.h"
#include "PagerDutyChannel.h"
#include "PayloadText.h"
#include "PushoverChannel.h"
#include "SlackChannel.h"
#include "SmsChannel.h"
#include "TeamsChannel.h"
#include "TelegramChannel.h"
#include "VoiceChannel.h"
#include "WebhookChannel.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>
#include <algorithm>

namespace alertdesk {

namespace {
// The checks' messages, in the words of the settings: "{chat_ids}: 'me' is not a chat id".
class ChannelChecks final {
    Q_DECLARE_TR_FUNCTIONS(ChannelChecks)
};

QString quoted(const QString& value)
{
    return FieldError::literal(value);
}

FieldError error(const QString& field, const QString& message)
{
    return FieldError { field, message };
}
} // namespace

std::optional<FieldError> httpUrlError(const QString& field, const QString& url, UrlSchemes schemes)
{
    if (url.isEmpty())
        return error(field, ChannelChecks::tr("{%1} is required").arg(field));
    if (std::any_of(url.begin(), url.end(), [](QChar c) { return c.isSpace(); }))
        return error(field, ChannelChecks::tr("{%1} contains a space or a line break; a URL has none").arg(field));
    const bool httpsOnly = schemes == UrlSchemes::HttpsUnlessLocal;
    if (!url.contains(QLatin1String("://")))
        return error(field,
            httpsOnly ? ChannelChecks::tr("{%1} has no scheme: it must start with https://").arg(field)
                      : ChannelChecks::tr("{%1} has no scheme: it must start with https:// or http://").arg(field));
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid()) {
        // The characters RFC 3986 lets a URL hold; anything else was mistyped or pasted.
        static const QRegularExpression allowed(QStringLiteral("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]"));
        QString bad;
        for (const QChar c : url) {
            if (!allowed.match(QString(c)).hasMatch() && !bad.contains(c))
                bad += c;
        }
        if (!bad.isEmpty())
            return error(
                field, ChannelChecks::tr("{%1} holds characters a URL cannot: '%2'").arg(field, quoted(bad.left(8))));
        return error(field, ChannelChecks::tr("{%1} is not a valid URL: check its host and port").arg(field));
    }
    const QString scheme = u.scheme().toLower();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return error(field,
            httpsOnly ? ChannelChecks::tr("{%1} must start with https://").arg(field)
                      : ChannelChecks::tr("{%1} must start with https:// or http://").arg(field));
    if (u.host().isEmpty())
        return error(field, ChannelChecks::tr("{%1} has no host").arg(field));
    const QString host = u.host().toLower();
    const bool local
        = host == QLatin1String("localhost") || host == QLatin1String("127.0.0.1") || host == QLatin1String("::1");
    if (httpsOnly && scheme == QLatin1String("http") && !local)
        return error(field,
            ChannelChecks::tr("{%1} must start with https://: over http:// its secret would travel unencrypted")
                .arg(field));
    return std::nullopt;
}

QString checkHttpUrl(const QString& field, const QString& url)
{
    const auto e = httpUrlError(field, url);
    return e ? e->text() : QString();
}

QString ChannelKindInfo::validate(const ChannelConfig& config, const SecretMap& secrets) const
{
    const auto e = check(config, secrets);
    return e ? e->text() : QString();
}

namespace {
using Check = std::optional<FieldError>;

Check validateWebhook(const ChannelConfig&, const SecretMap& s)
{
    if (auto e = httpUrlError(QStringLiteral("url"), s.value(QStringLiteral("url"))))
        return e;
    const QString headers = s.value(QStringLiteral("headers"));
    if (!headers.isEmpty()) {
        const QJsonObject o = QJsonDocument::fromJson(headers.toUtf8()).object();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString& k = it.key();
            if (k.isEmpty() || k.contains(QLatin1Char(':')) || k.contains(QLatin1Char(' '))
                || k.contains(QLatin1Char('\r')) || k.contains(QLatin1Char('\n')))
                return error(
                    QStringLiteral("headers"), ChannelChecks::tr("header name '%1' is not valid").arg(quoted(k)));
            const QString v = it.value().toString();
            if (v.contains(QLatin1Char('\r')) || v.contains(QLatin1Char('\n')))
                return error(QStringLiteral("headers"),
                    ChannelChecks::tr("header %1 has a line break in its value").arg(quoted(k)));
        }
    }
    return std::nullopt;
}

Check checkOptionalUrl(const ChannelConfig& c, const QString& field)
{
    if (!c.settings.contains(field))
        return std::nullopt;
    return httpUrlError(field, c.settings.value(field).toString());
}

bool hasSpace(const QString& s)
{
    return std::any_of(s.begin(), s.end(), [](QChar c) { return c.isSpace(); });
}

Check validateSlack(const ChannelConfig& c, const SecretMap& s)
{
    const QStringList urls = decodeSecretList(s.value(QStringLiteral("webhook_urls")));
    for (int i = 0; i < urls.size(); ++i) {
        if (auto e = httpUrlError(QStringLiteral("webhook_urls[%1]").arg(i + 1), urls[i], UrlSchemes::HttpsUnlessLocal))
            return e;
    }
    const QString token = s.value(QStringLiteral("bot_token"));
    const QStringList ids = settingsList(c.settings, QStringLiteral("channel_ids"));
    if (urls.isEmpty() && token.isEmpty() && ids.isEmpty())
        return error(QStringLiteral("webhook_urls"),
            ChannelChecks::tr("{webhook_urls} or {bot_token} with {channel_ids} is required"));
    if (!token.isEmpty() && ids.isEmpty())
        return error(QStringLiteral("channel_ids"),
            ChannelChecks::tr("{channel_ids}: give at least one channel id to post to with {bot_token}"));
    if (token.isEmpty() && !ids.isEmpty())
        return error(
            QStringLiteral("bot_token"), ChannelChecks::tr("{bot_token} is required to post to {channel_ids}"));
    if (hasSpace(token))
        return error(QStringLiteral("bot_token"), ChannelChecks::tr("{bot_token} must not contain spaces"));
    for (const QString& id : ids) {
        if (id.isEmpty() || hasSpace(id))
            return error(QStringLiteral("channel_ids"),
                ChannelChecks::tr("{channel_ids}: '%1' is not a channel id").arg(quoted(id)));
    }
    return checkOptionalUrl(c, QStringLiteral("api_base"));
}

Check validateUrlList(const SecretMap& s, const QString& field, UrlSchemes schemes)
{
    const QStringList urls = decodeSecretList(s.value(field));
    if (urls.isEmpty())
        return error(field, ChannelChecks::tr("{%1}: at least one URL is required").arg(field));
    for (int i = 0; i < urls.size(); ++i) {
        if (auto e = httpUrlError(QStringLiteral("%1[%2]").arg(field).arg(i + 1), urls[i], schemes))
            return e;
    }
    return std::nullopt;
}

Check validateDiscord(const ChannelConfig&, const SecretMap& s)
{
    return validateUrlList(s, QStringLiteral("webhook_urls"), UrlSchemes::HttpsUnlessLocal);
}

Check validateTelegram(const ChannelConfig& c, const SecretMap& s)
{
    // The token goes into the URL path: refuse anything that could leave it.
    static const QRegularExpression token(QStringLiteral("^[0-9]+:[A-Za-z0-9_-]+$"));
    static const QRegularExpression chat(QStringLiteral("^(-?[0-9]+|@[A-Za-z][A-Za-z0-9_]{3,})$"));
    const QString t = s.value(QStringLiteral("bot_token"));
    if (t.isEmpty())
        return error(QStringLiteral("bot_token"), ChannelChecks::tr("{bot_token} is required"));
    if (!token.match(t).hasMatch())
        return error(QStringLiteral("bot_token"),
            ChannelChecks::tr("{bot_token} does not look like a Telegram bot token (digits:letters)"));
    const QStringList chats = settingsList(c.settings, QStringLiteral("chat_ids"));
    if (chats.isEmpty())
        return error(QStringLiteral("chat_ids"), ChannelChecks::tr("{chat_ids}: at least one chat id is required"));
    for (const QString& id : chats) {
        if (!chat.match(id).hasMatch())
            return error(QStringLiteral("chat_ids"),
                ChannelChecks::tr(
                    "{chat_ids}: '%1' is not a chat id (a number such as -1001234567890, or @channelname)")
                    .arg(quoted(id)));
    }
    return checkOptionalUrl(c, QStringLiteral("api_base"));
}

// What the Twilio kinds share: the account, its token, the caller and the numbers to reach.
// A call needs a phone number to call from; a message may come from an alphanumeric sender id.
Check validateTwilio(const ChannelConfig& c, const SecretMap& s, bool senderIdAllowed)
{
    static const QRegularExpression sid(QStringLiteral("^AC[0-9a-fA-F]{32}$"));
    static const QRegularExpression e164(QStringLiteral("^\\+[1-9][0-9]{6,14}$"));
    static const QRegularExpression senderId(QStringLiteral("^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$"));
    const QString accountSid = c.settings.value(QStringLiteral("account_sid")).toString();
    if (accountSid.isEmpty())
        return error(QStringLiteral("account_sid"), ChannelChecks::tr("{account_sid} is required"));
    if (!sid.match(accountSid).hasMatch())
        return error(QStringLiteral("account_sid"),
            ChannelChecks::tr("{account_sid} must be AC followed by 32 hexadecimal digits"));
    const QString token = s.value(QStringLiteral("auth_token"));
    if (token.isEmpty())
        return error(QStringLiteral("auth_token"), ChannelChecks::tr("{auth_token} is required"));
    if (hasSpace(token))
        return error(QStringLiteral("auth_token"), ChannelChecks::tr("{auth_token} must not contain spaces"));
    const QString from = c.settings.value(QStringLiteral("from")).toString();
    if (from.isEmpty())
        return error(QStringLiteral("from"), ChannelChecks::tr("{from} is required"));
    if (!senderIdAllowed && !e164.match(from).hasMatch())
        return error(QStringLiteral("from"),
            ChannelChecks::tr("{from} '%1' is not an E.164 number such as +15551234567").arg(quoted(from)));
    if (!e164.match(from).hasMatch() && !senderId.match(from).hasMatch())
        return error(QStringLiteral("from"),
            ChannelChecks::tr("{from} '%1' is neither an E.164 number (+15551234567) nor an alphanumeric sender id")
                .arg(quoted(from)));
    const QStringList to = settingsList(c.settings, QStringLiteral("to"));
    if (to.isEmpty())
        return error(QStringLiteral("to"), ChannelChecks::tr("{to}: at least one recipient is required"));
    for (const QString& n : to) {
        if (!e164.match(n).hasMatch())
            return error(QStringLiteral("to"),
                ChannelChecks::tr("{to}: '%1' is not an E.164 number such as +15551234567").arg(quoted(n)));
    }
    return std::nullopt;
}

Check validateSms(const ChannelConfig& c, const SecretMap& s)
{
    if (auto e = validateTwilio(c, s, true))
        return e;
    if (c.settings.contains(QStringLiteral("max_segments"))) {
        const int m = c.settings.value(QStringLiteral("max_segments")).toInt(-1);
        if (m < 1 || m > SmsLimits::maxSegments)
            return error(QStringLiteral("max_segments"),
                ChannelChecks::tr("{max_segments} must be between 1 and %1").arg(SmsLimits::maxSegments));
    }
    return checkOptionalUrl(c, QStringLiteral("api_base"));
}

Check validateVoice(const ChannelConfig& c, const SecretMap& s)
{
    static const QRegularExpression voice(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    static const QRegularExpression language(QStringLiteral("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"));
    if (auto e = validateTwilio(c, s, false))
        return e;
    if (c.settings.contains(QStringLiteral("repeat"))) {
        const int r = c.settings.value(QStringLiteral("repeat")).toInt(-1);
        if (r < 1 || r > VoiceLimits::maxRepeat)
            return error(QStringLiteral("repeat"),
                ChannelChecks::tr("{repeat} must be between 1 and %1").arg(VoiceLimits::maxRepeat));
    }
    if (c.settings.contains(QStringLiteral("voice"))
        && !voice.match(c.settings.value(QStringLiteral("voice")).toString()).hasMatch())
        return error(QStringLiteral("voice"),
            ChannelChecks::tr("{voice} '%1' is not a Twilio voice name such as Polly.Joanna")
                .arg(quoted(c.settings.value(QStringLiteral("voice")).toString())));
    if (c.settings.contains(QStringLiteral("language"))
        && !language.match(c.settings.value(QStringLiteral("language")).toString()).hasMatch())
        return error(QStringLiteral("language"),
            ChannelChecks::tr("{language} '%1' is not a language tag such as en-US")
                .arg(quoted(c.settings.value(QStringLiteral("language")).toString())));
    return checkOptionalUrl(c, QStringLiteral("api_base"));
}

Check validateNtfy(const ChannelConfig& c, const SecretMap& s)
{
    // ntfy's own rule for topic names; the topic also goes into the URL of a subscription.
    static const QRegularExpression topic(QStringLiteral("^[-_A-Za-z0-9]{1,64}$"));
    const QString t = c.settings.value(QStringLiteral("topic")).toString();
    if (t.isEmpty())
        return error(QStringLiteral("topic"), ChannelChecks::tr("{topic} is required"));
    if (!topic.match(t).hasMatch())
        return error(QStringLiteral("topic"),
            ChannelChecks::tr("{topic} '%1' may hold only letters, digits, - and _ (at most 64)").arg(quoted(t)));
    if (auto e = checkOptionalUrl(c, QStringLiteral("server")))
        return e;
    const QString token = s.value(QStringLiteral("token"));
    const QString user = c.settings.value(QStringLiteral("user")).toString();
    const QString password = s.value(QStringLiteral("password"));
    if (!token.isEmpty() && (!user.isEmpty() || !password.isEmpty()))
        return error(
            QStringLiteral("token"), ChannelChecks::tr("give either {token} or {user} with {password}, not both"));
    if (hasSpace(token))
        return error(QStringLiteral("token"), ChannelChecks::tr("{token} must not contain spaces"));
    if (!user.isEmpty() && password.isEmpty())
        return error(QStringLiteral("password"), ChannelChecks::tr("{password} is required with {user}"));
    if (user.isEmpty() && !password.isEmpty())
        return error(QStringLiteral("user"), ChannelChecks::tr("{user} is required with {password}"));
    if (user.contains(QLatin1Char(':')))
        return error(QStringLiteral("user"), ChannelChecks::tr("{user} must not contain ':'"));
    return std::nullopt;
}

Check validatePushover(const ChannelConfig& c, const SecretMap& s)
{
    // Pushover's user, group and application keys are 30 letters and digits.
    static const QRegularExpression key(QStringLiteral("^[A-Za-z0-9]{30}$"));
    static const QRegularExpression device(QStringLiteral("^[A-Za-z0-9_-]{1,25}$"));
    static const QRegularExpression sound(QStringLiteral("^[A-Za-z0-9_-]{1,20}$"));
    for (const char* field : { "user_key", "app_token" }) {
        const QString f = QString::fromLatin1(field);
        if (s.value(f).isEmpty())
            return error(f, ChannelChecks::tr("{%1} is required").arg(f));
        if (!key.match(s.value(f)).hasMatch())
            return error(f, ChannelChecks::tr("{%1} must be the 30 letters and digits Pushover shows").arg(f));
    }
    for (const QString& d : settingsList(c.settings, QStringLiteral("devices"))) {
        if (!device.match(d).hasMatch())
            return error(QStringLiteral("devices"),
                ChannelChecks::tr("{devices}: '%1' is not a device name (letters, digits, - and _, at most 25)")
                    .arg(quoted(d)));
    }
    if (c.settings.contains(QStringLiteral("sound"))
        && !sound.match(c.settings.value(QStringLiteral("sound")).toString()).hasMatch())
        return error(QStringLiteral("sound"),
            ChannelChecks::tr("{sound} '%1' is not a sound name such as siren")
                .arg(quoted(c.settings.value(QStringLiteral("sound")).toString())));
    const int retry = c.settings.value(QStringLiteral("retry")).toInt(PushoverLimits::defaultRetry);
    if (retry < PushoverLimits::minRetry)
        return error(QStringLiteral("retry"),
            ChannelChecks::tr("{retry} must be at least %1 seconds").arg(PushoverLimits::minRetry));
    const int expire = c.settings.value(QStringLiteral("expire")).toInt(PushoverLimits::defaultExpire);
    if (expire < retry || expire > PushoverLimits::maxExpire)
        return error(QStringLiteral("expire"),
            ChannelChecks::tr("{expire} must be from {retry} to %1 seconds").arg(PushoverLimits::maxExpire));
    return checkOptionalUrl(c, QStringLiteral("api_base"));
}

Check validateTeams(const ChannelConfig&, const SecretMap& s)
{
    return httpUrlError(
        QStringLiteral("webhook_url"), s.value(QStringLiteral("webhook_url")), UrlSchemes::HttpsUnlessLocal);
}

Check validatePagerDuty(const ChannelConfig& c, const SecretMap& s)
{
    static const QRegularExpression key(QStringLiteral("^[A-Za-z0-9]{32}$"));
    const QString k = s.value(QStringLiteral("routing_key"));
    if (k.isEmpty())
        return error(QStringLiteral("routing_key"), ChannelChecks::tr("{routing_key} is required"));
    if (!key.match(k).hasMatch())
        return error(QStringLiteral("routing_key"),
            ChannelChecks::tr("{routing_key} must be the 32 letters and digits of an Events API v2 integration key"));
    if (c.settings.contains(QStringLiteral("source"))) {
        const QString source = c.settings.value(QStringLiteral("source")).toString();
        if (source.trimmed().isEmpty() || source.size() > 255)
            return error(QStringLiteral("source"), ChannelChecks::tr("{source} must be 1 to 255 characters"));
    }
    return checkOptionalUrl(c, QStringLiteral("api_base"));
}

Check validateAlertmanager(const ChannelConfig& c, const SecretMap& s)
{
    const QStringList urls = settingsList(c.settings, QStringLiteral("urls"));
    if (urls.isEmpty())
        return error(QStringLiteral("urls"), ChannelChecks::tr("{urls}: give the URL of at least one cluster peer"));
    for (int i = 0; i < urls.size(); ++i) {
        const QString field = QStringLiteral("urls[%1]").arg(i + 1);
        if (auto e = httpUrlError(field, urls[i]))
            return e;
        // The URLs are settings, stored in plain text: credentials belong in the keychain.
        if (!QUrl(urls[i]).userInfo().isEmpty())
            return error(
                field, ChannelChecks::tr("{%1} must not carry a user or password: use {basic_auth}").arg(field));
    }
    const QString basic = s.value(QStringLiteral("basic_auth"));
    if (!basic.isEmpty() && !basic.contains(QLatin1Char(':')))
        return error(QStringLiteral("basic_auth"), ChannelChecks::tr("{basic_auth} must look like USER:PASSWORD"));
    if (!basic.isEmpty() && !s.value(QStringLiteral("bearer_token")).isEmpty())
        return error(
            QStringLiteral("bearer_token"), ChannelChecks::tr("{basic_auth} and {bearer_token} cannot both be given"));
    if (hasSpace(s.value(QStringLiteral("bearer_token"))))
        return error(QStringLiteral("bearer_token"), ChannelChecks::tr("{bearer_token} must not contain spaces"));
    const qint64 resend = AlertmanagerChannel::resendIntervalMs(c);
    // Alertmanager resolves an alert not repeated within its resolve_timeout (5 minutes by default).
    if (resend < 1000 || resend > 5LL * 60 * 1000)
        return error(QStringLiteral("resend_interval"),
            ChannelChecks::tr("{resend_interval} must be a duration from 1s to 5m (such as 60s)"));
    return std::nullopt;
}

// The HTTP kinds' own checks, after the check of their optional ca_file.
std::function<Check(const ChannelConfig&, const SecretMap&)> withCaFile(
    Check (*validate)(const ChannelConfig&, const SecretMap&))
{
    return [validate](const ChannelConfig& c, const SecretMap& s) -> Check {
        if (auto e = caFileError(c.settings, QStringLiteral("{ca_file}")))
            return e;
        return validate(c, s);
    };
}
} // namespace

const QList<ChannelKindInfo>& channelKinds()
{
    static const QList<ChannelKindInfo> kinds {
        { QString::fromLatin1(WebhookChannel::kKind), QStringLiteral("Webhook"),
            { QStringLiteral("url"), QStringLiteral("headers"), QStringLiteral("hmac_secret") },
            { QStringLiteral("url") }, withCaFile(validateWebhook),
            [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
                return std::make_unique<WebhookChannel>(c, s, env);
            } },
        { QString::fromLatin1(EmailChannel::kKind), QStringLiteral("Email"),
            { QStringLiteral("password"), QStringLiteral("oauth_token") }, {},
            [](const ChannelConfig& c, const SecretMap& s) { return emailChannelError(c.settings, s, false); },
            [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
                return std::make_unique<EmailChannel>(c, s, env);
            } },
        { QString::fromLatin1(DesktopChannel::kKind), QStringLiteral("Desktop"), {}, {},
            [](const ChannelConfig&, const SecretMap&) -> std::optional<FieldError> { return std::nullopt; },
            [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
                return std::make_unique<DesktopChannel>(c, s, env);
            } },
        { QString::fromLatin1(SlackChannel::kKind), QStringLiteral("Slack"),
            { QStringLiteral("webhook_urls"), QStringLiteral("bot_token") }, {}, withCaFile(validateSlack),
            [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
                return std::make_unique<SlackChannel>(c, s, env);
            } },
        { QString::fromLatin1(DiscordChannel::kKind), QStringLiteral("Discord"), { QStringLiteral("webhook_urls") },
            { QStringLiteral("webhook_urls") }, withCaFile(validateDiscord),
            [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
                return std::make_unique<DiscordChannel>(c, s, env);
            } },
        { QString::fromLatin1(TelegramChannel::kKind), QStringLiteral("Telegram"), { QStringLiteral("bot_token") },
            { QStringLiteral("bot_token") }, withCaFile(validateTelegram),
            [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
                return std::make_unique<TelegramChannel>(c, s, env);
            } },
        { QString::fromLatin1(SmsChannel::kKind), QStringLiteral("SMS (Twilio)"), { QStringLiteral("auth_token") },
            { QStringLiteral("auth_token") }, withCaFile(validateSms),
            [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
                return std::make_unique<SmsChannel>(c, s, env);
            } },
        { QString::fromLatin1(VoiceChannel::kKind), QStringLiteral("Voice call (Twilio)"),
            { QStringLiteral("auth_token") }, { QStringLiteral("auth_token") }, withCaFile(validateVoice),
            [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
                return std::make_unique<VoiceChannel>(c, s, env);
            } },
        { QString::fromLatin1(NtfyChannel::kKind), QStringLiteral("ntfy"),
            { QStringLiteral("token"), QStringLiteral("password") }, {}, withCaFile(validateNtfy),
            [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
                return std::make_unique<NtfyChannel>(c, s, env);
            } },
        { QString::fromLatin1(PushoverChannel::kKind), QStringLiteral("Pushover"),
            { QStringLiteral("user_key"), QStringLiteral("app_token") },
            { QStringLiteral("user_key"), QStringLiteral("app_token") }, withCaFile(validatePushover),
            [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
                return std::make_unique<PushoverChannel>(c, s, env);
            } },
        { QString::fromLatin1(TeamsChannel::kKind), QStringLiteral("Microsoft Teams"),
            { QStringLiteral("webhook_url") }, { QStringLiteral("webhook_url") }, withCaFile(validateTeams),
            [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
                return std::make_unique<TeamsChannel>(c, s, env);
            } },
        { QString::fromLatin1(PagerDutyChannel::kKind), QStringLiteral("PagerDuty"), { QStringLiteral("routing_key") },
            { QStringLiteral("routing_key") }, withCaFile(validatePagerDuty),
            [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
                return std::make_unique<PagerDutyChannel>(c, s, env);
            } },
        { QString::fromLatin1(AlertmanagerChannel::kKind), QStringLiteral("Alertmanager"),
            { QStringLiteral("basic_auth"), QStringLiteral("bearer_token") }, {}, withCaFile(validateAlertmanager),
            [](const ChannelConfig& c, const SecretMap& s, ChannelEnv env) -> std::unique_ptr<Channel> {
                return std::make_unique<AlertmanagerChannel>(c, s, env);
            } },
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
