// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "TestKeychain.h"
#include "TestProfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace alertdesk;
using namespace alertdesk::test;

// The profile is its user's alone: the folder 0700 and every file in it 0600 (history and its
// -wal and -shm, config, lock, ingest.json), whatever the umask of whoever starts AlertDesk,
// after `send`, during and after `run`, and repaired when an older profile is opened.
class TestPrivateProfile final : public QObject {
    Q_OBJECT

    QStringList m_profilesToPurge;

    static QStringList words(std::initializer_list<const char*> list)
    {
        QStringList out;
        for (const char* w : list)
            out << QString::fromUtf8(w);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = secretServiceProblem();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
        // A permissive umask, as a desktop session often has: the processes inherit it, so
        // only AlertDesk itself can make the files private.
        ::umask(0022);
    }

    void cleanupTestCase()
    {
        for (const QString& dir : std::as_const(m_profilesToPurge))
            purgeProfileSecrets(dir);
    }

    void sendAndRun()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString profile = tmp.filePath(QStringLiteral("profile"));
        m_profilesToPurge << profile;
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), profile);
        QStringList files;

        QVERIFY(cli.run(words({ "settings", "set", "ingest.port", "0" })).exitedWith(0));
        const CliResult send = cli.run(words({ "send", "--type", "RISK", "--priority", "HIGH", "--title", "first" }));
        QVERIFY2(send.exitedWith(0), qPrintable(send.describe()));
        QStringList bad = notPrivate(profile, &files);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QStringLiteral("; "))));
        QVERIFY2(files.contains(QStringLiteral("history.db")) && files.contains(QStringLiteral("config.json")),
            qPrintable(files.join(QLatin1Char(' '))));

        auto run = cli.start({ QStringLiteral("run") });
        QVERIFY(run);
        QVERIFY2(run->waitForStderr("ingest API on", 15000), run->err().constData());
        // While it runs: the log, the shared memory, the lock and the endpoint file exist.
        const CliResult handed
            = cli.run(words({ "send", "--type", "RISK", "--priority", "HIGH", "--title", "second" }));
        QVERIFY2(handed.exitedWith(0), qPrintable(handed.describe()));
        bad = notPrivate(profile, &files);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QStringLiteral("; "))));
        for (const char* f :
            { "history.db", "history.db-wal", "history.db-shm", "engine.lock", "ingest.json", "config.json" })
            QVERIFY2(files.contains(QLatin1String(f)),
                qPrintable(f + QStringLiteral(" missing: ") + files.join(QLatin1Char(' '))));
        run->terminate();
        QVERIFY(run->waitForFinished(10000));
        cli.record(*run);
        bad = notPrivate(profile);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QStringLiteral("; "))));
    }

    // A profile left open to others (an older AlertDesk, a copy, a restore) is closed on open.
    void repairedOnOpen()
    {
        QTemporaryDir tmp;
        const QString profile = tmp.filePath(QStringLiteral("profile"));
        m_profilesToPurge << profile;
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), profile);
        QVERIFY(cli.run(words({ "send", "--type", "RISK", "--priority", "HIGH", "--title", "t" })).exitedWith(0));
        QFile extra(profile + QStringLiteral("/config.json.corrupt-20261126T100000Z"));
        QVERIFY(extra.open(QIODevice::WriteOnly));
        extra.close();
        QStringList files;
        notPrivate(profile, &files);
        for (const QString& f : std::as_const(files))
            QVERIFY(::chmod(QFile::encodeName(profile + QLatin1Char('/') + f).constData(), 0644) == 0);
        QVERIFY(::chmod(QFile::encodeName(profile).constData(), 0755) == 0);
        QVERIFY(!notPrivate(profile).isEmpty());

        QVERIFY(cli.run(words({ "settings", "list" })).exitedWith(0));
        const QStringList bad = notPrivate(profile);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QStringLiteral("; "))));
    }
};

QTEST_GUILESS_MAIN(TestPrivateProfile)
#include "TestPrivateProfile.moc"
