// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "TestProfile.h"

#include "sources/IngestServer.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/OutboxStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace alertdesk;
using namespace alertdesk::test;

// Accepted means on the disk: the engine's connection syncs every commit (synchronous=FULL),
// and the alerts posted to the ingest API at the same time share one commit, and one sync.
class TestDurableCommit final : public QObject {
    Q_OBJECT

    static inline const QByteArray kToken = "adk_test-token-durable-0123456789";

    static QByteArray request(const QByteArray& title)
    {
        const QByteArray body = QJsonDocument(QJsonObject { { QStringLiteral("type"), QStringLiteral("RISK") },
                                                  { QStringLiteral("priority"), QStringLiteral("HIGH") },
                                                  { QStringLiteral("title"), QString::fromUtf8(title) } })
                                    .toJson(QJsonDocument::Compact);
        return "POST /v1/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + kToken
            + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n"
            + body;
    }

    // Statuses and bodies of the complete responses at the front of buffer.
    static QList<QPair<int, QJsonObject>> responses(const QByteArray& buffer)
    {
        QList<QPair<int, QJsonObject>> out;
        qsizetype pos = 0;
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n", pos);
            if (end < 0)
                return out;
            const QList<QByteArray> lines = buffer.mid(pos, end - pos).split('\n');
            qint64 length = 0;
            for (const QByteArray& l : lines) {
                if (l.toLower().startsWith("content-length:"))
                    length = l.mid(15).trimmed().toLongLong();
            }
            if (buffer.size() < end + 4 + length)
                return out;
            out.append({ lines.first().split(' ').value(1).toInt(),
                QJsonDocument::fromJson(buffer.mid(end + 4, length)).object() });
            pos = end + 4 + length;
        }
    }

    static int pragma(Database& db, const char* name)
    {
        QSqlQuery q(db.db());
        return q.exec(QStringLiteral("PRAGMA %1").arg(QLatin1String(name))) && q.next() ? q.value(0).toInt() : -1;
    }

private Q_SLOTS:
    void engineConnectionSyncsEveryCommit()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QCOMPARE(pragma(p.engine().database(), "synchronous"), 2); // FULL
        QSqlQuery q(p.engine().database().db());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        q.finish();
        // A delivery's outcome commits without a sync of its own (sent again if a power cut
        // loses it); the connection is FULL again right after, for the next accepted alert.
        QString error;
        QVERIFY2(p.engine().outbox().recordAttempts({}, &error), qPrintable(error));
        QCOMPARE(pragma(p.engine().database(), "synchronous"), 2);
        // Still FULL on a profile opened again (the setting is the connection's, not the file's).
        QVERIFY(p.reopen());
        QCOMPARE(pragma(p.engine().database(), "synchronous"), 2);
    }

    // Twenty clients post at once (one of them a bad alert): every good one is answered 202
    // with its own id and is in the history, the bad one 400, and far fewer commits than
    // alerts were made (the ones read in the same turn of the event loop share one).
    void concurrentPostsShareCommits()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QCOMPARE(p.addWebhook(QStringLiteral("hook"), QStringLiteral("http://127.0.0.1:9/in")), QString());
        QVERIFY(p.setSetting(QStringLiteral("ingest.port"), QStringLiteral("0")));
        QString error;
        QVERIFY2(p.engine().startIngest(QString::fromLatin1(kToken), &error), qPrintable(error));
        const quint16 port = p.engine().ingestServer()->port();

        constexpr int kClients = 20;
        constexpr int kBad = 7;
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        for (int i = 0; i < kClients; ++i) {
            clients.push_back(std::make_unique<QTcpSocket>());
            clients.back()->connectToHost(QHostAddress::LocalHost, port);
        }
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (const auto& c : clients) {
                    if (c->state() != QAbstractSocket::ConnectedState)
                        return false;
                }
                return true;
            },
            5000));
        const qint64 commitsBefore = p.engine().database().commits();
        const qint64 alertsBefore = p.engine().alerts().count();
        // Every request written before the server's thread (this one) reads any of them.
        for (int i = 0; i < kClients; ++i) {
            clients[i]->write(request(i == kBad ? QByteArray() : "Drawdown " + QByteArray::number(i)));
            QVERIFY(clients[i]->flush() || clients[i]->bytesToWrite() == 0);
        }
        std::vector<QByteArray> buffers(kClients);
        QVERIFY(QTest::qWaitFor(
            [&] {
                bool all = true;
                for (int i = 0; i < kClients; ++i) {
                    buffers[i] += clients[i]->readAll();
                    all = all && responses(buffers[i]).size() == 1;
                }
                return all;
            },
            10000));
        const qint64 commits = p.engine().database().commits() - commitsBefore;
        QStringList ids;
        for (int i = 0; i < kClients; ++i) {
            const auto r = responses(buffers[i]).first();
            if (i == kBad) {
                QCOMPARE(r.first, 400);
                QCOMPARE(r.second.value(QStringLiteral("error")).toObject().value(QStringLiteral("field")).toString(),
                    QStringLiteral("title"));
                continue;
            }
            QCOMPARE(r.first, 202);
            const QString id = r.second.value(QStringLiteral("id")).toString();
            QVERIFY(!id.isEmpty() && !ids.contains(id));
            ids << id;
            const auto stored = p.engine().alerts().get(id);
            QVERIFY(stored);
            QCOMPARE(stored->title, QStringLiteral("Drawdown %1").arg(i));
        }
        QCOMPARE(p.engine().alerts().count(), alertsBefore + kClients - 1);
        QVERIFY2(commits >= 1 && commits <= kClients / 4,
            qPrintable(QStringLiteral("%1 commits for %2 alerts").arg(commits).arg(kClients - 1)));
    }

    // Two alerts pipelined on one connection are answered in order, each once committed.
    void pipelinedPostsAnsweredInOrder()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QCOMPARE(p.addWebhook(QStringLiteral("hook"), QStringLiteral("http://127.0.0.1:9/in")), QString());
        QVERIFY(p.setSetting(QStringLiteral("ingest.port"), QStringLiteral("0")));
        QString error;
        QVERIFY2(p.engine().startIngest(QString::fromLatin1(kToken), &error), qPrintable(error));
        QTcpSocket c;
        c.connectToHost(QHostAddress::LocalHost, p.engine().ingestServer()->port());
        QVERIFY(QTest::qWaitFor([&] { return c.state() == QAbstractSocket::ConnectedState; }, 5000));
        c.write(request("first") + request("second"));
        QByteArray buffer;
        QVERIFY(QTest::qWaitFor(
            [&] {
                buffer += c.readAll();
                return responses(buffer).size() == 2;
            },
            10000));
        const auto r = responses(buffer);
        QCOMPARE(r[0].first, 202);
        QCOMPARE(r[1].first, 202);
        QCOMPARE(p.engine().alerts().get(r[0].second.value(QStringLiteral("id")).toString())->title,
            QStringLiteral("first"));
        QCOMPARE(p.engine().alerts().get(r[1].second.value(QStringLiteral("id")).toString())->title,
            QStringLiteral("second"));
    }
};

QTEST_GUILESS_MAIN(TestDurableCommit)
#include "TestDurableCommit.moc"
