#include "ChannelArgs.h"

#include "CommandArgs.h"
#include "channels/EmailChannel.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace alertdesk {

namespace {
QString buildWebhook(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
{
    secrets.insert(QStringLiteral("url"), a.value(QStringLiteral("url")));
    QJsonObject headers;
    QJsonArray headerNames;
    for (const QString& h : a.values(QStringLiteral("header"))) {
        const qsizetype colon = h.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return QStringLiteral("--header '%1' must look like Name:Value").arg(h.left(40));
        const QString name = h.left(colon).trimmed();
        headers.insert(name, h.mid(colon + 1).trimmed());
        headerNames.append(name);
    }
    if (!headers.isEmpty()) {
        secrets.insert(QStringLiteral("headers"), QString::fromUtf8(QJsonDocument(headers).toJson(QJsonDocument::Compact)));
        settings.insert(QStringLiteral("header_names"), headerNames);
    }
    if (a.has(QStringLiteral("hmac-secret")))
        secrets.insert(QStringLiteral("hmac_secret"), a.value(QStringLiteral("hmac-secret")));
    if (a.has(QStringLiteral("rate-per-second"))) {
        bool ok = false;
        const double r = a.value(QStringLiteral("rate-per-second")).toDouble(&ok);
        if (!ok || r < 0)
            return QStringLiteral("--rate-per-second must be a number >= 0");
        settings.insert(QStringLiteral("rate_per_second"), r);
    }
    return {};
}
QString buildEmail(const CommandArgs& a, QJsonObject& settings, SecretMap& secrets)
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
            return QStringLiteral("--smtp-port must be a number from 1 to 65535, not '%1'").arg(value("smtp-port"));
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
        QString error;
        const auto parsed = parseMailbox(from, &error);
        if (parsed && !parsed->displayName.isEmpty())
            return QStringLiteral("give the display name either in --from or with --from-name, not both");
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
    if (has("ca-file"))
        settings.insert(QStringLiteral("ca_file"), value("ca-file").isEmpty() ? QString() : QFileInfo(value("ca-file")).absoluteFilePath());
    if (has("rate-per-second")) {
        bool ok = false;
        const double r = value("rate-per-second").toDouble(&ok);
        if (!ok || r < 0)
            return QStringLiteral("--rate-per-second must be a number >= 0");
        settings.insert(QStringLiteral("rate_per_second"), r);
    }
    return checkEmailChannel(settings, secrets, true);
}

} // namespace

const QList<ChannelArgSpec>& channelArgSpecs()
{
    static const QList<ChannelArgSpec> specs{
        {QStringLiteral("webhook"),
         QStringLiteral("channel add webhook NAME --url URL [--header K:V]... [--hmac-secret S] [--rate-per-second R]"),
         {QStringLiteral("url"), QStringLiteral("header"), QStringLiteral("hmac-secret"), QStringLiteral("rate-per-second")},
         {},
         {QStringLiteral("url"), QStringLiteral("hmac-secret")},
         buildWebhook},
        {QStringLiteral("email"),
         QStringLiteral("channel add email NAME --smtp-host H [--smtp-port P] --security tls|starttls|none\n"
                        "       [--username U (--password P | --oauth-token T)] [--auth plain|login|xoauth2]\n"
                        "       --from ADDR [--from-name NAME] --to ADDR... [--ca-file PEM] [--rate-per-second R]"),
         {QStringLiteral("smtp-host"), QStringLiteral("smtp-port"), QStringLiteral("security"), QStringLiteral("username"),
          QStringLiteral("password"), QStringLiteral("oauth-token"), QStringLiteral("auth"), QStringLiteral("from"),
          QStringLiteral("from-name"), QStringLiteral("to"), QStringLiteral("ca-file"), QStringLiteral("rate-per-second")},
         {},
         {QStringLiteral("password"), QStringLiteral("oauth-token")},
         buildEmail},
        {QStringLiteral("desktop"),
         QStringLiteral("channel add desktop NAME         notifications on this computer (shown by the app)"),
         {},
         {},
         {},
         [](const CommandArgs&, QJsonObject&, SecretMap&) { return QString(); }},
    };
    return specs;
}

const ChannelArgSpec* findChannelArgSpec(const QString& kind)
{
    for (const auto& s : channelArgSpecs()) {
        if (s.kind == kind)
            return &s;
    }
    return nullptr;
}

} // namespace alertdesk
