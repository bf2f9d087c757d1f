// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "ScriptedHttpServer.h"
#include "ScriptedNtfyServer.h"
#include "TestKeychain.h"
#include "TestProfile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// `alertdesk-cli run` drives a profile; other alertdesk-cli processes on the same profile
// hand their alerts to it (through the outbox) instead of sending themselves.
class TestCliRun final : public QObject {
    Q_OBJECT

    static QStringList words(std::initializer_list<const char*> list)
    {
        QStringList out;
        for (const char* w : list)
            out << QString::fromUtf8(w);
        return out;
    }
    static QStringList alertArgs(const QString& title)
    {
        return words({ "send", "--type", "PRICE", "--priority", "CRITICAL", "--message", "crossed", "--title" })
            << title;
    }
    static QMap<QString, QJsonObject> resultsByChannel(const QJsonObject& report)
    {
        QMap<QString, QJsonObject> out;
        for (const QJsonValue& v : report.value(QStringLiteral("results")).toArray())
            out.insert(v.toObject().value(QStringLiteral("channel")).toString(), v.toObject());
        return out;
    }
    static QMap<QByteArray, int> requestsByPath(const ScriptedHttpServer& s)
    {
        QMap<QByteArray, int> out;
        for (const RecordedRequest& r : s.requests())
            ++out[r.path];
        return out;
    }

    TestKeychain m_keychain; // the real Secret Service; the profiles whose secrets go at the end

    // Starts `run` and waits until it drives the profile.
    static std::unique_ptr<CliProcess> startRun(CliRunner& cli)
    {
        auto run = cli.start({ QStringLiteral("run") });
        if (run && !run->waitForStderr("engine running", 15000)) {
            qWarning().noquote() << "run did not start:" << run->result().describe();
            return nullptr;
        }
        return run;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = m_keychain.start();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
    }

    void cleanupTestCase() { m_keychain.purge(); }

    void handOffToRunningInstance()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QVERIFY(cli.addWebhook(QStringLiteral("alpha"), server.url(QStringLiteral("/alpha"))).exitedWith(0));
        QVERIFY(cli.addWebhook(QStringLiteral("beta"), server.url(QStringLiteral("/beta"))).exitedWith(0));

        auto run = startRun(cli);
        QVERIFY(run);
        const qint64 runPid = run->pid();
        QVERIFY2(run->err().contains(QByteArray::number(runPid)), run->err().constData());

        const CliResult send = cli.run(alertArgs(QStringLiteral("handed off")));
        QVERIFY2(send.exitedWith(0), qPrintable(send.describe()));
        QVERIFY2(send.err.contains("handed alert")
                && send.err.contains(
                    QByteArray("to the running instance (pid ").append(QByteArray::number(runPid)).append(")")),
            qPrintable(send.describe()));
        const QJsonObject report = send.json().object();
        QCOMPARE(report.value(QStringLiteral("success")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("delivered")).toInt(), 2);
        const auto results = resultsByChannel(report);
        QCOMPARE(results.keys(), (QStringList { QStringLiteral("alpha"), QStringLiteral("beta") }));
        for (const QJsonObject& r : results) {
            QCOMPARE(r.value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
            QCOMPARE(r.value(QStringLiteral("attempts")).toInt(), 1);
        }
        // The running instance sent it, once per channel.
        QCOMPARE(requestsByPath(server), (QMap<QByteArray, int> { { "/alpha", 1 }, { "/beta", 1 } }));
        for (const RecordedRequest& r : server.requests()) {
            QCOMPARE(r.json().value(QStringLiteral("alert")).toObject().value(QStringLiteral("id")).toString(),
                report.value(QStringLiteral("alert_id")).toString());
        }

        // flush and a second run refuse while run holds the profile, and name its pid.
        for (const QStringList& args : { words({ "flush" }), words({ "run" }) }) {
            const CliResult r = cli.run(args);
            QVERIFY2(r.exitedWith(1), qPrintable(r.describe()));
            QVERIFY2(r.err.contains(QByteArray("pid ").append(QByteArray::number(runPid))), qPrintable(r.describe()));
        }

        run->terminate();
        QVERIFY(run->waitForFinished(10000));
        cli.record(*run);
        const CliResult stopped = run->result();
        QVERIFY2(stopped.exitedWith(0), qPrintable(stopped.describe()));
        QVERIFY2(stopped.err.contains("stopping"), qPrintable(stopped.describe()));
        // Nothing more went out, and the profile is free again.
        QCOMPARE(server.requestCount(), 2);
        const CliResult flush = cli.run(words({ "flush" }));
        QVERIFY2(flush.exitedWith(0), qPrintable(flush.describe()));
        QCOMPARE(server.requestCount(), 2);
    }

    void handOffToChannelAddedAfterStart()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QVERIFY(cli.addWebhook(QStringLiteral("alpha"), server.url(QStringLiteral("/alpha"))).exitedWith(0));
        auto run = startRun(cli);
        QVERIFY(run);

        // The running instance learns of the new channel from the profile on disk.
        const CliResult add = cli.addWebhook(QStringLiteral("gamma"), server.url(QStringLiteral("/gamma")));
        QVERIFY2(add.exitedWith(0), qPrintable(add.describe()));
        const CliResult send = cli.run(
            alertArgs(QStringLiteral("to the new channel")) << QStringLiteral("--channel") << QStringLiteral("gamma"));
        QVERIFY2(send.exitedWith(0), qPrintable(send.describe()));
        QVERIFY2(send.err.contains("handed alert"), qPrintable(send.describe()));
        QCOMPARE(resultsByChannel(send.json().object())
                     .value(QStringLiteral("gamma"))
                     .value(QStringLiteral("status"))
                     .toString(),
            QStringLiteral("delivered"));
        QCOMPARE(requestsByPath(server), (QMap<QByteArray, int> { { "/gamma", 1 } }));

        // And both channels together, afterwards.
        const CliResult both = cli.run(alertArgs(QStringLiteral("to both")));
        QVERIFY2(both.exitedWith(0), qPrintable(both.describe()));
        QCOMPARE(requestsByPath(server), (QMap<QByteArray, int> { { "/alpha", 1 }, { "/gamma", 2 } }));

        run->terminate();
        QVERIFY(run->waitForFinished(10000));
        QVERIFY2(run->result().exitedWith(0), qPrintable(run->result().describe()));
    }

    void channelChangedWhileRunning()
    {
        // A webhook URL is rotated (remove, add again with a new URL) and another channel is
        // removed while run drives the profile: run follows the profile on disk.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        ScriptedHttpServer oldServer, newServer;
        QVERIFY(oldServer.listen() && newServer.listen());
        QVERIFY(cli.addWebhook(QStringLiteral("alpha"), oldServer.url(QStringLiteral("/alpha"))).exitedWith(0));
        QVERIFY(cli.addWebhook(QStringLiteral("beta"), oldServer.url(QStringLiteral("/beta"))).exitedWith(0));
        auto run = startRun(cli);
        QVERIFY(run);
        const CliResult before = cli.run(alertArgs(QStringLiteral("before the change")));
        QVERIFY2(before.exitedWith(0), qPrintable(before.describe()));
        QCOMPARE(oldServer.requestCount(), 2);

        for (const QStringList& args :
            { words({ "channel", "remove", "alpha" }), words({ "channel", "remove", "beta" }) }) {
            const CliResult r = cli.run(args);
            QVERIFY2(r.exitedWith(0), qPrintable(r.describe()));
        }
        const CliResult add = cli.addWebhook(QStringLiteral("alpha"), newServer.url(QStringLiteral("/alpha-rotated")));
        QVERIFY2(add.exitedWith(0), qPrintable(add.describe()));

        const CliResult after = cli.run(alertArgs(QStringLiteral("after the change")));
        QVERIFY2(after.exitedWith(0), qPrintable(after.describe()));
        QVERIFY2(after.err.contains("handed alert"), qPrintable(after.describe()));
        QCOMPARE(resultsByChannel(after.json().object()).keys(), QStringList { QStringLiteral("alpha") });
        QCOMPARE(oldServer.requestCount(), 2);
        QCOMPARE(newServer.requestCount(), 1);
        QCOMPARE(newServer.requests().first().path, QByteArray("/alpha-rotated"));

        run->terminate();
        QVERIFY(run->waitForFinished(10000));
        QVERIFY2(run->result().exitedWith(0), qPrintable(run->result().describe()));
    }

    void debugLoggingKeepsTheTokenOut()
    {
        // Qt's own qt.httpserver category prints each request with its headers at debug level;
        // with every debug category on, the ingest API's bearer token must still not show.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        QVERIFY(cli.run(words({ "settings", "set", "ingest.port", "0" })).exitedWith(0));
        const CliResult token = cli.run(words({ "api-token" }));
        QVERIFY2(token.exitedWith(0), qPrintable(token.describe()));
        const QByteArray secret = token.out.trimmed();
        QVERIFY(secret.startsWith("adk_"));

        cli.environment().insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
        auto run = cli.start({ QStringLiteral("run") });
        QVERIFY(run);
        QVERIFY2(run->waitForStderr("ingest API on", 15000), qPrintable(run->result().describe()));
        static const QRegularExpression portRe(QStringLiteral("ingest API on http://127\\.0\\.0\\.1:(\\d+)/"));
        const int port = portRe.match(QString::fromUtf8(run->err())).captured(1).toInt();
        QVERIFY(port > 0);

        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/health").arg(port)));
        req.setRawHeader("Authorization", "Bearer " + secret);
        QNetworkReply* reply = nam.get(req);
        QVERIFY(waitUntil([&] { return reply->isFinished(); }, 10000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();
        // Our own debug line for that request shows that debug logging was on.
        QVERIFY2(run->waitForStderr("ingest: /v1/health 200", 10000), run->err().constData());

        run->terminate();
        QVERIFY(run->waitForFinished(10000));
        QVERIFY2(run->result().exitedWith(0), qPrintable(run->result().describe()));
        const QByteArray printed = run->out() + run->err();
        QVERIFY2(!printed.contains(secret), "the bearer token was printed");
        QVERIFY2(!printed.contains(secret.mid(4, 16)), "part of the bearer token was printed");
    }

    void runSubscribesToAnNtfySourceAndResumesAfterARestart()
    {
        // The token through standard input into the real keychain; run subscribes with it,
        // takes a message, and after a restart takes the one published meanwhile, once.
        ScriptedNtfyServer server(QStringLiteral("tv-run-8q2x"));
        QVERIFY(server.listen());
        const QByteArray token = "tk_runsourcetoken0123456789";
        server.setToken(token);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        QVERIFY(cli.run(words({ "settings", "set", "ingest.port", "0" })).exitedWith(0));
        const CliResult added
            = cli.run(QStringList { QStringLiteral("source"), QStringLiteral("add"), QStringLiteral("ntfy"),
                          QStringLiteral("tv"), QStringLiteral("--server"), server.url(), QStringLiteral("--topic"),
                          server.topic(), QStringLiteral("--token"), QStringLiteral("-") },
                token + '\n');
        QVERIFY2(added.exitedWith(0), qPrintable(added.describe()));
        auto titles = [&cli] {
            const CliResult h = cli.run(words({ "history", "--limit", "10" }));
            QStringList out;
            for (const QByteArray& line : h.out.split('\n')) {
                if (!line.trimmed().isEmpty())
                    out.prepend(QJsonDocument::fromJson(line).object().value(QStringLiteral("title")).toString());
            }
            return out;
        };

        cli.environment().insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
        auto run = startRun(cli);
        QVERIFY(run);
        QVERIFY2(run->waitForStderr("subscribed to 1 source", 15000), run->err().constData());
        QVERIFY(waitUntil([&] { return server.openSubscriptions() == 1; }, 10000));
        QCOMPARE(server.authorizations().last(), QByteArray("Bearer ") + token);
        const QString first = server.publish(QStringLiteral("BTCUSDT crossing {{close}}\nfrom TradingView"));
        QVERIFY(waitUntil([&] { return titles() == QStringList { "BTCUSDT crossing {{close}}" }; }, 10000));
        run->terminate();
        QVERIFY(run->waitForFinished(10000));
        QVERIFY2(run->result().exitedWith(0), qPrintable(run->result().describe()));
        cli.record(*run);
        QByteArray printed = run->out() + run->err(); // with every debug category on
        QVERIFY(waitUntil([&] { return server.openSubscriptions() == 0; }, 10000));

        server.publish(QStringLiteral("ETHUSDT below 3000"));
        run = startRun(cli);
        QVERIFY(run);
        QVERIFY(waitUntil([&] { return server.subscribePaths().size() == 2; }, 15000));
        QCOMPARE(server.lastSince(), first);
        QVERIFY(waitUntil(
            [&] {
                return titles() == QStringList { "BTCUSDT crossing {{close}}", "ETHUSDT below 3000" };
            },
            10000));
        run->terminate();
        QVERIFY(run->waitForFinished(10000));
        cli.record(*run);
        printed += run->out() + run->err() + added.out + added.err;
        QVERIFY2(!printed.contains(token), "the ntfy token was printed");
        QFile config(dir.filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QVERIFY(!config.readAll().contains(token));
    }

    void handOffWhenRunStopsMidDelivery()
    {
        // run takes the alert, its request hangs at the receiver, run is stopped: the waiting
        // send takes the profile over and delivers the alert itself, with the same key.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(ScriptedResponse::hang());
        QVERIFY(cli.addWebhook(QStringLiteral("alpha"), server.url(QStringLiteral("/alpha"))).exitedWith(0));
        auto run = startRun(cli);
        QVERIFY(run);
        const qint64 runPid = run->pid();

        auto send = cli.start(alertArgs(QStringLiteral("survives a stop")));
        QVERIFY(send);
        QVERIFY(send->waitForStderr("handed alert", 10000));
        QVERIFY(server.waitForRequests(1, 10000));
        run->terminate();
        QVERIFY(run->waitForFinished(10000));
        QVERIFY2(run->result().exitedWith(0), qPrintable(run->result().describe()));

        QVERIFY(send->waitForFinished(15000));
        cli.record(*send);
        const CliResult r = send->result();
        QVERIFY2(r.exitedWith(0), qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QByteArray("pid ").append(QByteArray::number(runPid)).append(") stopped")),
            qPrintable(r.describe()));
        const auto results = resultsByChannel(r.json().object());
        QCOMPARE(results.value(QStringLiteral("alpha")).value(QStringLiteral("status")).toString(),
            QStringLiteral("delivered"));
        QCOMPARE(server.requestCount(), 2);
        QCOMPARE(server.requests().at(0).header("Idempotency-Key"), server.requests().at(1).header("Idempotency-Key"));
        QCOMPARE(QString::fromLatin1(server.requests().at(1).header("Idempotency-Key")),
            results.value(QStringLiteral("alpha")).value(QStringLiteral("idempotency_key")).toString());
    }
};

QTEST_GUILESS_MAIN(TestCliRun)
#include "TestCliRun.moc"
