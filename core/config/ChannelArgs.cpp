// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ChannelArgs.h"

#include "CommandArgs.h"
#include "channels/ChannelRegistry.h"
#include "channels/EmailChannel.h"
#include "channels/PayloadText.h"
#include "util/Duration.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace alertdesk {

namespace {
using Check = std::optional<FieldError>;

// The builders' messages name options as {--option}: the command line shows them so, a form
// by its labels.
class ChannelArgs final {
    Q_DECLARE_TR_FUNCTIONS(ChannelArgs)
};

Check error(const char* option, const QString& message)
{
    return FieldError { QString::fromLatin1(option), message };
}

// --rate-per-second and --rate-burst, the same on every channel kind.
Check readCommonOptions(const CommandArgs& a, QJsonObject& settings)
{
    if (a.has(QStringLiteral("rate-per-second"))) {
        bool ok = false;
        const double r = a.value(QStringLiteral("rate-per-second")).toDouble(&ok);
        if (!ok || r < 0)
            return error("rate-per-second", ChannelArgs::tr("{--rate-per-second} must be a number >= 0"));
        settings.insert(QStringLiteral("rate_per_second"), r);
    }
    if (a.has(QStringLiteral("rate-burst"))) {
        bool ok = false;
        const int b = a.value(QStringLiteral("rate-burst")).toInt(&ok);
        if (!ok || b < 1)
            return error("rate-burst", ChannelArgs::tr("{--rate-burst} must be a whole number >= 1"));
        settings.insert(QStringLiteral("rate_burst"), b);
    }
    if (a.has(QStringLiteral("ca-file"))) {
        const QString path = a.value(QStringLiteral("ca-file"));
        settings.insert(QStringLiteral("ca_file"), path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath());
    }
    return std::nullopt;
}

Check buildWebhook(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
{
    secrets.insert(QStringLiteral("url"), a.value(QStringLiteral("url")));
    QJsonObject headers;
    QJsonArray headerNames;
    for (const QString& h : a.values(QStringLiteral("header"))) {
        const qsizetype colon = h.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            // The value may be a credential: never echo it.
            return error("header",
                ChannelArgs::tr("{--header} must look like Name:Value (one of them has no name before a ':')"));
        const QString name = h.left(colon).trimmed();
        headers.insert(name, h.mid(colon + 1).trimmed());
        headerNames.append(name);
    }
    if (!headers.isEmpty()) {
        secrets.insert(
            QStringLiteral("headers"), QString::fromUtf8(QJsonDocument(headers).toJson(QJsonDocument::Compact)));
        settings.insert(QStringLiteral("header_names"), headerNames);
    }
    if (a.has(QStringLiteral("hmac-secret")))
        secrets.insert(QStringLiteral("hmac_secret"), a.value(QStringLiteral("hmac-secret")));
    return readCommonOptions(a, settings);
}

// An http(s) URL option, checked as the kinds check their URLs.
Check checkUrlOption(const char* option, const QString& url, UrlSchemes schemes = UrlSchemes::HttpOrHttps)
{
    auto e = httpUrlError(QStringLiteral("--") + QString::fromLatin1(option), url, schemes);
    if (e)
        e->field = QString::fromLatin1(option);
    return e;
}

Check readApiBase(const CommandArgs& a, QJsonObject& settings)
{
    if (!a.has(QStringLiteral("api-base")))
        return std::nullopt;
    const QString base = a.value(QStringLiteral("api-base"));
    if (auto e = checkUrlOption("api-base", base))
        return e;
    settings.insert(QStringLiteral("api_base"), base);
    return std::nullopt;
}

Check required(const CommandArgs& a, const char* option)
{
    const QString o = QString::fromLatin1(option);
    if (!a.has(o) || a.value(o).isEmpty())
        return error(option, ChannelArgs::tr("{--%1} is required").arg(o));
    return std::nullopt;
}

// Slack, Discord and Teams webhook URLs: the URL is the secret, so https only.
Check readUrls(const CommandArgs& a, QStringList* urls)
{
    *urls = a.values(QStringLiteral("webhook-url"));
    for (const QString& u : std::as_const(*urls)) {
        if (auto e = checkUrlOption("webhook-url", u, UrlSchemes::HttpsUnlessLocal))
            return e;
    }
    return std::nullopt;
}

Check buildSlack(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
{
    QStringList urls;
    if (auto e = readUrls(a, &urls))
        return e;
    const QString token = a.value(QStringLiteral("bot-token"));
    const QStringList ids = a.values(QStringLiteral("channel-id"));
    if (urls.isEmpty() && token.isEmpty() && ids.isEmpty())
        return error(
            "webhook-url", ChannelArgs::tr("{--webhook-url}, or {--bot-token} with {--channel-id}, is required"));
    if (!token.isEmpty() && ids.isEmpty())
        return error("channel-id", ChannelArgs::tr("{--channel-id} is required with {--bot-token}"));
    if (token.isEmpty() && !ids.isEmpty())
        return error("bot-token", ChannelArgs::tr("{--bot-token} is required with {--channel-id}"));
    if (!urls.isEmpty())
        secrets.insert(QStringLiteral("webhook_urls"), encodeSecretList(urls));
    if (!token.isEmpty()) {
        secrets.insert(QStringLiteral("bot_token"), token);
        settings.insert(QStringLiteral("channel_ids"), QJsonArray::fromStringList(ids));
    }
    if (auto e = readApiBase(a, settings))
        return e;
    return readCommonOptions(a, settings);
}

Check buildDiscord(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
{
    if (auto e = required(a, "webhook-url"))
        return e;
    QStringList urls;
    if (auto e = readUrls(a, &urls))
        return e;
    secrets.insert(QStringLiteral("webhook_urls"), encodeSecretList(urls));
    return readCommonOptions(a, settings);
}

Check buildTelegram(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
{
    for (const char* option : { "bot-token", "chat-id" }) {
        if (auto e = required(a, option))
            return e;
    }
    secrets.insert(QStringLiteral("bot_token"), a.value(QStringLiteral("bot-token")));
    settings.insert(QStringLiteral("chat_ids"), QJsonArray::fromStringList(a.values(QStringLiteral("chat-id"))));
    if (auto e = readApiBase(a, settings))
        return e;
    return readCommonOptions(a, settings);
}

Check buildSms(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
{
    for (const char* option : { "account-sid", "auth-token", "from", "to" }) {
        if (auto e = required(a, option))
            return e;
    }
    settings.insert(QStringLiteral("account_sid"), a.value(QStringLiteral("account-sid")));
    settings.insert(QStringLiteral("from"), a.value(QStringLiteral("from")));
    settings.insert(QStringLiteral("to"), QJsonArray::fromStringList(a.values(QStringLiteral("to"))));
    secrets.insert(QStringLiteral("auth_token"), a.value(QStringLiteral("auth-token")));
    if (a.has(QStringLiteral("max-segments"))) {
        bool ok = false;
        const int m = a.value(QStringLiteral("max-segments")).toInt(&ok);
        if (!ok || m < 1 || m > 10)
            return error("max-segments", ChannelArgs::tr("{--max-segments} must be a whole number from 1 to 10"));
        settings.insert(QStringLiteral("max_segments"), m);
    }
    if (auto e = readApiBase(a, settings))
        return e;
    return readCommonOptions(a, settings);
}

// A whole-number option within [lo, hi], stored under key.
Check readInt(const CommandArgs& a, const char* option, int lo, int hi, const QString& key, QJsonObject& settings)
{
    const QString o = QString::fromLatin1(option);
    if (!a.has(o))
        return std::nullopt;
    bool ok = false;
    const int v = a.value(o).toInt(&ok);
    if (!ok || v < lo || v > hi)
        return error(option, ChannelArgs::tr("{--%1} must be a whole number from %2 to %3").arg(o).arg(lo).arg(hi));
    settings.insert(key, v);
    return std::nullopt;
}

Check buildVoice(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
{
    for (const char* option : { "account-sid", "auth-token", "from", "to" }) {
        if (auto e = required(a, option))
            return e;
    }
    settings.insert(QStringLiteral("account_sid"), a.value(QStringLiteral("account-sid")));
    settings.insert(QStringLiteral("from"), a.value(QStringLiteral("from")));
    settings.insert(QStringLiteral("to"), QJsonArray::fromStringList(a.values(QStringLiteral("to"))));
    secrets.insert(QStringLiteral("auth_token"), a.value(QStringLiteral("auth-token")));
    for (const char* option : { "voice", "language" }) {
        if (a.has(QString::fromLatin1(option)) && !a.value(QString::fromLatin1(option)).isEmpty())
            settings.insert(QString::fromLatin1(option), a.value(QString::fromLatin1(option)));
    }
    if (auto e = readInt(a, "repeat", 1, 5, QStringLiteral("repeat"), settings))
        return e;
    if (auto e = readApiBase(a, settings))
        return e;
    return readCommonOptions(a, settings);
}

Check buildNtfy(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
{
    if (auto e = required(a, "topic"))
        return e;
    settings.insert(QStringLiteral("topic"), a.value(QStringLiteral("topic")));
    if (a.has(QStringLiteral("server"))) {
        const QString server = a.value(QStringLiteral("server"));
        if (auto e = checkUrlOption("server", server))
            return e;
        settings.insert(QStringLiteral("server"), server);
    }
    const bool token = a.has(QStringLiteral("token")) && !a.value(QStringLiteral("token")).isEmpty();
    const bool user = a.has(QStringLiteral("user")) && !a.value(QStringLiteral("user")).isEmpty();
    const bool password = a.has(QStringLiteral("password")) && !a.value(QStringLiteral("password")).isEmpty();
    if (token && (user || password))
        return error("token", ChannelArgs::tr("give either {--token} or {--user} with {--password}, not both"));
    if (user != password)
        return error(user ? "password" : "user", ChannelArgs::tr("{--user} and {--password} go together"));
    if (token)
        secrets.insert(QStringLiteral("token"), a.value(QStringLiteral("token")));
    if (user) {
        settings.insert(QStringLiteral("user"), a.value(QStringLiteral("user")));
        secrets.insert(QStringLiteral("password"), a.value(QStringLiteral("password")));
    }
    return readCommonOptions(a, settings);
}

Check buildPushover(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
{
    for (const char* option : { "user-key", "app-token" }) {
        if (auto e = required(a, option))
            return e;
    }
    secrets.insert(QStringLiteral("user_key"), a.value(QStringLiteral("user-key")));
    secrets.insert(QStringLiteral("app_token"), a.value(QStringLiteral("app-token")));
    if (const QStringList devices = a.values(QStringLiteral("device")); !devices.isEmpty())
        settings.insert(QStringLiteral("devices"), QJsonArray::fromStringList(devices));
    if (a.has(QStringLiteral("sound")) && !a.value(QStringLiteral("sound")).isEmpty())
        settings.insert(QStringLiteral("sound"), a.value(QStringLiteral("sound")));
    if (auto e = readInt(a, "retry", 30, 10800, QStringLiteral("retry"), settings))
        return e;
    if (auto e = readInt(a, "expire", 30, 10800, QStringLiteral("expire"), settings))
        return e;
    if (a.has(QStringLiteral("html"))) {
        const QString h = a.value(QStringLiteral("html")).toLower();
        if (h != QLatin1String("true") && h != QLatin1String("false"))
            return error("html", ChannelArgs::tr("{--html} must be true or false"));
        settings.insert(QStringLiteral("html"), h == QLatin1String("true"));
    }
    if (auto e = readApiBase(a, settings))
        return e;
    return readCommonOptions(a, settings);
}

Check buildTeams(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
{
    if (auto e = required(a, "webhook-url"))
        return e;
    QStringList urls;
    if (auto e = readUrls(a, &urls))
        return e;
    if (urls.size() > 1)
        return error("webhook-url",
            ChannelArgs::tr(
                "{--webhook-url}: a Teams channel has one webhook URL (add another channel for another one)"));
    secrets.insert(QStringLiteral("webhook_url"), urls.first());
    return readCommonOptions(a, settings);
}

Check buildPagerDuty(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
{
    if (auto e = required(a, "routing-key"))
        return e;
    secrets.insert(QStringLiteral("routing_key"), a.value(QStringLiteral("routing-key")));
    if (a.has(QStringLiteral("source")))
        settings.insert(QStringLiteral("source"), a.value(QStringLiteral("source")));
    if (auto e = readApiBase(a, settings))
        return e;
    return readCommonOptions(a, settings);
}

Check buildAlertmanager(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
{
    if (auto e = required(a, "url"))
        return e;
    const QStringList urls = a.values(QStringLiteral("url"));
    for (const QString& u : urls) {
        if (auto e = checkUrlOption("url", u))
            return e;
    }
    settings.insert(QStringLiteral("urls"), QJsonArray::fromStringList(urls));
    if (a.has(QStringLiteral("basic-auth")))
        secrets.insert(QStringLiteral("basic_auth"), a.value(QStringLiteral("basic-auth")));
    if (a.has(QStringLiteral("bearer-token")))
        secrets.insert(QStringLiteral("bearer_token"), a.value(QStringLiteral("bearer-token")));
    if (a.has(QStringLiteral("resend-interval"))) {
        QString why;
        if (!parseDuration(a.value(QStringLiteral("resend-interval")), &why))
            return error("resend-interval", ChannelArgs::tr("{--resend-interval}: %1").arg(why));
        settings.insert(QStringLiteral("resend_interval"), a.value(QStringLiteral("resend-interval")));
    }
    for (const char* option : { "instance", "created-by" }) {
        const QString o = QString::fromLatin1(option);
        if (a.has(o)) {
            QString key = o;
            settings.insert(key.replace(QLatin1Char('-'), QLatin1Char('_')), a.value(o));
        }
    }
    return readCommonOptions(a, settings);
}

Check buildEmail(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
{
    auto has = [&a](const char* option) { return a.has(QString::fromLatin1(option)); };
    auto value = [&a](const char* option) { return a.value(QString::fromLatin1(option)); };
    settings.insert(QStringLiteral("smtp_host"), value("smtp-host"));
    if (has("security"))
        settings.insert(QStringLiteral("security"), value("security").toLower());
    if (has("smtp-port")) {
        bool ok = false;
        const int port = value("smtp-port").toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return error("smtp-port",
                ChannelArgs::tr("{--smtp-port} must be a number from 1 to 65535, not '%1'")
                    .arg(FieldError::literal(value("smtp-port"))));
        settings.insert(QStringLiteral("smtp_port"), port);
    } else if (const auto security = smtpSecurityFromString(value("security"))) {
        settings.insert(QStringLiteral("smtp_port"), defaultSmtpPort(*security));
    }
    if (has("username"))
        settings.insert(QStringLiteral("username"), value("username"));
    if (has("password"))
        secrets.insert(QStringLiteral("password"), value("password"));
    if (has("oauth-token"))
        secrets.insert(QStringLiteral("oauth_token"), value("oauth-token"));
    if (has("auth"))
        settings.insert(QStringLiteral("auth"), value("auth").toLower());

    QString from = value("from");
    if (has("from-name")) {
        QString parseError;
        const auto parsed = parseMailbox(from, &parseError);
        if (parsed && !parsed->displayName.isEmpty())
            return error("from-name",
                ChannelArgs::tr("give the display name either in {--from} or with {--from-name}, not both"));
        QString name = value("from-name");
        name.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
        from = QStringLiteral("\"%1\" <%2>").arg(name, parsed ? parsed->address : from);
    }
    if (has("from"))
        settings.insert(QStringLiteral("from"), from);
    QJsonArray to;
    for (const QString& v : a.values(QStringLiteral("to"))) {
        for (const QString& addr : v.split(QLatin1Char(','))) {
            if (!addr.trimmed().isEmpty())
                to.append(addr.trimmed());
        }
    }
    if (!to.isEmpty())
        settings.insert(QStringLiteral("to"), to);
    if (auto e = readCommonOptions(a, settings))
        return e;
    return emailChannelError(settings, secrets, true);
}

} // namespace

const QList<ChannelArgSpec>& channelArgSpecs()
{
    static const QList<ChannelArgSpec> specs {
        { QStringLiteral("webhook"),
            QStringLiteral("channel add webhook NAME --url URL [--header K:V]... [--hmac-secret S] [--rate-per-second "
                           "R] [--ca-file PEM]"),
            { QStringLiteral("url"), QStringLiteral("header"), QStringLiteral("hmac-secret"),
                QStringLiteral("rate-per-second"), QStringLiteral("rate-burst"), QStringLiteral("ca-file") },
            {}, { QStringLiteral("url"), QStringLiteral("hmac-secret") }, buildWebhook },
        { QStringLiteral("slack"),
            QStringLiteral("channel add slack NAME (--webhook-url URL ... | --bot-token T --channel-id C ...) "
                           "[--api-base URL] [--ca-file PEM]"),
            { QStringLiteral("webhook-url"), QStringLiteral("bot-token"), QStringLiteral("channel-id"),
                QStringLiteral("api-base"), QStringLiteral("rate-per-second"), QStringLiteral("rate-burst"),
                QStringLiteral("ca-file") },
            {}, { QStringLiteral("webhook-url"), QStringLiteral("bot-token") }, buildSlack },
        { QStringLiteral("discord"), QStringLiteral("channel add discord NAME --webhook-url URL ... [--ca-file PEM]"),
            { QStringLiteral("webhook-url"), QStringLiteral("rate-per-second"), QStringLiteral("rate-burst"),
                QStringLiteral("ca-file") },
            {}, { QStringLiteral("webhook-url") }, buildDiscord },
        { QStringLiteral("telegram"),
            QStringLiteral("channel add telegram NAME --bot-token T --chat-id ID ... [--api-base URL] [--ca-file PEM]"),
            { QStringLiteral("bot-token"), QStringLiteral("chat-id"), QStringLiteral("api-base"),
                QStringLiteral("rate-per-second"), QStringLiteral("rate-burst"), QStringLiteral("ca-file") },
            {}, { QStringLiteral("bot-token") }, buildTelegram },
        { QStringLiteral("sms"),
            QStringLiteral("channel add sms NAME --account-sid SID --auth-token T --from NUM --to NUM ... [--api-base "
                           "URL] [--max-segments N] [--ca-file PEM]"),
            { QStringLiteral("account-sid"), QStringLiteral("auth-token"), QStringLiteral("from"), QStringLiteral("to"),
                QStringLiteral("api-base"), QStringLiteral("max-segments"), QStringLiteral("rate-per-second"),
                QStringLiteral("rate-burst"), QStringLiteral("ca-file") },
            {}, { QStringLiteral("auth-token") }, buildSms },
        { QStringLiteral("voice"),
            QStringLiteral(
                "channel add voice NAME --account-sid SID --auth-token T --from NUM --to NUM ... [--api-base "
                "URL] [--voice NAME] [--language TAG] [--repeat N] [--ca-file PEM]"),
            { QStringLiteral("account-sid"), QStringLiteral("auth-token"), QStringLiteral("from"), QStringLiteral("to"),
                QStringLiteral("api-base"), QStringLiteral("voice"), QStringLiteral("language"),
                QStringLiteral("repeat"), QStringLiteral("rate-per-second"), QStringLiteral("rate-burst"),
                QStringLiteral("ca-file") },
            {}, { QStringLiteral("auth-token") }, buildVoice },
        { QStringLiteral("ntfy"),
            QStringLiteral("channel add ntfy NAME --topic TOPIC [--server URL] [--token T | --user U --password P] "
                           "[--ca-file PEM]"),
            { QStringLiteral("topic"), QStringLiteral("server"), QStringLiteral("token"), QStringLiteral("user"),
                QStringLiteral("password"), QStringLiteral("rate-per-second"), QStringLiteral("rate-burst"),
                QStringLiteral("ca-file") },
            {}, { QStringLiteral("token"), QStringLiteral("password") }, buildNtfy },
        { QStringLiteral("pushover"),
            QStringLiteral("channel add pushover NAME --user-key KEY --app-token T [--device D]... [--sound S] "
                           "[--retry SEC] [--expire SEC] [--html true|false] [--api-base URL] [--ca-file PEM]"),
            { QStringLiteral("user-key"), QStringLiteral("app-token"), QStringLiteral("device"),
                QStringLiteral("sound"), QStringLiteral("retry"), QStringLiteral("expire"), QStringLiteral("html"),
                QStringLiteral("api-base"), QStringLiteral("rate-per-second"), QStringLiteral("rate-burst"),
                QStringLiteral("ca-file") },
            {}, { QStringLiteral("user-key"), QStringLiteral("app-token") }, buildPushover },
        { QStringLiteral("teams"), QStringLiteral("channel add teams NAME --webhook-url URL [--ca-file PEM]"),
            { QStringLiteral("webhook-url"), QStringLiteral("rate-per-second"), QStringLiteral("rate-burst"),
                QStringLiteral("ca-file") },
            {}, { QStringLiteral("webhook-url") }, buildTeams },
        { QStringLiteral("pagerduty"),
            QStringLiteral(
                "channel add pagerduty NAME --routing-key K [--api-base URL] [--source NAME] [--ca-file PEM]"),
            { QStringLiteral("routing-key"), QStringLiteral("api-base"), QStringLiteral("source"),
                QStringLiteral("rate-per-second"), QStringLiteral("rate-burst"), QStringLiteral("ca-file") },
            {}, { QStringLiteral("routing-key") }, buildPagerDuty },
        { QStringLiteral("alertmanager"),
            QStringLiteral("channel add alertmanager NAME --url URL [--url URL]... [--basic-auth USER:PASS | "
                           "--bearer-token T]\n"
                           "       [--resend-interval DURATION] [--instance NAME] [--created-by WHO] [--ca-file PEM]"),
            { QStringLiteral("url"), QStringLiteral("basic-auth"), QStringLiteral("bearer-token"),
                QStringLiteral("resend-interval"), QStringLiteral("instance"), QStringLiteral("created-by"),
                QStringLiteral("rate-per-second"), QStringLiteral("rate-burst"), QStringLiteral("ca-file") },
            {}, { QStringLiteral("basic-auth"), QStringLiteral("bearer-token") }, buildAlertmanager },
        { QStringLiteral("email"),
            QStringLiteral("channel add email NAME --smtp-host H [--smtp-port P] --security tls|starttls|none\n"
                           "       [--username U (--password P | --oauth-token T)] [--auth plain|login|xoauth2]\n"
                           "       --from ADDR [--from-name NAME] --to ADDR... [--ca-file PEM] [--rate-per-second R]"),
            { QStringLiteral("smtp-host"), QStringLiteral("smtp-port"), QStringLiteral("security"),
                QStringLiteral("username"), QStringLiteral("password"), QStringLiteral("oauth-token"),
                QStringLiteral("auth"), QStringLiteral("from"), QStringLiteral("from-name"), QStringLiteral("to"),
                QStringLiteral("ca-file"), QStringLiteral("rate-per-second") },
            {}, { QStringLiteral("password"), QStringLiteral("oauth-token") }, buildEmail },
        { QStringLiteral("desktop"),
            QStringLiteral("channel add desktop NAME         notifications on this computer (shown by the app)"), {},
            {}, {},
            [](const CommandArgs&, QJsonObject&, SecretMap&) -> std::optional<FieldError> { return std::nullopt; } },
    };
    return specs;
}

bool ChannelArgSpec::isRepeatable(const QString& option) const
{
    // Kept beside the table rather than in its rows: the builders read these with values().
    static const QHash<QString, QStringList> repeatable {
        { QStringLiteral("webhook"), { QStringLiteral("header") } },
        { QStringLiteral("slack"), { QStringLiteral("webhook-url"), QStringLiteral("channel-id") } },
        { QStringLiteral("discord"), { QStringLiteral("webhook-url") } },
        { QStringLiteral("telegram"), { QStringLiteral("chat-id") } },
        { QStringLiteral("sms"), { QStringLiteral("to") } },
        { QStringLiteral("voice"), { QStringLiteral("to") } },
        { QStringLiteral("pushover"), { QStringLiteral("device") } },
        { QStringLiteral("email"), { QStringLiteral("to") } },
        { QStringLiteral("alertmanager"), { QStringLiteral("url") } },
    };
    return repeatable.value(kind).contains(option);
}

QStringList ChannelArgSpec::choices(const QString& option) const
{
    if (kind == QLatin1String("email") && option == QLatin1String("security"))
        return { QStringLiteral("tls"), QStringLiteral("starttls"), QStringLiteral("none") };
    if (kind == QLatin1String("email") && option == QLatin1String("auth"))
        return { QStringLiteral("plain"), QStringLiteral("login"), QStringLiteral("xoauth2") };
    if (kind == QLatin1String("pushover") && option == QLatin1String("html"))
        return { QStringLiteral("false"), QStringLiteral("true") };
    return {};
}

const ChannelArgSpec* findChannelArgSpec(const QString& kind)
{
    for (const auto& s : channelArgSpecs()) {
        if (s.kind == kind)
            return &s;
    }
    return nullptr;
}

QString ChannelArgSpec::optionFor(const QString& name) const
{
    QString n = name;
    if (n.startsWith(QLatin1String("--")))
        n = n.mid(2);
    if (const qsizetype bracket = n.indexOf(QLatin1Char('[')); bracket > 0)
        n = n.left(bracket);
    n.replace(QLatin1Char('_'), QLatin1Char('-'));
    if (valueOptions.contains(n))
        return n;
    // Settings keep lists under a plural: chat_ids for --chat-id, webhook_urls for --webhook-url.
    if (n.endsWith(QLatin1Char('s')) && valueOptions.contains(n.chopped(1)))
        return n.chopped(1);
    if (n == QLatin1String("headers") && valueOptions.contains(QStringLiteral("header")))
        return QStringLiteral("header");
    return {};
}

std::optional<FieldError> checkChannelOptions(
    const QString& kind, const QMap<QString, QStringList>& options, QJsonObject* settings, SecretMap* secrets)
{
    const ChannelArgSpec* spec = findChannelArgSpec(kind);
    const ChannelKindInfo* info = findChannelKind(kind);
    if (!spec || !info)
        return FieldError { QString(), ChannelArgs::tr("unknown channel kind '%1'").arg(FieldError::literal(kind)) };
    CommandArgs args;
    for (auto it = options.begin(); it != options.end(); ++it) {
        if (!spec->valueOptions.contains(it.key()))
            return FieldError { it.key(),
                ChannelArgs::tr("a %1 channel has no option --%2").arg(kind, FieldError::literal(it.key())) };
        if (!it.value().isEmpty())
            args.setValues(it.key(), it.value());
    }
    QJsonObject s;
    SecretMap sec;
    if (auto e = spec->build(args, s, sec))
        return e;
    ChannelConfig c;
    c.kind = kind;
    c.settings = s;
    if (auto e = info->check(c, sec)) {
        // In the settings' words ({chat_ids}), but at the option that sets the field.
        e->field = spec->optionFor(e->field);
        return e;
    }
    *settings = s;
    *secrets = sec;
    return std::nullopt;
}

QString buildChannelFromOptions(
    const QString& kind, const QMap<QString, QStringList>& options, QJsonObject* settings, SecretMap* secrets)
{
    const auto e = checkChannelOptions(kind, options, settings, secrets);
    return e ? e->text() : QString();
}

QMap<QString, QStringList> channelOptionsFromConfig(
    const ChannelConfig& config, const SecretMap& secrets, QStringList* usedSettings)
{
    QMap<QString, QStringList> out;
    const ChannelArgSpec* spec = findChannelArgSpec(config.kind);
    if (!spec)
        return out;
    auto text = [](const QJsonValue& v) {
        if (v.isString())
            return v.toString();
        if (v.isDouble())
            return QString::number(v.toDouble(), 'g', 15);
        if (v.isBool())
            return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        return QString();
    };
    for (const QString& option : spec->valueOptions) {
        QString field = option;
        field.replace(QLatin1Char('-'), QLatin1Char('_'));
        const QStringList candidates { field, field + QLatin1Char('s') };
        QStringList values;
        bool found = false;
        for (const QString& key : candidates) {
            if (config.settings.contains(key)) {
                const QJsonValue v = config.settings.value(key);
                if (v.isArray()) {
                    for (const QJsonValue& e : v.toArray())
                        values << text(e);
                } else {
                    values << text(v);
                }
                if (usedSettings)
                    *usedSettings << key;
                found = true;
                break;
            }
            if (secrets.contains(key)) {
                const QString stored = secrets.value(key);
                const QJsonDocument doc = QJsonDocument::fromJson(stored.toUtf8());
                if (doc.isObject()) { // headers: {"Name": "value"} -> "Name: value" each
                    const QJsonObject o = doc.object();
                    for (auto it = o.begin(); it != o.end(); ++it)
                        values << it.key() + QStringLiteral(": ") + it.value().toString();
                } else if (spec->isRepeatable(option)) {
                    values = decodeSecretList(stored);
                } else {
                    values << stored;
                }
                found = true;
                break;
            }
        }
        if (found && !values.isEmpty())
            out.insert(option, values);
        // header -> header_names: a setting the builder derives from the option's values.
        if (usedSettings && config.settings.contains(field + QStringLiteral("_names")))
            *usedSettings << field + QStringLiteral("_names");
    }
    return out;
}

} // namespace alertdesk
