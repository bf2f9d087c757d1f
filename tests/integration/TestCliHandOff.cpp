// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "ScriptedHttpServer.h"
#include "TestKeychain.h"
#include "TestProfile.h"

#include <QFile>
#include <QJsonArray>
#include <QSaveFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// `alertdesk-cli send` while `alertdesk-cli run` drives the profile: the alert goes to the
// running instance through its ingest API (the shared outbox when it serves none), is
// delivered once, and the report and exit code are those of a local send. And `run` follows
// `settings set` from another process without a restart.
class TestCliHandOff final : public QObject {
    Q_OBJECT

    TestKeychain m_keychain; // the real Secret Service; the profiles whose secrets go at the end

    static QStringList words(std::initializer_list<const char*> list)
    {
        QStringList out;
        for (const char* w : list)
            out << QString::fromUtf8(w);
        return out;
    }
    static QStringList alertArgs(const QString& title)
    {
        return words({ "send", "--type", "PRICE", "--priority", "HIGH", "--message", "crossed", "--title" }) << title;
    }
    static QByteArray pidText(qint64 pid) { return "(pid " + QByteArray::number(pid) + ")"; }
    static QJsonObject endpoint(const QString& dir)
    {
        QFile f(dir + QStringLiteral("/ingest.json"));
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    }
    static int freePort()
    {
        QTcpServer s;
        return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
    }
    // The alerts in the profile's history (JSON lines, newest first).
    static QList<QJsonObject> history(CliRunner& cli)
    {
        const CliResult r = cli.run(words({ "history", "--limit", "100" }));
        return r.exitedWith(0) ? r.jsonLines() : QList<QJsonObject> {};
    }

    struct Rig {
        QTemporaryDir dir;
        std::unique_ptr<CliRunner> cli;
        ScriptedHttpServer sink;
        std::unique_ptr<CliProcess> run;
        QString problem;

        // A webhook channel to the sink; the ingest API on any free port unless told.
        explicit Rig(QStringList& purge, const QString& ingestPort = QStringLiteral("0"))
        {
            if (!dir.isValid() || !sink.listen()) {
                problem = QStringLiteral("no temporary folder or no sink");
                return;
            }
            purge << dir.path();
            cli = std::make_unique<CliRunner>(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
            for (const CliResult& r : { cli->addWebhook(QStringLiteral("hook"), sink.url(QStringLiteral("/hook"))),
                     cli->run(words({ "settings", "set", "ingest.port" }) << ingestPort) }) {
                if (!r.exitedWith(0)) {
                    problem = r.describe();
                    return;
                }
            }
        }
        // Starts `run`; with the API, waits until it is served (its endpoint names run's pid).
        bool startRun(bool withApi)
        {
            run = cli->start({ QStringLiteral("run") });
            if (!run || !run->waitForStderr("engine running", 15000)) {
                problem = run ? run->result().describe() : QStringLiteral("run did not start");
                return false;
            }
            const QByteArray ready = withApi ? "ingest API on" : "ingest API is not available";
            if (!run->waitForStderr(ready, 15000)) {
                problem = run->result().describe();
                return false;
            }
            return true;
        }
        bool stopRun()
        {
            run->terminate();
            const bool ok = run->waitForFinished(10000) && run->result().exitedWith(0);
            cli->record(*run);
            return ok;
        }
    };

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = m_keychain.start();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
    }

    void cleanupTestCase() { m_keychain.purge(); }

    void handOffThroughTheIngestApi()
    {
        Rig rig(m_keychain.profiles());
        QVERIFY2(rig.problem.isEmpty(), qPrintable(rig.problem));
        QVERIFY2(rig.startRun(true), qPrintable(rig.problem));
        const qint64 runPid = rig.run->pid();
        QCOMPARE(endpoint(rig.dir.path()).value(QStringLiteral("pid")).toInteger(), runPid);

        const CliResult send = rig.cli->run(
            alertArgs(QStringLiteral("through the API")) << QStringLiteral("--dedup-key") << QStringLiteral("btc-70k"));
        QVERIFY2(send.exitedWith(0), qPrintable(send.describe()));
        QVERIFY2(
            send.err.contains(QByteArray("to the running instance " + pidText(runPid) + " through its ingest API")),
            qPrintable(send.describe()));
        QVERIFY2(!send.err.contains("shared outbox"), qPrintable(send.describe()));
        // The report of a local send: one channel, delivered at the first attempt.
        const QJsonObject report = send.json().object();
        QCOMPARE(report.value(QStringLiteral("success")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("delivered")).toInt(), 1);
        const QJsonArray results = report.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.first().toObject().value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
        QCOMPARE(results.first().toObject().value(QStringLiteral("attempts")).toInt(), 1);
        const QString id = report.value(QStringLiteral("alert_id")).toString();
        QVERIFY(!id.isEmpty());

        // Exactly once at the receiver, and once in the history, with the dedup key it was given.
        QCOMPARE(rig.sink.requestCount(), 1);
        const QJsonObject sent = rig.sink.requests().first().json().value(QStringLiteral("alert")).toObject();
        QCOMPARE(sent.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(sent.value(QStringLiteral("title")).toString(), QStringLiteral("through the API"));
        QList<QJsonObject> alerts = history(*rig.cli);
        QCOMPARE(alerts.size(), 1);
        QCOMPARE(alerts.first().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(alerts.first().value(QStringLiteral("dedup_key")).toString(), QStringLiteral("btc-70k"));

        // The same dedup key again: the running instance counts a repeat and notifies nobody.
        const CliResult again = rig.cli->run(
            alertArgs(QStringLiteral("through the API")) << QStringLiteral("--dedup-key") << QStringLiteral("btc-70k"));
        QVERIFY2(again.exitedWith(0), qPrintable(again.describe()));
        const QJsonObject repeat = again.json().object();
        QCOMPARE(repeat.value(QStringLiteral("deduplicated")).toBool(), true);
        QCOMPARE(repeat.value(QStringLiteral("alert_id")).toString(), id);
        QCOMPARE(repeat.value(QStringLiteral("count")).toInt(), 2);
        QVERIFY(rig.sink.waitForRequests(1));
        QCOMPARE(history(*rig.cli).size(), 1);

        QVERIFY2(rig.stopRun(), qPrintable(rig.run->result().describe()));
        // Nothing was left for anyone else to send.
        const CliResult flush = rig.cli->run(words({ "flush" }));
        QVERIFY2(flush.exitedWith(0), qPrintable(flush.describe()));
        QCOMPARE(rig.sink.requestCount(), 1);
    }

    void apiRefusalNamesTheField()
    {
        Rig rig(m_keychain.profiles());
        QVERIFY2(rig.problem.isEmpty(), qPrintable(rig.problem));
        QVERIFY2(rig.startRun(true), qPrintable(rig.problem));
        const qint64 runPid = rig.run->pid();

        // The running instance routes the alert: an unknown channel is its 400, field "channels".
        const CliResult send = rig.cli->run(
            alertArgs(QStringLiteral("nowhere")) << QStringLiteral("--channel") << QStringLiteral("nosuch"));
        QVERIFY2(send.exitedWith(2), qPrintable(send.describe()));
        QVERIFY2(send.err.contains("--channel: no channel named 'nosuch'"), qPrintable(send.describe()));
        QVERIFY2(send.err.contains(QByteArray("refused by the running instance, pid " + QByteArray::number(runPid))),
            qPrintable(send.describe()));
        QVERIFY2(!send.err.contains("shared outbox"), qPrintable(send.describe()));
        QVERIFY(send.out.isEmpty());
        QCOMPARE(history(*rig.cli).size(), 0);
        QCOMPARE(rig.sink.requestCount(), 0);
        QVERIFY2(rig.stopRun(), qPrintable(rig.run->result().describe()));
    }

    void ownerWithoutIngestFallsBack_data()
    {
        QTest::addColumn<bool>("portTaken");
        QTest::addColumn<QByteArray>("why");
        // run cannot listen (its port is taken): it serves no API and writes no endpoint.
        QTest::newRow("no ingest API") << true << QByteArray("serves no ingest API");
        // The endpoint names run but a port where nothing listens.
        QTest::newRow("connection refused") << false << QByteArray("refused the connection to its ingest API");
    }

    void ownerWithoutIngestFallsBack()
    {
        QFETCH(bool, portTaken);
        QFETCH(QByteArray, why);
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        Rig rig(m_keychain.profiles(), portTaken ? QString::number(squatter.serverPort()) : QStringLiteral("0"));
        QVERIFY2(rig.problem.isEmpty(), qPrintable(rig.problem));
        QVERIFY2(rig.startRun(!portTaken), qPrintable(rig.problem));
        const qint64 runPid = rig.run->pid();
        if (portTaken) {
            QVERIFY(!QFile::exists(rig.dir.filePath(QStringLiteral("ingest.json"))));
        } else {
            const int closed = freePort();
            QVERIFY(closed > 0);
            QSaveFile f(rig.dir.filePath(QStringLiteral("ingest.json")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(QJsonObject { { QStringLiteral("pid"), runPid }, { QStringLiteral("port"), closed } })
                        .toJson());
            QVERIFY(f.commit());
        }

        const CliResult send = rig.cli->run(alertArgs(QStringLiteral("the other way")));
        QVERIFY2(send.exitedWith(0), qPrintable(send.describe()));
        QVERIFY2(send.err.contains(QByteArray(pidText(runPid) + " " + why)), qPrintable(send.describe()));
        QVERIFY2(
            send.err.contains(QByteArray("to the running instance " + pidText(runPid) + " through the shared outbox")),
            qPrintable(send.describe()));
        const QJsonObject report = send.json().object();
        QCOMPARE(report.value(QStringLiteral("delivered")).toInt(), 1);
        QCOMPARE(rig.sink.requestCount(), 1);
        QCOMPARE(rig.sink.requests()
                     .first()
                     .json()
                     .value(QStringLiteral("alert"))
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toString(),
            report.value(QStringLiteral("alert_id")).toString());
        QCOMPARE(history(*rig.cli).size(), 1);
        QVERIFY2(rig.stopRun(), qPrintable(rig.run->result().describe()));
        QCOMPARE(rig.sink.requestCount(), 1);
    }

    void runFollowsSettingsSetElsewhere()
    {
        Rig rig(m_keychain.profiles());
        QVERIFY2(rig.problem.isEmpty(), qPrintable(rig.problem));
        rig.sink.setDefault(ScriptedResponse::withStatus(500, "down"));
        for (const QStringList& args : { words({ "settings", "set", "delivery.max_retries", "0" }),
                 words({ "settings", "set", "delivery.retry_delay_ms", "0" }) }) {
            const CliResult r = rig.cli->run(args);
            QVERIFY2(r.exitedWith(0), qPrintable(r.describe()));
        }
        QVERIFY2(rig.startRun(true), qPrintable(rig.problem));
        const qint64 runPid = rig.run->pid();

        auto attemptsOf = [](const CliResult& r) {
            return r.json()
                .object()
                .value(QStringLiteral("results"))
                .toArray()
                .first()
                .toObject()
                .value(QStringLiteral("attempts"))
                .toInt();
        };
        const CliResult before = rig.cli->run(alertArgs(QStringLiteral("no retries")));
        QVERIFY2(before.exitedWith(1), qPrintable(before.describe()));
        QCOMPARE(attemptsOf(before), 1);
        QCOMPARE(rig.sink.requestCount(), 1);

        // Changed by another process while run is up: the next alert is tried 1 + 2 times.
        const CliResult set = rig.cli->run(words({ "settings", "set", "delivery.max_retries", "2" }));
        QVERIFY2(set.exitedWith(0), qPrintable(set.describe()));
        const CliResult after = rig.cli->run(alertArgs(QStringLiteral("two retries")));
        QVERIFY2(after.exitedWith(1), qPrintable(after.describe()));
        QVERIFY2(after.err.contains("through its ingest API"), qPrintable(after.describe()));
        QCOMPARE(attemptsOf(after), 3);
        QCOMPARE(rig.sink.requestCount(), 4);

        // A new ingest port: run moves its API there and says so in its endpoint file.
        const int newPort = freePort();
        QVERIFY(newPort > 0);
        const CliResult port = rig.cli->run(words({ "settings", "set", "ingest.port" }) << QString::number(newPort));
        QVERIFY2(port.exitedWith(0), qPrintable(port.describe()));
        QVERIFY2(
            waitUntil([&] { return endpoint(rig.dir.path()).value(QStringLiteral("port")).toInt() == newPort; }, 10000),
            QJsonDocument(endpoint(rig.dir.path())).toJson().constData());
        QCOMPARE(endpoint(rig.dir.path()).value(QStringLiteral("pid")).toInteger(), runPid);
        rig.sink.setDefault(ScriptedResponse::ok());
        const CliResult moved = rig.cli->run(alertArgs(QStringLiteral("to the new port")));
        QVERIFY2(moved.exitedWith(0), qPrintable(moved.describe()));
        QVERIFY2(moved.err.contains("through its ingest API"), qPrintable(moved.describe()));
        QCOMPARE(rig.sink.requestCount(), 5);
        QVERIFY2(rig.stopRun(), qPrintable(rig.run->result().describe()));
    }
};

QTEST_GUILESS_MAIN(TestCliHandOff)
#include "TestCliHandOff.moc"
