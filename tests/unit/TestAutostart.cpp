// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "config/Autostart.h"
#include "config/Profile.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;

// Start at login: the XDG autostart entry written under $XDG_CONFIG_HOME/autostart, read back
// as the Desktop Entry Specification reads it (its Exec gives exactly the program and the
// profile, however odd the profile's path), accepted by desktop-file-validate, one per
// profile, and removed again.
class TestAutostart final : public QObject {
    Q_OBJECT

    QTemporaryDir m_config;

    // The Exec value's arguments as a launcher reads them: the string escapes first (\\ is one
    // backslash), then the quoting (inside "...", a backslash takes the next character as is).
    static QStringList execArguments(const QString& entry)
    {
        QString exec;
        for (const QString& line : entry.split(QLatin1Char('\n'))) {
            if (line.startsWith(QLatin1String("Exec=")))
                exec = line.mid(5);
        }
        QString value;
        for (qsizetype i = 0; i < exec.size(); ++i) {
            if (exec.at(i) == QLatin1Char('\\') && i + 1 < exec.size()) {
                const QChar next = exec.at(++i);
                value += next == QLatin1Char('n') ? QChar(QLatin1Char('\n')) : next;
            } else {
                value += exec.at(i);
            }
        }
        QStringList args;
        QString arg;
        bool quoted = false;
        bool inArg = false;
        for (qsizetype i = 0; i < value.size(); ++i) {
            const QChar c = value.at(i);
            if (quoted && c == QLatin1Char('\\') && i + 1 < value.size()) {
                arg += value.at(++i);
            } else if (c == QLatin1Char('"')) {
                quoted = !quoted;
                inArg = true;
            } else if (c == QLatin1Char(' ') && !quoted) {
                if (inArg)
                    args << arg;
                arg.clear();
                inArg = false;
            } else if (c == QLatin1Char('%') && i + 1 < value.size() && value.at(i + 1) == QLatin1Char('%')) {
                arg += c;
                ++i;
                inArg = true;
            } else {
                arg += c;
                inArg = true;
            }
        }
        if (inArg)
            args << arg;
        return args;
    }

    static QString read(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
    }

    void entryOpensThisProfile_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << QStringLiteral("desk");
        QTest::newRow("spaces and shell characters") << QStringLiteral("my desk $HOME `x` \"q\" 'a' \\b 100%");
    }
    void entryOpensThisProfile()
    {
        QFETCH(QString, name);
        QTemporaryDir parent;
        const QString profile = parent.filePath(name);
        QVERIFY(QDir().mkpath(profile));
        QString error;
        QVERIFY2(Autostart::apply(true, profile, &error), qPrintable(error));
        const QString path = Autostart::entryPath(profile);
        QVERIFY(path.startsWith(m_config.path() + QStringLiteral("/autostart/alertdesk-")));
        const QString entry = read(path);
        QVERIFY(entry.startsWith(QStringLiteral("[Desktop Entry]\n")));
        const QStringList args = execArguments(entry);
        QCOMPARE(args.size(), 3);
        QVERIFY(args.at(0).endsWith(QStringLiteral("alertdesk")));
        QCOMPARE(args.at(1), QStringLiteral("--profile"));
        QCOMPARE(args.at(2), QDir(profile).absolutePath());

        const QString validate = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
        QVERIFY2(!validate.isEmpty(), "desktop-file-validate (desktop-file-utils) is a test dependency");
        QProcess p;
        p.start(validate, { path });
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardOutput().constData());

        QVERIFY2(Autostart::apply(false, profile, &error), qPrintable(error));
        QVERIFY(!QFile::exists(path));
        QVERIFY2(Autostart::apply(false, profile, &error), qPrintable(error)); // nothing to remove is fine
    }

    // Two profiles, two entries; the default profile's has the plain name.
    void oneEntryPerProfile()
    {
        QTemporaryDir a;
        QTemporaryDir b;
        QVERIFY(Autostart::entryPath(a.path()) != Autostart::entryPath(b.path()));
        QCOMPARE(Autostart::entryPath(a.path()), Autostart::entryPath(a.path() + QStringLiteral("/")));
        QCOMPARE(Autostart::entryPath(Profile::defaultDir()),
            m_config.path() + QStringLiteral("/autostart/alertdesk.desktop"));
    }

    // A folder that cannot be made is named in the error.
    void failureNamesTheFile()
    {
        QTemporaryDir config;
        QFile blocker(config.filePath(QStringLiteral("autostart")));
        QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the folder should be
        blocker.close();
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
        QString error;
        QVERIFY(!Autostart::apply(true, config.path(), &error));
        QVERIFY2(error.contains(config.filePath(QStringLiteral("autostart"))), qPrintable(error));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
    }
};

QTEST_GUILESS_MAIN(TestAutostart)
#include "TestAutostart.moc"
