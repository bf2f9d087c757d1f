// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "InProcessCli.h"
#include "MemorySecretStore.h"
#include "TestProfile.h"

#include "config/Profile.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "storage/AlertSearchIndex.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace alertdesk;
using namespace alertdesk::test;

// A profile in a bad state: a damaged history is refused by name and never modified; a full
// disk refuses new alerts with a message that says so, loses nothing committed, and the
// search index catches up once there is room again.
//
// The full disk is SQLite's own limit on the engine's connection (PRAGMA max_page_count): its
// writes then fail exactly as on a full file system (SQLITE_FULL, "database or disk is full"),
// without mounting a small file system (which needs privileges CI does not have).
class TestBadState final : public QObject {
    Q_OBJECT

    static QByteArray readAll(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static Alert alert(const QString& title)
    {
        Alert a;
        a.type = AlertType::Risk;
        a.priority = Priority::High;
        a.title = title;
        a.message = QStringLiteral("exposure over the limit");
        return a;
    }

    static qint64 pragma(Database& db, const QString& sql)
    {
        QSqlQuery q(db.db());
        return q.exec(QStringLiteral("PRAGMA ") + sql) && q.next() ? q.value(0).toLongLong() : -1;
    }

    static int searchHits(Database& db, const QString& word)
    {
        QSqlQuery q(db.db());
        if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM alerts_fts WHERE alerts_fts MATCH '%1'").arg(word))
            || !q.next())
            return -1;
        return q.value(0).toInt();
    }

private Q_SLOTS:
    void damagedHistoryRefusedUntouched_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("not a database") << QStringLiteral("garbage");
        QTest::newRow("header overwritten") << QStringLiteral("header");
        QTest::newRow("cut short") << QStringLiteral("truncated");
    }
    void damagedHistoryRefusedUntouched()
    {
        QFETCH(QString, damage);
        QTemporaryDir tmp;
        MemorySecretStore secrets;
        Engine::Options o;
        o.profileDir = tmp.path();
        o.secrets = &secrets;
        const QString path = tmp.filePath(QStringLiteral("history.db"));
        QString error;
        {
            auto e = Engine::open(o, &error);
            QVERIFY2(e, qPrintable(error));
            FieldError fe;
            for (int i = 0; i < 200; ++i)
                QVERIFY2(
                    e->alertManager().admit(alert(QStringLiteral("alert %1").arg(i)), &fe), qPrintable(fe.toString()));
        }
        QByteArray bytes = readAll(path);
        QVERIFY(bytes.size() > 4096);
        if (damage == QLatin1String("garbage"))
            bytes = QByteArray("this is a trader's note, not a database\n").repeated(100);
        else if (damage == QLatin1String("header"))
            bytes.replace(0, 100, QByteArray(100, '\xff'));
        else
            bytes.truncate(bytes.size() / 3);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QCOMPARE(f.write(bytes), bytes.size());
        }
        const QStringList filesBefore = QDir(tmp.path()).entryList(QDir::Files);

        auto e = Engine::open(o, &error);
        if (e) {
            // Opened (the damage lies beyond what opening reads): it must show once touched,
            // and still change nothing.
            FieldError fe;
            const bool admitted = static_cast<bool>(e->alertManager().admit(alert(QStringLiteral("after")), &fe));
            e.reset();
            QVERIFY2(!admitted, "an alert was stored in a damaged history");
            error = fe.message;
        }
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("not a database")) || error.contains(QStringLiteral("malformed")),
            qPrintable(error));
        QCOMPARE(readAll(path), bytes);
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files), filesBefore);
    }

    void fullDiskLosesNothingCommitted()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QCOMPARE(p.addWebhook(QStringLiteral("hook"), QStringLiteral("http://127.0.0.1:9/in")), QString());
        Database& db = p.engine().database();
        AlertManager& am = p.engine().alertManager();
        QStringList committed;
        FieldError fe;
        for (int i = 0; i < 50; ++i) {
            const auto adm = am.admit(alert(QStringLiteral("margin%1 breached").arg(i)), &fe);
            QVERIFY2(adm, qPrintable(fe.toString()));
            committed << adm->alert.id;
        }

        // The disk fills up: not one page more.
        const qint64 pages = pragma(db, QStringLiteral("page_count"));
        QVERIFY(pages > 0);
        QCOMPARE(pragma(db, QStringLiteral("max_page_count=%1").arg(pages)), pages);
        // The search index cannot take the batch: it says why, and keeps its place.
        AlertSearchIndex index(db);
        const qint64 indexedBefore = index.indexedUpTo();
        QString error;
        QCOMPARE(index.indexPending(2000, &error), -1);
        QVERIFY2(error.contains(QStringLiteral("full")), qPrintable(error));
        QCOMPARE(index.indexedUpTo(), indexedBefore);
        // New alerts are refused with a message that names the file and the cause.
        int refused = 0;
        for (int i = 0; i < 200 && refused == 0; ++i) {
            if (const auto adm = am.admit(alert(QStringLiteral("late%1 alert").arg(i)), &fe))
                committed << adm->alert.id; // the last free room of a page
            else
                ++refused;
        }
        QCOMPARE(refused, 1);
        QCOMPARE(fe.field, QStringLiteral("storage"));
        QVERIFY2(fe.message.contains(db.path()) && fe.message.contains(QStringLiteral("full")), qPrintable(fe.message));

        // Nothing committed is lost.
        QCOMPARE(p.engine().alerts().count(), qint64(committed.size()));
        for (const QString& id : std::as_const(committed))
            QVERIFY(p.engine().alerts().get(id));

        // Room again: the index catches up with every alert, and alerts are taken again.
        QVERIFY(pragma(db, QStringLiteral("max_page_count=1073741823")) > pages);
        QCOMPARE(index.indexPending(2000, &error), committed.size());
        QCOMPARE(searchHits(db, QStringLiteral("breached")), 50);
        QCOMPARE(searchHits(db, QStringLiteral("margin7")), 1);
        QVERIFY2(am.admit(alert(QStringLiteral("after the disk was cleared")), &fe), qPrintable(fe.toString()));
        QCOMPARE(p.engine().alerts().count(), qint64(committed.size() + 1));
        QSqlQuery check(db.db());
        QVERIFY(check.exec(QStringLiteral("PRAGMA integrity_check")) && check.next());
        QCOMPARE(check.value(0).toString(), QStringLiteral("ok"));
    }

    // A real full file system (a small tmpfs: needs root and mount, else skipped): `send` says
    // the alert was not stored and why, naming the profile's file (never "the running instance
    // (pid 0)"); once there is room again it stores, and everything stored before is there.
    void fullFileSystem()
    {
        if (::geteuid() != 0)
            QSKIP("mounting a small file system needs root");
        QTemporaryDir mountPoint;
        QVERIFY(mountPoint.isValid());
        if (QProcess::execute(QStringLiteral("mount"),
                { QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"), QStringLiteral("size=4m"),
                    QStringLiteral("tmpfs"), mountPoint.path() })
            != 0)
            QSKIP("mount -t tmpfs is not permitted here");
        const auto unmount = qScopeGuard([&] { QProcess::execute(QStringLiteral("umount"), { mountPoint.path() }); });
        const QString profile = mountPoint.path() + QStringLiteral("/profile");
        MemorySecretStore secrets;
        auto send = [&](const QString& title) {
            return runCliInProcess(profile, &secrets,
                { QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("RISK"),
                    QStringLiteral("--priority"), QStringLiteral("HIGH"), QStringLiteral("--title"), title });
        };
        for (int i = 0; i < 5; ++i) {
            const InProcessRun r = send(QStringLiteral("before %1").arg(i));
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
        // Fill the file system to its last byte.
        QFile filler(mountPoint.path() + QStringLiteral("/filler"));
        QVERIFY(filler.open(QIODevice::WriteOnly));
        for (qint64 chunk : { 65536, 4096, 512, 1 }) {
            const QByteArray block(chunk, 'x');
            while (filler.write(block) == block.size() && filler.flush()) { }
            filler.unsetError();
        }
        filler.close();

        const InProcessRun full = send(QStringLiteral("during"));
        qInfo().noquote() << "send on a full file system:" << full.err.trimmed();
        QCOMPARE(full.code, 1);
        QVERIFY2(!full.err.contains(QStringLiteral("pid 0")), qPrintable(full.err));
        QVERIFY2(full.err.contains(profile), qPrintable(full.err));
        QVERIFY2(full.err.contains(QStringLiteral("full")), qPrintable(full.err));

        QVERIFY(filler.remove());
        const InProcessRun after = send(QStringLiteral("after"));
        QVERIFY2(after.code == 0, qPrintable(after.err));
        QString error;
        auto db = Database::open(profile + QStringLiteral("/history.db"), &error, Database::Mode::ReadOnly);
        QVERIFY2(db, qPrintable(error));
        QCOMPARE(AlertStore(*db).count(), qint64(6));
        QSqlQuery q(db->db());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM alerts WHERE title = 'during'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestBadState)
#include "TestBadState.moc"
