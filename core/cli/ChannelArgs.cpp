#include "ChannelArgs.h"

#include "CommandArgs.h"

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
            // The value may be a credential: never echo it.
            return QStringLiteral("--header must look like Name:Value (one of them has no name before a ':')");
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
