// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "config/CommandArgs.h"
#include "config/DotEnv.h"
#include "config/EnvImport.h"
#include "engine/Engine.h"
#include "engine/ProfileImporter.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTextStream>

namespace alertdesk {

// alertdesk-cli import-env

void ImportEnvCommand::execute(const QStringList& rest)
{
    CommandArgs args;
    QString error;
    if (!args.parse(rest, {}, {}, &error))
        return fail(BadInput, error + QStringLiteral("\nusage: import-env [FILE]"));
    if (args.positional().size() > 1)
        return fail(BadInput, QStringLiteral("usage: import-env [FILE]"));
    QString source;
    EnvImportPlan plan;
    if (!args.positional().isEmpty()) {
        QFile f(args.positional().first());
        if (!f.open(QIODevice::ReadOnly))
            return fail(BadInput, QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString()));
        plan = planDotEnvImport(parseDotEnv(QString::fromUtf8(f.readAll())));
        source = QFileInfo(f).absoluteFilePath();
    } else {
        QList<DotEnvEntry> vars;
        const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QStringList keys = env.keys();
        keys.sort();
        for (const QString& k : std::as_const(keys))
            vars.append({ k, env.value(k), 0 });
        plan = planEnvImport(vars, false);
        source = QStringLiteral("environment");
    }
    if (!openEngine())
        return;
    auto* importer = new ProfileImporter(*m_engine, plan, this);
    importer->start([this, importer, source] {
        QJsonObject report = importer->report();
        report.insert(QStringLiteral("source"), source);
        printJson(report);
        for (const QString& line : importer->summary())
            m_err << line << '\n';
        done(importer->exitCode());
    });
}

} // namespace alertdesk
