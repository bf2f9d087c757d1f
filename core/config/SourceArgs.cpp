// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "SourceArgs.h"

#include "config/Profile.h"
#include "model/AlertType.h"
#include "model/Priority.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

namespace alertdesk {

namespace {
class SourceArgs final {
    Q_DECLARE_TR_FUNCTIONS(SourceArgs)
};

FieldError error(const char* option, const QString& message)
{
    return { QString::fromLatin1(option), message };
}
} // namespace

QString ntfysource::usage()
{
    return QStringLiteral("source add ntfy NAME --topic T [--server URL] [--token T|-] [--type TYPE] "
                          "[--priority P] [--channel NAME]... [--disabled]");
}

const QStringList& ntfysource::valueOptions()
{
    static const QStringList options { QStringLiteral("topic"), QStringLiteral("server"), QStringLiteral("token"),
        QStringLiteral("type"), QStringLiteral("priority"), QStringLiteral("channel") };
    return options;
}

std::optional<FieldError> buildNtfySource(
    const QMap<QString, QStringList>& options, QJsonObject* settings, SecretMap* secrets)
{
    for (auto it = options.begin(); it != options.end(); ++it) {
        if (it.key() != QLatin1String("channel") && it.value().size() > 1)
            return FieldError { it.key(), SourceArgs::tr("{--%1} is given more than once").arg(it.key()) };
    }
    auto one = [&](const char* option) { return options.value(QString::fromLatin1(option)).value(0).trimmed(); };

    // ntfy's own rule for topic names (its server refuses others).
    static const QRegularExpression topicRe(QStringLiteral("^[-_A-Za-z0-9]{1,64}$"));
    const QString topic = one("topic");
    if (topic.isEmpty())
        return error("topic", SourceArgs::tr("{--topic} is required"));
    if (!topicRe.match(topic).hasMatch())
        return error("topic",
            SourceArgs::tr("{--topic} must be 1-64 letters, digits, '-' or '_' (ntfy's rule for topic names)"));

    QString server = one("server");
    if (server.isEmpty())
        server = ntfysource::kDefaultServer;
    while (server.endsWith(QLatin1Char('/')))
        server.chop(1);
    const QUrl url(server, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        || url.host().isEmpty() || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
        return error("server",
            SourceArgs::tr("{--server} must be an http:// or https:// address without a query or a login, "
                           "e.g. https://ntfy.sh"));

    QJsonObject out { { QStringLiteral("server"), server }, { QStringLiteral("topic"), topic } };
    if (const QString type = one("type"); !type.isEmpty()) {
        const auto t = alertTypeFromString(type);
        if (!t)
            return error(
                "type", SourceArgs::tr("{--type} must be one of %1").arg(alertTypeNames().join(QStringLiteral(", "))));
        out.insert(QStringLiteral("type"), alertTypeName(*t));
    }
    if (const QString priority = one("priority"); !priority.isEmpty()) {
        const auto p = priorityFromString(priority);
        if (!p)
            return error("priority",
                SourceArgs::tr("{--priority} must be one of %1").arg(priorityNames().join(QStringLiteral(", "))));
        out.insert(QStringLiteral("priority"), priorityName(*p));
    }
    QStringList channels;
    for (const QString& c : options.value(QStringLiteral("channel"))) {
        for (const QString& part : c.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString name = part.trimmed();
            if (!Profile::isValidChannelName(name))
                return error("channel",
                    SourceArgs::tr("{--channel}: '%1' is not a channel name").arg(FieldError::literal(name)));
            if (!channels.contains(name))
                channels << name;
        }
    }
    if (!channels.isEmpty())
        out.insert(QStringLiteral("channels"), QJsonArray::fromStringList(channels));

    const QString token = one("token");
    for (const QChar c : token) {
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return error("token", SourceArgs::tr("{--token} must not contain spaces or control characters"));
    }
    *settings = out;
    secrets->clear();
    if (!token.isEmpty())
        secrets->insert(QStringLiteral("token"), token);
    return std::nullopt;
}

QMap<QString, QStringList> ntfySourceOptions(const SourceConfig& config)
{
    QMap<QString, QStringList> out;
    const QJsonObject& s = config.settings;
    for (const char* key : { "server", "topic", "type", "priority" }) {
        const QString v = s.value(QLatin1String(key)).toString();
        if (!v.isEmpty())
            out.insert(QString::fromLatin1(key), { v });
    }
    QStringList channels;
    for (const QJsonValue& v : s.value(QStringLiteral("channels")).toArray())
        channels << v.toString();
    if (!channels.isEmpty())
        out.insert(QStringLiteral("channel"), channels);
    return out;
}

std::optional<FieldError> checkSourceName(const QString& name)
{
    if (Profile::isValidChannelName(name))
        return std::nullopt;
    return FieldError { QStringLiteral("name"),
        SourceArgs::tr("'%1' is not a valid source name: use 1-64 letters, digits, '_', '.' or '-', starting with a "
                       "letter or digit")
            .arg(FieldError::literal(name)) };
}

} // namespace alertdesk
