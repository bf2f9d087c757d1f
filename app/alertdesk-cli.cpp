// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "cli/Cli.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("AlertDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ALERTDESK_VERSION));
    QFile in;
    (void)in.open(stdin, QIODevice::ReadOnly);
    QTextStream out(stdout);
    QTextStream err(stderr);
    alertdesk::Cli cli(out, err, &in);
    QObject::connect(
        &cli, &alertdesk::Cli::finished, &app, [](int code) { QCoreApplication::exit(code); }, Qt::QueuedConnection);
    cli.start(app.arguments().mid(1));
    return app.exec();
}
