// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "config/AppriseUrl.h"
#include "config/ChannelArgs.h"
#include "config/CommandArgs.h"
#include "config/Profile.h"
#include "engine/Engine.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

namespace alertdesk {

// alertdesk-cli channel list, remove, enable, disable, add KIND, add-url

void ChannelCommand::execute(const QStringList& rest)
{
    const QString sub = rest.value(0);
    if (sub == QLatin1String("list")) {
        if (rest.size() > 1)
            return fail(BadInput, QStringLiteral("channel list takes no arguments"));
        if (!openEngine())
            return;
        QJsonArray arr;
        for (const ChannelConfig& c : m_engine->profile().channels()) {
            QJsonObject secrets;
            for (const QString& f : c.secretFields)
                secrets.insert(f, QStringLiteral("set"));
            arr.append(QJsonObject { { QStringLiteral("name"), c.name }, { QStringLiteral("kind"), c.kind },
                { QStringLiteral("enabled"), c.enabled }, { QStringLiteral("settings"), c.settings },
                { QStringLiteral("secrets"), secrets } });
        }
        printJson(arr);
        return done(Ok);
    }
    if (sub == QLatin1String("remove")) {
        if (rest.size() != 2)
            return fail(BadInput, QStringLiteral("usage: channel remove NAME"));
        if (!openEngine())
            return;
        m_engine->removeChannel(rest[1], [this, name = rest[1]](const QString& error) {
            if (!error.isEmpty())
                return fail(error.startsWith(QLatin1String("no channel")) ? BadInput : Failed, error);
            m_out << "removed channel " << name << '\n';
            done(Ok);
        });
        return;
    }
    if (sub == QLatin1String("enable") || sub == QLatin1String("disable")) {
        if (rest.size() != 2)
            return fail(BadInput, QStringLiteral("usage: channel %1 NAME").arg(sub));
        if (!openEngine())
            return;
        const ChannelConfig* c = m_engine->profile().channel(rest[1]);
        if (!c)
            return fail(BadInput, QStringLiteral("no channel named '%1'").arg(rest[1]));
        ChannelConfig changed = *c;
        changed.enabled = sub == QLatin1String("enable");
        m_engine->profile().replaceChannel(changed);
        QString error;
        if (!m_engine->profile().save(&error))
            return fail(Failed, error);
        m_out << sub << "d channel " << rest[1] << '\n';
        return done(Ok);
    }
    if (sub == QLatin1String("add")) {
        const QString kind = rest.value(1);
        const ChannelArgSpec* spec = findChannelArgSpec(kind);
        if (!spec) {
            QStringList kinds;
            for (const auto& s : channelArgSpecs())
                kinds << s.kind;
            return fail(BadInput,
                QStringLiteral("unknown channel kind '%1' (known: %2)").arg(kind, kinds.join(QStringLiteral(", "))));
        }
        CommandArgs args;
        QString error;
        if (!args.parse(
                rest.mid(2), spec->valueOptions, spec->flags + QStringList { QStringLiteral("disabled") }, &error))
            return fail(BadInput, error + QStringLiteral("\nusage: ") + spec->usage);
        if (args.positional().size() != 1)
            return fail(BadInput, QStringLiteral("give exactly one channel NAME\nusage: ") + spec->usage);
        for (const QString& opt : spec->secretOptions) {
            if (!readSecretFromStdin(args, opt))
                return;
        }
        ChannelConfig cfg;
        cfg.name = args.positional().first();
        cfg.kind = kind;
        cfg.enabled = !args.has(QStringLiteral("disabled"));
        SecretMap secrets;
        if (const auto e = spec->build(args, cfg.settings, secrets))
            return fail(BadInput, e->text());
        if (!openEngine())
            return;
        m_engine->saveChannel(cfg, secrets, false, [this, name = cfg.name](const QString& e) {
            if (!e.isEmpty())
                return fail(saveErrorCode(e), e);
            m_out << "added channel " << name << '\n';
            done(Ok);
        });
        return;
    }
    if (sub == QLatin1String("add-url"))
        return addFromUrl(rest.mid(1));
    fail(BadInput,
        QStringLiteral(
            "usage: channel add KIND NAME ... | channel add-url URL [NAME] | channel list | channel remove NAME | "
            "channel enable|disable NAME"));
}

void ChannelCommand::addFromUrl(const QStringList& rest)
{
    static const QString usageLine = QStringLiteral("usage: channel add-url URL|- [NAME] [--disabled]");
    CommandArgs args;
    QString error;
    if (!args.parse(rest, {}, { QStringLiteral("disabled") }, &error))
        return fail(BadInput, error + QLatin1Char('\n') + usageLine);
    if (args.positional().isEmpty() || args.positional().size() > 2)
        return fail(BadInput, usageLine);
    QString url = args.positional().first();
    if (url == QLatin1String("-")) {
        if (!m_in || !m_in->isReadable())
            return fail(BadInput, QStringLiteral("add-url - : standard input is not readable"));
        QByteArray line = m_in->readLine();
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            return fail(BadInput, QStringLiteral("add-url - : nothing to read on standard input"));
        url = QString::fromUtf8(line);
    }
    // The URL holds the secrets: no message below ever quotes it.
    const auto parsed = parseAppriseUrl(url, &error);
    if (!parsed)
        return fail(BadInput, error);
    ChannelConfig cfg;
    cfg.kind = parsed->kind;
    cfg.enabled = !args.has(QStringLiteral("disabled"));
    SecretMap secrets;
    if (QString e = buildChannelFromOptions(parsed->kind, parsed->options, &cfg.settings, &secrets); !e.isEmpty())
        return fail(BadInput, QStringLiteral("%1:// URL: %2").arg(parsed->scheme, appriseTerms(e)));
    if (!openEngine())
        return;
    if (args.positional().size() == 2) {
        cfg.name = args.positional().at(1);
    } else {
        cfg.name = parsed->defaultName;
        for (int n = 2; m_engine->profile().channel(cfg.name); ++n)
            cfg.name = QStringLiteral("%1-%2").arg(parsed->defaultName).arg(n);
    }
    m_engine->saveChannel(
        cfg, secrets, false, [this, cfg, notes = parsed->notes, scheme = parsed->scheme](const QString& e) {
            if (!e.isEmpty())
                return fail(saveErrorCode(e), e);
            for (const QString& n : notes)
                m_err << "note: " << n << '\n';
            m_out << "added channel " << cfg.name << " (" << cfg.kind << (cfg.enabled ? "" : ", disabled")
                  << ", from a " << scheme << ":// URL)\n";
            done(Ok);
        });
}

} // namespace alertdesk
