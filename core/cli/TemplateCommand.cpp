// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "channels/ChannelRegistry.h"
#include "config/CommandArgs.h"
#include "config/Profile.h"
#include "engine/Engine.h"
#include "policy/PolicyConfig.h"
#include "policy/Template.h"
#include "storage/AlertStore.h"
#include "storage/LifecycleStore.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace alertdesk {

// alertdesk-cli template preview

void TemplateCommand::execute(const QStringList& rest)
{
    const QString usageLine = QStringLiteral(
        "usage: template preview [--kind KIND] [--alert ID | --type T --data JSON] [--title TEXT] [--message TEXT]");
    if (rest.value(0) != QLatin1String("preview"))
        return fail(BadInput, usageLine);
    CommandArgs args;
    QString error;
    if (!args.parse(rest.mid(1),
            { QStringLiteral("kind"), QStringLiteral("alert"), QStringLiteral("type"), QStringLiteral("data"),
                QStringLiteral("title"), QStringLiteral("message") },
            {}, &error))
        return fail(BadInput, error + QLatin1Char('\n') + usageLine);
    if (!args.positional().isEmpty())
        return fail(BadInput, usageLine);
    if (args.has(QStringLiteral("alert")) && (args.has(QStringLiteral("type")) || args.has(QStringLiteral("data"))))
        return fail(BadInput, QStringLiteral("give --alert or --type/--data, not both"));
    const QString kind = args.value(QStringLiteral("kind"), QStringLiteral("webhook"));
    if (!findChannelKind(kind)) {
        QStringList kinds;
        for (const ChannelKindInfo& k : channelKinds())
            kinds << k.kind;
        return fail(BadInput,
            QStringLiteral("--kind '%1' is not a channel kind (kinds: %2)")
                .arg(kind, kinds.join(QStringLiteral(", "))));
    }

    // The template: given on the command line, or the profile's.
    std::optional<MessageTemplate> given;
    for (const char* part : { "title", "message" }) {
        const QString option = QString::fromLatin1(part);
        if (!args.has(option))
            continue;
        TemplateError te;
        auto t = Template::parse(args.value(option), &te);
        if (!t)
            return fail(BadInput, QStringLiteral("--%1: %2").arg(option, te.toString()));
        if (!given)
            given = MessageTemplate {};
        (option == QLatin1String("title") ? given->title : given->message) = *t;
    }
    if (!openEngine())
        return;
    Alert a;
    if (args.has(QStringLiteral("alert"))) {
        const QString id = args.value(QStringLiteral("alert"));
        auto found = m_engine->alerts().get(id);
        if (!found && id.size() >= 8) {
            const QStringList ids = m_engine->lifecycleStore().idsWithPrefix(id, 2);
            if (ids.size() == 1)
                found = m_engine->alerts().get(ids.first());
        }
        if (!found)
            return fail(BadInput, QStringLiteral("--alert: no alert with id '%1'").arg(id));
        a = *found;
    } else {
        a.id = newAlertId();
        a.type = AlertType::Price;
        if (args.has(QStringLiteral("type"))) {
            const auto t = alertTypeFromString(args.value(QStringLiteral("type")));
            if (!t)
                return fail(BadInput,
                    QStringLiteral("--type '%1' is not one of %2")
                        .arg(args.value(QStringLiteral("type")), alertTypeNames().join(QStringLiteral(", "))));
            a.type = *t;
        }
        a.priority = Priority::High;
        a.title = QStringLiteral("BTC above 100k");
        a.message = QStringLiteral("BTCUSDT crossed 100,000 on the 1m close");
        a.symbol = QStringLiteral("BTCUSDT");
        a.data = QJsonObject { { QStringLiteral("price"), 100250.5 }, { QStringLiteral("change_pct"), 3.2 } };
        if (args.has(QStringLiteral("data"))) {
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(args.value(QStringLiteral("data")).toUtf8(), &pe);
            if (pe.error != QJsonParseError::NoError || !doc.isObject())
                return fail(BadInput, QStringLiteral("--data must be a JSON object"));
            a.data = doc.object();
        }
        a.createdAt = a.updatedAt = m_engine->clock().now();
    }
    const MessageTemplate* t = given ? &*given : findTemplate(m_engine->profile().policies().templates, kind, a.type);
    QStringList errors;
    const Alert out = t ? applyTemplate(*t, a, &errors) : a;
    printJson(QJsonObject { { QStringLiteral("kind"), kind }, { QStringLiteral("type"), alertTypeName(a.type) },
        { QStringLiteral("template"),
            given   ? QJsonValue(QStringLiteral("given"))
                : t ? QJsonValue(QStringLiteral("profile"))
                    : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("title"), out.title }, { QStringLiteral("message"), out.message },
        { QStringLiteral("errors"), QJsonArray::fromStringList(errors) } });
    if (!errors.isEmpty())
        return fail(BadInput,
            QStringLiteral("the template cannot be rendered for this alert (%1); the default text "
                           "would be sent in its place")
                .arg(errors.join(QStringLiteral("; "))));
    done(Ok);
}

} // namespace alertdesk
