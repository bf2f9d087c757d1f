// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Autostart.h"

#include "config/Profile.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace alertdesk::Autostart {

namespace {

// One argument of an Exec key (Desktop Entry Specification, "The Exec key"): quoted, with ", `,
// $ and \ escaped inside the quotes; then the value's own escaping doubles every backslash, and a
// literal % is written %%.
QString execArgument(const QString& arg)
{
    QString quoted;
    for (const QChar c : arg) {
        if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('$') || c == QLatin1Char('\\'))
            quoted += QLatin1Char('\\');
        quoted += c;
    }
    quoted = QLatin1Char('"') + quoted + QLatin1Char('"');
    quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    quoted.replace(QLatin1Char('%'), QLatin1String("%%"));
    return quoted;
}

QString windowProgram()
{
    const QString beside
        = QFileInfo(QCoreApplication::applicationFilePath()).dir().filePath(QStringLiteral("alertdesk"));
    return QFileInfo(beside).isExecutable() ? beside : QStringLiteral("alertdesk");
}

} // namespace

QString entryPath(const QString& profileDir)
{
    const QString dir
        = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/autostart");
    const QString profile = QDir(profileDir).absolutePath();
    if (profile == QDir(Profile::defaultDir()).absolutePath())
        return dir + QStringLiteral("/alertdesk.desktop");
    const QByteArray hash = QCryptographicHash::hash(profile.toUtf8(), QCryptographicHash::Sha256).toHex().left(12);
    return dir + QStringLiteral("/alertdesk-%1.desktop").arg(QString::fromLatin1(hash));
}

QString entryText(const QString& profileDir)
{
    const QString profile = QDir(profileDir).absolutePath();
    // A line break in a path would end the value early: the spec's \n escape keeps it one line.
    QString comment = QStringLiteral("Opens AlertDesk on the profile %1 at login").arg(profile);
    comment.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\n'), QLatin1String("\\n"));
    return QStringLiteral("[Desktop Entry]\n"
                          "Type=Application\n"
                          "Name=AlertDesk\n"
                          "Comment=%1\n"
                          "Exec=%2 --profile %3\n"
                          "Icon=example.alertdesk.AlertDesk\n"
                          "Terminal=false\n"
                          "X-GNOME-Autostart-enabled=true\n")
        .arg(comment, execArgument(windowProgram()), execArgument(profile));
}

bool apply(bool on, const QString& profileDir, QString* error)
{
    const QString path = entryPath(profileDir);
    if (!on) {
        if (!QFileInfo::exists(path) || QFile::remove(path))
            return true;
        *error = QStringLiteral("cannot remove the autostart entry %1").arg(path);
        return false;
    }
    if (!QDir().mkpath(QFileInfo(path).path())) {
        *error = QStringLiteral("cannot create the folder %1").arg(QFileInfo(path).path());
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(entryText(profileDir).toUtf8()) < 0 || !file.commit()) {
        *error = QStringLiteral("cannot write the autostart entry %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace alertdesk::Autostart
