// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "InProcessCli.h"

#include "cli/Cli.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QTextStream>

namespace alertdesk::test {

InProcessRun runCliInProcess(
    const QString& profileDir, SecretStore* secrets, const QStringList& args, const QByteArray& stdinData)
{
    InProcessRun r;
    QTextStream out(&r.out), err(&r.err);
    QBuffer in;
    in.setData(stdinData);
    in.open(QIODevice::ReadOnly);
    Cli cli(out, err, &in);
    cli.setSecretStore(secrets);
    QSignalSpy finished(&cli, &Cli::finished);
    cli.start(QStringList { QStringLiteral("--profile"), profileDir } + args);
    if (finished.isEmpty() && !finished.wait(10000))
        return r;
    r.code = finished.first().first().toInt();
    out.flush();
    err.flush();
    return r;
}

} // namespace alertdesk::test
