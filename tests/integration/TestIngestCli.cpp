// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "storage/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The real alertdesk-cli binary: `run` serves the ingest API, other invocations hand their
// samples and alerts to it, and what the API accepts is in the database before the answer.
// Needs the Secret Service (scripts/with-test-services.sh): the token lives in the keychain.
class TestIngestCli final : public QObject {
    Q_OBJECT

    struct Result {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };

    QTemporaryDir m_dir;

    Result cli(const QStringList& args, int timeoutMs = 30000)
    {
        QProcess p;
        p.start(QStringLiteral(ALERTDESK_CLI_PATH), QStringList { QStringLiteral("--profile"), m_dir.path() } + args);
        Result r;
        // The receiver lives in this process: keep its event loop turning while the CLI works.
        if (!waitUntil([&] { return p.state() == QProcess::NotRunning; }, timeoutMs)) {
            p.kill();
            p.waitForFinished();
            r.err = "timed out";
            return r;
        }
        r.code = p.exitCode();
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    QJsonObject endpoint() const
    {
        QFile f(m_dir.filePath(QStringLiteral("ingest.json")));
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    }

    struct Reply {
        int status = 0;
        QJsonObject json;
    };

    static Reply post(
        QNetworkAccessManager& nam, int port, const QString& path, const QByteArray& token, const QByteArray& body)
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        req.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply* reply = body.isNull() ? nam.get(req) : nam.post(req, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        Reply r;
        if (!reply->isFinished() && !finished.wait(10000))
            return r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.json = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return r;
    }

private Q_SLOTS:
    void runServesTheApiAndTakesHandOffs()
    {
        ScriptedHttpServer receiver;
        QVERIFY(receiver.listen());
        Result r = cli({ QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("webhook"),
            QStringLiteral("hook"), QStringLiteral("--url"), receiver.url(QStringLiteral("/in")) });
        if (r.code != 0 && r.err.contains("keychain"))
            QSKIP("needs the Secret Service: run inside scripts/with-test-services.sh");
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(cli({ QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("ingest.port"),
                         QStringLiteral("0") })
                     .code,
            0);
        QCOMPARE(cli({ QStringLiteral("rule"), QStringLiteral("add"), QStringLiteral("up"), QStringLiteral("--metric"),
                         QStringLiteral("BTCUSDT.price"), QStringLiteral("--when"), QStringLiteral("crossing-up"),
                         QStringLiteral("--value"), QStringLiteral("100"), QStringLiteral("--type"),
                         QStringLiteral("PRICE"), QStringLiteral("--priority"), QStringLiteral("HIGH") })
                     .code,
            0);

        QProcess run;
        run.setProcessChannelMode(QProcess::ForwardedOutputChannel);
        run.start(
            QStringLiteral(ALERTDESK_CLI_PATH), { QStringLiteral("--profile"), m_dir.path(), QStringLiteral("run") });
        QVERIFY(run.waitForStarted());
        QVERIFY2(
            waitUntil([&] { return endpoint().value(QStringLiteral("pid")).toInteger() == run.processId(); }, 15000),
            run.readAllStandardError().constData());
        const int port = endpoint().value(QStringLiteral("port")).toInt();
        QVERIFY(port > 0);

        r = cli({ QStringLiteral("api-token") });
        QCOMPARE(r.code, 0);
        const QByteArray token = r.out.trimmed();
        QVERIFY(token.startsWith("adk_"));

        QNetworkAccessManager nam;
        QCOMPARE(post(nam, port, QStringLiteral("/v1/health"), "adk_wrong", QByteArray()).status, 401);
        Reply h = post(nam, port, QStringLiteral("/v1/health"), token, QByteArray());
        QCOMPARE(h.status, 200);
        QCOMPARE(h.json.value(QStringLiteral("pid")).toInteger(), run.processId());

        // An alert through the API: committed (seen from this other process) when the 202 comes.
        const QByteArray alert
            = R"({"type":"RISK","priority":"HIGH","title":"Drawdown 5%","message":"daily drawdown","strategy":"grid"})";
        const Reply accepted = post(nam, port, QStringLiteral("/v1/alerts"), token, alert);
        QCOMPARE(accepted.status, 202);
        const QString id = accepted.json.value(QStringLiteral("id")).toString();
        {
            QString error;
            auto db = Database::open(m_dir.filePath(QStringLiteral("history.db")), &error, Database::Mode::ReadOnly);
            QVERIFY2(db, qPrintable(error));
            QSqlQuery q(db->db());
            q.prepare(QStringLiteral(
                "SELECT title, (SELECT COUNT(*) FROM deliveries WHERE alert_id = ?) FROM alerts WHERE id = ?"));
            q.addBindValue(id);
            q.addBindValue(id);
            QVERIFY(q.exec() && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("Drawdown 5%"));
            QCOMPARE(q.value(1).toInt(), 1);
        }
        // ...and the running instance delivers it.
        QVERIFY(receiver.waitForRequests(1, 10000));
        QCOMPARE(receiver.requests()
                     .at(0)
                     .json()
                     .value(QStringLiteral("alert"))
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toString(),
            id);

        // `metric` hands its samples to the running instance, which holds the rules' state.
        r = cli({ QStringLiteral("metric"), QStringLiteral("BTCUSDT.price"), QStringLiteral("99") });
        QVERIFY2(r.code == 0, r.err.constData());
        QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("handed_off_to")).toInteger(), run.processId());
        QVERIFY(o.value(QStringLiteral("alerts")).toArray().isEmpty());
        r = cli({ QStringLiteral("metric"), QStringLiteral("BTCUSDT.price"), QStringLiteral("100.5") });
        QVERIFY2(r.code == 0, r.err.constData());
        o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("alerts")).toArray().size(), 1);
        const QJsonArray deliveries = o.value(QStringLiteral("deliveries")).toArray();
        QCOMPARE(deliveries.size(), 1);
        QCOMPARE(receiver.requestCount(), 2);
        QCOMPARE(receiver.requests()
                     .at(1)
                     .json()
                     .value(QStringLiteral("alert"))
                     .toObject()
                     .value(QStringLiteral("title"))
                     .toString(),
            QStringLiteral("BTCUSDT.price crossed up 100"));

        // A rule added by another process reaches the running instance within its sync interval.
        QCOMPARE(
            cli({ QStringLiteral("rule"), QStringLiteral("add"), QStringLiteral("down"), QStringLiteral("--metric"),
                    QStringLiteral("BTCUSDT.price"), QStringLiteral("--when"), QStringLiteral("crossing-down"),
                    QStringLiteral("--value"), QStringLiteral("100"), QStringLiteral("--type"), QStringLiteral("PRICE"),
                    QStringLiteral("--priority"), QStringLiteral("LOW") })
                .code,
            0);
        QVERIFY(waitUntil(
            [&] {
                return post(nam, port, QStringLiteral("/v1/health"), token, QByteArray())
                           .json.value(QStringLiteral("rules"))
                           .toInt()
                    == 2;
            },
            10000));
        const Reply batch = post(nam, port, QStringLiteral("/v1/metrics"), token,
            R"({"samples":[{"metric":"BTCUSDT.price","value":99.5}]})");
        QCOMPARE(batch.status, 202);
        QCOMPARE(batch.json.value(QStringLiteral("alerts")).toArray().size(), 1);
        QVERIFY(receiver.waitForRequests(3, 10000));

        // `send` hands its alert over through the API too.
        r = cli({ QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("HEALTH"),
            QStringLiteral("--priority"), QStringLiteral("INFO"), QStringLiteral("--title"), QStringLiteral("hello"),
            QStringLiteral("--message"), QStringLiteral("from the CLI") });
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.err.contains("handed alert") && r.err.contains("through its ingest API"), r.err.constData());
        QCOMPARE(receiver.requestCount(), 4);

        run.terminate();
        QVERIFY(run.waitForFinished(10000));
        QCOMPARE(run.exitCode(), 0);
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("ingest.json"))));
        // Its rules' state was saved on the way out: the next process goes on from 99.5.
        r = cli({ QStringLiteral("rule"), QStringLiteral("list") });
        const QJsonArray rules = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(rules.size(), 2);
        for (const QJsonValue& rule : rules)
            QCOMPARE(rule.toObject()
                         .value(QStringLiteral("state"))
                         .toObject()
                         .value(QStringLiteral("last_value"))
                         .toDouble(),
                99.5);
    }

    void busyPortIsAWarning()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        Result r = cli({ QStringLiteral("api-token") });
        if (r.code != 0 && r.err.contains("keychain"))
            QSKIP("needs the Secret Service: run inside scripts/with-test-services.sh");
        QCOMPARE(cli({ QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("ingest.port"),
                         QString::number(squatter.serverPort()) })
                     .code,
            0);
        QFile::remove(m_dir.filePath(QStringLiteral("ingest.json")));
        QProcess run;
        run.start(
            QStringLiteral(ALERTDESK_CLI_PATH), { QStringLiteral("--profile"), m_dir.path(), QStringLiteral("run") });
        QVERIFY(run.waitForStarted());
        QByteArray err;
        QVERIFY(waitUntil(
            [&] {
                err += run.readAllStandardError();
                return err.contains("ingest API is not available");
            },
            15000));
        const QByteArray expected = "cannot listen on 127.0.0.1:" + QByteArray::number(squatter.serverPort());
        QVERIFY2(err.contains(expected), err.constData());
        // The engine itself keeps running.
        QCOMPARE(run.state(), QProcess::Running);
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("ingest.json"))));
        run.terminate();
        QVERIFY(run.waitForFinished(10000));
        QCOMPARE(run.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestIngestCli)
#include "TestIngestCli.moc"
