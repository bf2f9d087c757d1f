#include "Cli.h"

#include "CommandArgs.h"
#include "channels/ChannelRegistry.h"
#include "config/Profile.h"
#include "engine/AlertLifecycle.h"
#include "engine/Engine.h"
#include "policy/PolicyConfig.h"
#include "storage/AlertStore.h"
#include "storage/LifecycleStore.h"
#include "util/Clock.h"
#include "util/Duration.h"

#include <QFile>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

// The alert lifecycle and policy commands of alertdesk-cli: ack, snooze, resolve, policies,
// template preview.
namespace alertdesk {

// ---- ack, snooze, resolve -------------------------------------------------------------------

void Cli::cmdLifecycle(const QString& verb, const QStringList& rest)
{
    const bool snooze = verb == QLatin1String("snooze");
    const QString usageLine = snooze ? QStringLiteral("usage: snooze ID DURATION|--until TIME [--note TEXT]")
                                     : QStringLiteral("usage: %1 ID [--note TEXT]").arg(verb);
    CommandArgs args;
    QString error;
    QStringList options{QStringLiteral("note")};
    if (snooze)
        options << QStringLiteral("until");
    if (!args.parse(rest, options, {}, &error))
        return fail(BadInput, error + QLatin1Char('\n') + usageLine);
    const QStringList pos = args.positional();
    const int wanted = snooze && !args.has(QStringLiteral("until")) ? 2 : 1;
    if (pos.size() != wanted) {
        if (snooze && pos.size() == 2 && args.has(QStringLiteral("until")))
            return fail(BadInput, QStringLiteral("give a DURATION or --until TIME, not both\n") + usageLine);
        return fail(BadInput, usageLine);
    }
    const QString note = args.value(QStringLiteral("note"));
    qint64 durationMs = 0;
    std::optional<QDateTime> until;
    if (snooze) {
        if (args.has(QStringLiteral("until"))) {
            until = parseIsoDateTime(args.value(QStringLiteral("until")), &error);
            if (!until)
                return fail(BadInput, QStringLiteral("--until: ") + error);
        } else {
            const auto d = parseDuration(pos[1], &error);
            if (!d)
                return fail(BadInput, error);
            durationMs = *d;
        }
    }
    if (!openEngine())
        return;
    AlertLifecycle& lifecycle = m_engine->lifecycle();
    LifecycleResult r;
    if (verb == QLatin1String("ack"))
        r = lifecycle.acknowledge(pos[0], note, EventSource::CLI);
    else if (verb == QLatin1String("resolve"))
        r = lifecycle.resolve(pos[0], note, EventSource::CLI);
    else if (until)
        r = lifecycle.snoozeUntil(pos[0], until->toMSecsSinceEpoch(), note, EventSource::CLI);
    else
        r = lifecycle.snoozeFor(pos[0], durationMs, note, EventSource::CLI);
    if (!r.ok())
        return fail(r.status == LifecycleResult::Status::StorageError ? Failed : BadInput, r.message);
    printJson(r.toJson(), true);
    // Follow-ups (PagerDuty acknowledge/resolve) are in the outbox: the running instance
    // sends them, or the next flush/run.
    done(Ok);
}


// ---- policies -------------------------------------------------------------------------------

void Cli::cmdPolicies(const QStringList& rest)
{
    const QString sub = rest.value(0);
    const QString usageLine = QStringLiteral("usage: policies show | policies check FILE|- | policies set FILE|-");
    if (sub == QLatin1String("show") && rest.size() == 1) {
        if (!openEngine())
            return;
        printJson(m_engine->profile().policies().json);
        return done(Ok);
    }
    if ((sub != QLatin1String("check") && sub != QLatin1String("set")) || rest.size() != 2)
        return fail(BadInput, usageLine);
    QByteArray bytes;
    if (rest[1] == QLatin1String("-")) {
        if (!m_in || !m_in->isReadable())
            return fail(BadInput, QStringLiteral("standard input is not readable"));
        bytes = m_in->readAll();
    } else {
        QFile f(rest[1]);
        if (!f.open(QIODevice::ReadOnly))
            return fail(BadInput, QStringLiteral("cannot read %1: %2").arg(rest[1], f.errorString()));
        bytes = f.readAll();
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    if (pe.error != QJsonParseError::NoError)
        return fail(BadInput, QStringLiteral("not valid JSON at offset %1: %2").arg(pe.offset).arg(pe.errorString()));
    if (!doc.isObject())
        return fail(BadInput, QStringLiteral("the policies must be a JSON object"));
    // Either the section itself or a whole config.json with a "policies" member.
    QJsonObject policies = doc.object();
    if (policies.contains(QStringLiteral("policies")) && policies.value(QStringLiteral("policies")).isObject())
        policies = policies.value(QStringLiteral("policies")).toObject();
    FieldError fe;
    if (!PolicyConfig::fromJson(policies, &fe))
        return fail(BadInput, fe.toString());
    if (sub == QLatin1String("check")) {
        m_out << "policies are valid\n";
        return done(Ok);
    }
    if (!openEngine())
        return;
    QString error;
    if (!m_engine->profile().setPolicies(policies, &error))
        return fail(BadInput, error);
    if (!m_engine->profile().save(&error))
        return fail(Failed, error);
    m_out << "policies saved to " << m_engine->profile().configPath() << '\n';
    done(Ok);
}


// ---- template preview -----------------------------------------------------------------------

void Cli::cmdTemplate(const QStringList& rest)
{
    const QString usageLine = QStringLiteral(
        "usage: template preview [--kind KIND] [--alert ID | --type T --data JSON] [--title TEXT] [--message TEXT]");
    if (rest.value(0) != QLatin1String("preview"))
        return fail(BadInput, usageLine);
    CommandArgs args;
    QString error;
    if (!args.parse(rest.mid(1),
                    {QStringLiteral("kind"), QStringLiteral("alert"), QStringLiteral("type"), QStringLiteral("data"),
                     QStringLiteral("title"), QStringLiteral("message")},
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
    for (const char* part : {"title", "message"}) {
        const QString option = QString::fromLatin1(part);
        if (!args.has(option))
            continue;
        TemplateError te;
        auto t = Template::parse(args.value(option), &te);
        if (!t)
            return fail(BadInput, QStringLiteral("--%1: %2").arg(option, te.toString()));
        if (!given)
            given = MessageTemplate{};
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
                return fail(BadInput, QStringLiteral("--type '%1' is not one of %2")
                                          .arg(args.value(QStringLiteral("type")), alertTypeNames().join(QStringLiteral(", "))));
            a.type = *t;
        }
        a.priority = Priority::High;
        a.title = QStringLiteral("BTC above 100k");
        a.message = QStringLiteral("BTCUSDT crossed 100,000 on the 1m close");
        a.symbol = QStringLiteral("BTCUSDT");
        a.data = QJsonObject{{QStringLiteral("price"), 100250.5}, {QStringLiteral("change_pct"), 3.2}};
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
    printJson(QJsonObject{{QStringLiteral("kind"), kind},
                          {QStringLiteral("type"), alertTypeName(a.type)},
                          {QStringLiteral("template"), given ? QJsonValue(QStringLiteral("given"))
                                                       : t    ? QJsonValue(QStringLiteral("profile"))
                                                              : QJsonValue(QJsonValue::Null)},
                          {QStringLiteral("title"), out.title},
                          {QStringLiteral("message"), out.message},
                          {QStringLiteral("errors"), QJsonArray::fromStringList(errors)}});
    if (!errors.isEmpty())
        return fail(BadInput, QStringLiteral("the template cannot be rendered for this alert (%1); the default text "
                                             "would be sent in its place")
                                  .arg(errors.join(QStringLiteral("; "))));
    done(Ok);
}

} // namespace alertdesk
