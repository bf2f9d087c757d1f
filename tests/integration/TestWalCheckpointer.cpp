// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "TestProfile.h"

#include "storage/AlertStore.h"
#include "storage/Database.h"

#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The history's write-ahead log is copied into the database by WalCheckpointer's thread, not
// by the engine's commits: the engine's connection never checkpoints by itself, and what it
// commits still reaches the database file shortly after.
class TestWalCheckpointer final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void commitsReachTheDatabaseFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.db"));
        QString error;
        auto db = Database::open(path, &error);
        QVERIFY2(db, qPrintable(error));
        {
            QSqlQuery q(db->db());
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_autocheckpoint")) && q.next());
            QCOMPARE(q.value(0).toInt(), 0); // no checkpoint inside an engine commit
            QVERIFY(q.exec(QStringLiteral("PRAGMA page_size")) && q.next());
            QCOMPARE(q.value(0).toInt(), 1024);
        }
        const qint64 before = QFileInfo(path).size();
        AlertStore alerts(*db);
        for (int i = 0; i < 200; ++i) {
            Alert a;
            a.id = newAlertId();
            a.title = QStringLiteral("alert %1").arg(i);
            a.message = QString(200, QLatin1Char('x'));
            a.createdAt = a.updatedAt = QDateTime::currentDateTimeUtc();
            QVERIFY(db->transaction([&] { return alerts.insert(a, &error); }, &error));
        }
        // Copied by the checkpointer within its period: the database file itself grows.
        QVERIFY(waitUntil([&] { return QFileInfo(path).size() > before + 200 * 200; }, 5000));
        db.reset();
        auto again = Database::open(path, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(AlertStore(*again).count(), 200);
    }
};

QTEST_GUILESS_MAIN(TestWalCheckpointer)
#include "TestWalCheckpointer.moc"
