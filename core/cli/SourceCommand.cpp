// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "config/CommandArgs.h"
#include "config/Profile.h"
#include "config/SourceArgs.h"
#include "engine/Engine.h"
#include "storage/SourcePositionStore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

namespace alertdesk {

// alertdesk-cli source add ntfy, list, show, remove, enable, disable

namespace {
const QString kUsage = QStringLiteral("usage: source add ntfy NAME ... | source list | source show NAME | source "
                                      "remove NAME | source enable|disable NAME");
}

void SourceCommand::execute(const QStringList& rest)
{
    const QString sub = rest.value(0);
    if (sub == QLatin1String("add"))
        return add(rest.mid(1));
    auto describe = [this](const SourceConfig& c) {
        QJsonObject secrets;
        for (const QString& f : c.secretFields)
            secrets.insert(f, QStringLiteral("set"));
        const QString position = m_engine->sourcePositions().position(c.name);
        return QJsonObject { { QStringLiteral("name"), c.name }, { QStringLiteral("kind"), c.kind },
            { QStringLiteral("enabled"), c.enabled }, { QStringLiteral("settings"), c.settings },
            { QStringLiteral("secrets"), secrets },
            { QStringLiteral("position"), position.isEmpty() ? QJsonValue() : QJsonValue(position) } };
    };
    if (sub == QLatin1String("list")) {
        if (rest.size() > 1)
            return fail(BadInput, QStringLiteral("source list takes no arguments"));
        if (!openEngine())
            return;
        QJsonArray arr;
        for (const SourceConfig& c : m_engine->profile().sources())
            arr.append(describe(c));
        printJson(arr);
        return done(Ok);
    }
    if (sub != QLatin1String("show") && sub != QLatin1String("remove") && sub != QLatin1String("enable")
        && sub != QLatin1String("disable"))
        return fail(BadInput, kUsage);
    if (rest.size() != 2)
        return fail(BadInput, QStringLiteral("usage: source %1 NAME").arg(sub));
    if (!openEngine())
        return;
    const QString& name = rest[1];
    const SourceConfig* c = m_engine->profile().source(name);
    if (!c)
        return fail(BadInput, QStringLiteral("no source named '%1'").arg(name));
    if (sub == QLatin1String("show")) {
        printJson(describe(*c));
        return done(Ok);
    }
    if (sub == QLatin1String("remove")) {
        m_engine->removeSource(name, [this, name](const QString& error) {
            if (!error.isEmpty())
                return fail(Failed, error);
            m_out << "removed source " << name << '\n';
            done(Ok);
        });
        return;
    }
    SourceConfig changed = *c;
    changed.enabled = sub == QLatin1String("enable");
    m_engine->saveSource(changed, {}, true, [this, sub, name](const QString& error) {
        if (!error.isEmpty())
            return fail(saveErrorCode(error), error);
        m_out << sub << "d source " << name << '\n';
        done(Ok);
    });
}

void SourceCommand::add(const QStringList& rest)
{
    const QString usage = QStringLiteral("\nusage: ") + ntfysource::usage();
    if (rest.value(0) != QLatin1String("ntfy"))
        return fail(BadInput, QStringLiteral("unknown source kind '%1' (known: ntfy)").arg(rest.value(0)) + usage);
    CommandArgs args;
    QString error;
    if (!args.parse(rest.mid(1), ntfysource::valueOptions(), { QStringLiteral("disabled") }, &error))
        return fail(BadInput, error + usage);
    if (args.positional().size() != 1)
        return fail(BadInput, QStringLiteral("give exactly one source NAME") + usage);
    if (!readSecretFromStdin(args, ntfysource::kSecretOption))
        return;
    SourceConfig cfg;
    cfg.name = args.positional().first();
    cfg.kind = QStringLiteral("ntfy");
    cfg.enabled = !args.has(QStringLiteral("disabled"));
    if (const auto e = checkSourceName(cfg.name))
        return fail(BadInput, e->text());
    QMap<QString, QStringList> options;
    for (const QString& o : ntfysource::valueOptions()) {
        if (args.has(o))
            options.insert(o, args.values(o));
    }
    SecretMap secrets;
    if (const auto e = buildNtfySource(options, &cfg.settings, &secrets))
        return fail(BadInput, e->text());
    if (!openEngine())
        return;
    m_engine->saveSource(cfg, secrets, false, [this, name = cfg.name](const QString& e) {
        if (!e.isEmpty())
            return fail(e.contains(QLatin1String("exists already")) ? BadInput : saveErrorCode(e), e);
        m_out << "added source " << name << '\n';
        done(Ok);
    });
}

} // namespace alertdesk
