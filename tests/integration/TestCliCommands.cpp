// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "ScriptedHttpServer.h"
#include "TestKeychain.h"
#include "TestProfile.h"

#include "config/SecretStore.h"

#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// alertdesk-cli's commands as a user runs them: exit codes, messages that name the bad
// argument, and the JSON that send, history, health and settings print.
class TestCliCommands final : public QObject {
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
        return words({ "send", "--type", "RISK", "--priority", "HIGH", "--message",
                   "BTC position exceeds risk limit by 15%", "--symbol", "BTCUSDT", "--title" })
            << title;
    }

    // A fresh profile whose retries are quick (10 ms base delay).
    struct Fixture {
        QTemporaryDir dir;
        CliRunner cli { QStringLiteral(ALERTDESK_CLI_PATH), dir.path() };
        ScriptedHttpServer server;
    };
    std::unique_ptr<Fixture> m_f;
    TestKeychain m_keychain; // the real Secret Service; the profiles whose secrets go at the end

    CliRunner& cli() { return m_f->cli; }
    ScriptedHttpServer& server() { return m_f->server; }

    bool addHook(const QString& name, const QString& path)
    {
        const CliResult r = cli().addWebhook(name, server().url(path));
        if (!r.exitedWith(0))
            qWarning().noquote() << r.describe();
        return r.exitedWith(0);
    }

    bool set(const char* key, const char* value)
    {
        const CliResult r = cli().run({ QStringLiteral("settings"), QStringLiteral("set"), QString::fromLatin1(key),
            QString::fromLatin1(value) });
        if (!r.exitedWith(0))
            qWarning().noquote() << r.describe();
        return r.exitedWith(0);
    }

    qint64 alertCount()
    {
        const CliResult h = cli().run(words({ "history", "--limit", "1000" }));
        return h.exitedWith(0) ? h.jsonLines().size() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = m_keychain.start();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
    }

    void init()
    {
        m_f = std::make_unique<Fixture>();
        QVERIFY(m_f->dir.isValid());
        QVERIFY(m_f->server.listen());
        m_keychain << m_f->dir.path();
        QVERIFY(set("delivery.retry_delay_ms", "10"));
        QVERIFY(set("delivery.jitter", "0"));
    }

    void cleanup() { m_f.reset(); }

    void cleanupTestCase() { m_keychain.purge(); }

    void sendExitCodes_data()
    {
        QTest::addColumn<QList<int>>("secondAnswers"); // statuses the second channel answers, in order
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("secondStatus");
        QTest::addColumn<int>("secondAttempts");
        QTest::addColumn<QString>("secondError");
        QTest::newRow("all delivered") << QList<int> { 200 } << 0 << QStringLiteral("delivered") << 1 << QString();
        QTest::newRow("delivered after a retry")
            << QList<int> { 503, 200 } << 0 << QStringLiteral("delivered") << 2 << QString();
        QTest::newRow("400 fails for good")
            << QList<int> { 400 } << 1 << QStringLiteral("failed") << 1
            << QStringLiteral("HTTP 400: {\"error\":\"invalid_payload\",\"status\":400}");
        QTest::newRow("503 until retries run out")
            << QList<int> { 503, 503, 503 } << 1 << QStringLiteral("failed") << 3
            << QStringLiteral("gave up after 3 attempts: HTTP 503: {\"error\":\"overloaded\",\"status\":503}");
    }

    void sendExitCodes()
    {
        QFETCH(QList<int>, secondAnswers);
        QFETCH(int, exitCode);
        QFETCH(QString, secondStatus);
        QFETCH(int, secondAttempts);
        QFETCH(QString, secondError);
        QVERIFY(set("delivery.max_retries", "2"));
        auto answers = std::make_shared<QList<int>>(secondAnswers);
        server().setHandler([answers](const RecordedRequest& r) {
            if (r.path == "/first")
                return ScriptedResponse::ok();
            const int status = answers->isEmpty() ? 200 : answers->takeFirst();
            const QByteArray text = status == 400 ? "invalid_payload" : "overloaded";
            return status == 200 ? ScriptedResponse::ok()
                                 : ScriptedResponse::json(status,
                                     "{\"error\":\"" + text + "\",\"status\":" + QByteArray::number(status) + "}");
        });
        QVERIFY(addHook(QStringLiteral("first"), QStringLiteral("/first")));
        QVERIFY(addHook(QStringLiteral("second"), QStringLiteral("/second")));

        const CliResult r = cli().run(alertArgs(QStringLiteral("Position risk exceeded")));
        QVERIFY2(r.exitedWith(exitCode), qPrintable(r.describe()));
        const QJsonObject report = r.json().object();
        QVERIFY2(!report.isEmpty(), qPrintable(r.describe()));
        QVERIFY(!report.value(QStringLiteral("alert_id")).toString().isEmpty());
        QCOMPARE(report.value(QStringLiteral("total")).toInt(), 2);
        QCOMPARE(report.value(QStringLiteral("delivered")).toInt(), exitCode == 0 ? 2 : 1);
        QCOMPARE(report.value(QStringLiteral("success")).toBool(), exitCode == 0);
        QCOMPARE(report.value(QStringLiteral("success_rate")).toDouble(), exitCode == 0 ? 100.0 : 50.0);
        QVERIFY(!report.value(QStringLiteral("finished_at")).isNull());
        QMap<QString, QJsonObject> results;
        for (const QJsonValue& v : report.value(QStringLiteral("results")).toArray())
            results.insert(v.toObject().value(QStringLiteral("channel")).toString(), v.toObject());
        QCOMPARE(results.keys(), (QStringList { QStringLiteral("first"), QStringLiteral("second") }));
        QCOMPARE(
            results[QStringLiteral("first")].value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
        QVERIFY(results[QStringLiteral("first")].value(QStringLiteral("latency_ms")).toDouble() >= 0);
        const QJsonObject second = results[QStringLiteral("second")];
        QCOMPARE(second.value(QStringLiteral("status")).toString(), secondStatus);
        QCOMPARE(second.value(QStringLiteral("attempts")).toInt(), secondAttempts);
        QCOMPARE(second.value(QStringLiteral("error")).toString(), secondError);
        // The receiver saw every attempt, each with the delivery's one idempotency key.
        int toSecond = 0;
        for (const RecordedRequest& req : server().requests()) {
            const QString channel = QString::fromUtf8(req.path.mid(1));
            QCOMPARE(QString::fromLatin1(req.header("Idempotency-Key")),
                results[channel].value(QStringLiteral("idempotency_key")).toString());
            toSecond += channel == QLatin1String("second") ? 1 : 0;
        }
        QCOMPARE(toSecond, secondAttempts);
        QCOMPARE(server().requestCount(), secondAttempts + 1);
    }

    void sendBadInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named"); // what stderr must name
        const QStringList base = words({ "send", "--type", "RISK", "--priority", "HIGH", "--title", "t" });
        QTest::newRow("no --title, no --message")
            << words({ "send", "--type", "RISK", "--priority", "HIGH" }) << QStringLiteral("--title");
        QTest::newRow("empty --dedup-key")
            << base + QStringList { QStringLiteral("--dedup-key"), QString() } << QStringLiteral("--dedup-key");
        QTest::newRow("unknown --type") << words({ "send", "--type", "WEATHER", "--priority", "HIGH", "--title", "t" })
                                        << QStringLiteral("--type 'WEATHER'");
        QTest::newRow("unknown --priority")
            << words({ "send", "--type", "RISK", "--priority", "URGENT", "--title", "t" })
            << QStringLiteral("--priority 'URGENT'");
        QTest::newRow("--data not JSON") << base + words({ "--data", "{price: 1" }) << QStringLiteral("--data");
        QTest::newRow("--data an array") << base + words({ "--data", "[1,2]" }) << QStringLiteral("--data");
        QTest::newRow("unknown --channel") << base + words({ "--channel", "nosuch" }) << QStringLiteral("nosuch");
        QTest::newRow("unknown option") << base + words({ "--colour", "red" }) << QStringLiteral("--colour");
        QTest::newRow("stray word") << base + words({ "extra" }) << QStringLiteral("extra");
        QTest::newRow("--wait-timeout not a number")
            << base + words({ "--wait-timeout", "soon" }) << QStringLiteral("--wait-timeout");
    }

    void sendBadInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        QVERIFY(addHook(QStringLiteral("hook"), QStringLiteral("/hook")));
        const qint64 before = alertCount();
        const CliResult r = cli().run(args);
        QVERIFY2(r.exitedWith(2), qPrintable(r.describe()));
        QVERIFY2(r.err.contains(named.toUtf8()), qPrintable(r.describe()));
        QVERIFY2(r.out.isEmpty(), qPrintable(r.describe()));
        // Bad input sends and stores nothing.
        QCOMPARE(server().requestCount(), 0);
        QCOMPARE(alertCount(), before);
    }

    void settings_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("printed"); // settings get KEY, as JSON
        QTest::newRow("max_retries") << QStringLiteral("delivery.max_retries") << QStringLiteral("7")
                                     << QStringLiteral("7");
        QTest::newRow("max_retries 0") << QStringLiteral("delivery.max_retries") << QStringLiteral("0")
                                       << QStringLiteral("0");
        QTest::newRow("retry_delay_ms") << QStringLiteral("delivery.retry_delay_ms") << QStringLiteral("2500")
                                        << QStringLiteral("2500");
        QTest::newRow("parallel false") << QStringLiteral("delivery.parallel") << QStringLiteral("false")
                                        << QStringLiteral("false");
        QTest::newRow("parallel yes") << QStringLiteral("delivery.parallel") << QStringLiteral("yes")
                                      << QStringLiteral("true");
        QTest::newRow("fail_fast true") << QStringLiteral("delivery.fail_fast") << QStringLiteral("true")
                                        << QStringLiteral("true");
        QTest::newRow("fail_fast off") << QStringLiteral("delivery.fail_fast") << QStringLiteral("off")
                                       << QStringLiteral("false");
        // The window's alarm sounds and the end of a pause: listed and set like the others.
        QTest::newRow("sound critical") << QStringLiteral("ui.sound.critical") << QStringLiteral("Chime")
                                        << QStringLiteral("\"chime\"");
        QTest::newRow("sound info silent")
            << QStringLiteral("ui.sound.info") << QStringLiteral("silent") << QStringLiteral("\"silent\"");
        QTest::newRow("sound volume") << QStringLiteral("ui.sound.volume") << QStringLiteral("55")
                                      << QStringLiteral("55");
        QTest::newRow("critical repeats")
            << QStringLiteral("ui.sound.critical_repeats") << QStringLiteral("3") << QStringLiteral("3");
        QTest::newRow("pause until") << QStringLiteral("ui.pause_until") << QStringLiteral("1795000000000")
                                     << QStringLiteral("1795000000000");
    }

    void settings()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, printed);
        const CliResult set = cli().run({ QStringLiteral("settings"), QStringLiteral("set"), key, value });
        QVERIFY2(set.exitedWith(0), qPrintable(set.describe()));
        QCOMPARE(QString::fromUtf8(set.out).trimmed(), printed);
        // A new process reads it back from the profile.
        const CliResult get = cli().run({ QStringLiteral("settings"), QStringLiteral("get"), key });
        QVERIFY2(get.exitedWith(0), qPrintable(get.describe()));
        QCOMPARE(QString::fromUtf8(get.out).trimmed(), printed);
        const CliResult list = cli().run(words({ "settings", "list" }));
        QVERIFY2(list.exitedWith(0), qPrintable(list.describe()));
        QCOMPARE(QString::fromUtf8(
                     QJsonDocument(QJsonArray { list.json().object().value(key) }).toJson(QJsonDocument::Compact)),
            QStringLiteral("[%1]").arg(printed));
    }

    void settingsBadValue_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("max_retries not a number") << QStringLiteral("delivery.max_retries") << QStringLiteral("many");
        QTest::newRow("max_retries too high") << QStringLiteral("delivery.max_retries") << QStringLiteral("1000");
        QTest::newRow("max_retries fraction") << QStringLiteral("delivery.max_retries") << QStringLiteral("2.5");
        QTest::newRow("retry_delay_ms negative") << QStringLiteral("delivery.retry_delay_ms") << QStringLiteral("-1");
        QTest::newRow("parallel not a boolean") << QStringLiteral("delivery.parallel") << QStringLiteral("maybe");
        QTest::newRow("fail_fast not a boolean") << QStringLiteral("delivery.fail_fast") << QStringLiteral("2");
        QTest::newRow("unknown key") << QStringLiteral("delivery.colour") << QStringLiteral("1");
        QTest::newRow("unknown sound") << QStringLiteral("ui.sound.high") << QStringLiteral("trumpet");
        QTest::newRow("volume over 100") << QStringLiteral("ui.sound.volume") << QStringLiteral("150");
    }

    void settingsBadValue()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        const QByteArray configBefore = [&] {
            QFile f(QDir(m_f->dir.path()).filePath(QStringLiteral("config.json")));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        const CliResult r = cli().run({ QStringLiteral("settings"), QStringLiteral("set"), key, value });
        QVERIFY2(r.exitedWith(2), qPrintable(r.describe()));
        QVERIFY2(r.err.contains(key.toUtf8()), qPrintable(r.describe()));
        QFile f(QDir(m_f->dir.path()).filePath(QStringLiteral("config.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), configBefore);
        const CliResult get = cli().run({ QStringLiteral("settings"), QStringLiteral("get"), key });
        QVERIFY2(get.exitedWith(key == QLatin1String("delivery.colour") ? 2 : 0), qPrintable(get.describe()));
    }

    // history --format: the whole history under a filter as CSV that Python's csv module reads
    // back field for field, as one JSON array, or as JSON lines; no secret in any of them.
    void historyExport()
    {
        const QString secret = QStringLiteral("T0k3nPathSecret9f8e7d6c");
        QVERIFY(set("delivery.max_retries", "0"));
        server().setHandler([](const RecordedRequest& r) {
            // The failing receiver echoes the request path (with the secret) in its error.
            return r.path.startsWith("/bad") ? ScriptedResponse::withStatus(500, "no route for " + r.path)
                                             : ScriptedResponse::ok();
        });
        QVERIFY(addHook(QStringLiteral("good"), QStringLiteral("/good")));
        QVERIFY(addHook(QStringLiteral("bad"), QStringLiteral("/bad/") + secret));
        const QString message = QStringLiteral("Equity 41,200 USD, \"maintenance\" 45,000\nAdd funds or reduce 🚀");
        QStringList ids;
        for (const auto& [priority, title] : { std::pair { "HIGH", "Drawdown 8%" },
                 std::pair { "CRITICAL", "Margin call, \"main\" account" }, std::pair { "LOW", "=SUM(A1)" } }) {
            const CliResult r = cli().run(words({ "send", "--type", "RISK", "--symbol", "BTCUSDT", "--priority" })
                << QString::fromLatin1(priority) << QStringLiteral("--title") << QString::fromUtf8(title)
                << QStringLiteral("--message") << message);
            QVERIFY2(r.exitedWith(1), qPrintable(r.describe()));
            ids << r.json().object().value(QStringLiteral("alert_id")).toString();
        }
        QVERIFY(cli().run(words({ "ack" }) << ids.at(0)).exitedWith(0));

        const CliResult jsonl = cli().run(words({ "history", "--format", "jsonl" }));
        QVERIFY2(jsonl.exitedWith(0), qPrintable(jsonl.describe()));
        const QList<QJsonObject> alerts = jsonl.jsonLines();
        QCOMPARE(alerts.size(), 3);
        QCOMPARE(alerts.at(0).value(QStringLiteral("id")).toString(), ids.at(2)); // newest first
        QCOMPARE(alerts.at(2).value(QStringLiteral("state")).toString(), QStringLiteral("acknowledged"));
        const QJsonObject counts = alerts.at(1).value(QStringLiteral("deliveries")).toObject();
        QCOMPARE(counts.value(QStringLiteral("delivered")).toInt(), 1);
        QCOMPARE(counts.value(QStringLiteral("failed")).toInt(), 1);

        const CliResult csv = cli().run(words({ "history", "--format", "csv" }));
        QVERIFY2(csv.exitedWith(0), qPrintable(csv.describe()));
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("alerts.csv")));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(csv.out) == csv.out.size());
        file.close();
        QProcess python;
        python.start(QStringLiteral("python3"),
            { QStringLiteral("-c"),
                QStringLiteral("import csv, json, sys\n"
                               "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
                               "    print(json.dumps(list(csv.DictReader(f))))"),
                file.fileName() });
        QVERIFY(python.waitForFinished(30000));
        QCOMPARE(python.exitCode(), 0);
        const QJsonArray rows = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
        QCOMPARE(rows.size(), 3);
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const QJsonObject row = rows.at(i).toObject();
            const QJsonObject& alert = alerts.at(i);
            for (const char* key : { "id", "priority", "type", "symbol", "title", "message", "state", "created_at" })
                QCOMPARE(row.value(QLatin1String(key)).toString(), alert.value(QLatin1String(key)).toString());
            QCOMPARE(row.value(QStringLiteral("failed")).toString(), QStringLiteral("1"));
        }
        QCOMPARE(rows.at(1).toObject().value(QStringLiteral("message")).toString(), message);

        const CliResult json = cli().run(
            words({ "history", "--format", "json", "--priority", "critical", "--priority", "HIGH", "--since", "1h" }));
        QVERIFY2(json.exitedWith(0), qPrintable(json.describe()));
        QCOMPARE(json.json().array().size(), 2);
        const CliResult acked = cli().run(words({ "history", "--format", "jsonl", "--state", "acknowledged" }));
        QCOMPARE(acked.jsonLines().size(), 1);
        const CliResult old = cli().run(words({ "history", "--format", "csv", "--until", "2020-01-01T00:00:00Z" }));
        QVERIFY2(old.exitedWith(0), qPrintable(old.describe()));
        QCOMPARE(old.out.count("\r\n"), 1); // the header row alone

        for (const CliResult& r : { jsonl, csv, json })
            QVERIFY2(!r.out.contains(secret.toUtf8()) && !r.out.contains(secret.left(12).toUtf8()),
                qPrintable(QString::fromUtf8(r.out)));

        const QList<std::pair<QStringList, const char*>> bad {
            { words({ "history", "--format", "xml" }), "--format" },
            { words({ "history", "--format", "csv", "--since", "yesterday" }), "--since" },
            { words({ "history", "--format", "csv", "--priority", "URGENT" }), "--priority" },
            { words({ "history", "--format", "csv", "--state", "closed" }), "--state" },
            { words({ "history", "--format", "csv", "--limit", "5" }), "--limit" },
            { words({ "history", "--state", "open" }), "--format" },
            { words({ "history", "--format", "csv", "--since", "1h", "--until", "2h" }), "--since" },
        };
        for (const auto& [args, option] : bad) {
            const CliResult r = cli().run(args);
            QVERIFY2(r.exitedWith(2) && r.err.contains(option), qPrintable(r.describe()));
        }
    }

    // settings set ui.autostart writes the profile's XDG autostart entry, and false removes it.
    void autostartEntry()
    {
        QTemporaryDir config;
        cli().environment().insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
        const QString dir = config.filePath(QStringLiteral("autostart"));
        QVERIFY(set("ui.autostart", "true"));
        const QStringList entries = QDir(dir).entryList({ QStringLiteral("alertdesk-*.desktop") }, QDir::Files);
        QCOMPARE(entries.size(), 1);
        QFile entry(QDir(dir).filePath(entries.first()));
        QVERIFY(entry.open(QIODevice::ReadOnly));
        const QByteArray text = entry.readAll();
        QVERIFY2(text.contains("Exec=\"") && text.contains(cli().profileDir().toUtf8()), text.constData());
        QVERIFY2(text.contains("/alertdesk\" --profile"), text.constData()); // the window beside the CLI
        QVERIFY(set("ui.autostart", "false"));
        QVERIFY(QDir(dir).entryList(QDir::Files).isEmpty());
    }

    void history()
    {
        QVERIFY(set("delivery.max_retries", "0"));
        server().setHandler([](const RecordedRequest& r) {
            return r.path == "/bad" ? ScriptedResponse::withStatus(500, "down") : ScriptedResponse::ok();
        });
        QVERIFY(addHook(QStringLiteral("good"), QStringLiteral("/good")));
        QVERIFY(addHook(QStringLiteral("bad"), QStringLiteral("/bad")));
        const QStringList titles { QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("third") };
        QStringList ids;
        for (const QString& t : titles) {
            const CliResult r = cli().run(alertArgs(t));
            QVERIFY2(r.exitedWith(1), qPrintable(r.describe()));
            ids << r.json().object().value(QStringLiteral("alert_id")).toString();
        }
        const CliResult h = cli().run(words({ "history", "--limit", "2" }));
        QVERIFY2(h.exitedWith(0), qPrintable(h.describe()));
        const QList<QJsonObject> lines = h.jsonLines();
        QCOMPARE(lines.size(), 2);
        // Newest first, each line one alert with its deliveries.
        QCOMPARE(lines[0].value(QStringLiteral("title")).toString(), QStringLiteral("third"));
        QCOMPARE(lines[0].value(QStringLiteral("id")).toString(), ids[2]);
        QCOMPARE(lines[1].value(QStringLiteral("title")).toString(), QStringLiteral("second"));
        QCOMPARE(lines[1].value(QStringLiteral("id")).toString(), ids[1]);
        for (const QJsonObject& line : lines) {
            QCOMPARE(line.value(QStringLiteral("type")).toString(), QStringLiteral("RISK"));
            QCOMPARE(line.value(QStringLiteral("priority")).toString(), QStringLiteral("HIGH"));
            QCOMPARE(line.value(QStringLiteral("symbol")).toString(), QStringLiteral("BTCUSDT"));
            QMap<QString, QJsonObject> d;
            for (const QJsonValue& v : line.value(QStringLiteral("deliveries")).toArray())
                d.insert(v.toObject().value(QStringLiteral("channel")).toString(), v.toObject());
            QCOMPARE(d.keys(), (QStringList { QStringLiteral("bad"), QStringLiteral("good") }));
            QCOMPARE(d[QStringLiteral("good")].value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
            QCOMPARE(d[QStringLiteral("bad")].value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
            QCOMPARE(d[QStringLiteral("bad")].value(QStringLiteral("error")).toString(),
                QStringLiteral("gave up after 1 attempt: HTTP 500: down"));
        }
        const CliResult all = cli().run(words({ "history" }));
        QVERIFY2(all.exitedWith(0), qPrintable(all.describe()));
        QCOMPARE(all.jsonLines().size(), 3);
        for (const char* bad : { "0", "-3", "x" }) {
            const CliResult r = cli().run(words({ "history", "--limit" }) << QString::fromLatin1(bad));
            QVERIFY2(r.exitedWith(2) && r.err.contains("--limit"), qPrintable(r.describe()));
        }
    }

    void health()
    {
        QVERIFY(set("delivery.max_retries", "1"));
        // good: 200 twice; flaky: 503 then 200, then 400 for good.
        auto flaky = std::make_shared<QList<int>>(QList<int> { 503, 200, 400 });
        server().setHandler([flaky](const RecordedRequest& r) {
            if (r.path == "/good")
                return ScriptedResponse::ok();
            const int s = flaky->isEmpty() ? 200 : flaky->takeFirst();
            return s == 200 ? ScriptedResponse::ok() : ScriptedResponse::withStatus(s, s == 400 ? "bad token" : "busy");
        });
        QVERIFY(addHook(QStringLiteral("good"), QStringLiteral("/good")));
        QVERIFY(addHook(QStringLiteral("flaky"), QStringLiteral("/flaky")));
        const CliResult first = cli().run(alertArgs(QStringLiteral("one")));
        QVERIFY2(first.exitedWith(0), qPrintable(first.describe()));
        const CliResult second = cli().run(alertArgs(QStringLiteral("two")));
        QVERIFY2(second.exitedWith(1), qPrintable(second.describe()));

        const CliResult h = cli().run(words({ "health" }));
        QVERIFY2(h.exitedWith(0), qPrintable(h.describe()));
        const QJsonObject stats = h.json().object();
        QCOMPARE(stats.value(QStringLiteral("alerts")).toInt(), 2);
        QCOMPARE(stats.value(QStringLiteral("deliveries_sent")).toInt(), 3);
        QCOMPARE(stats.value(QStringLiteral("deliveries_failed")).toInt(), 1);
        QCOMPARE(stats.value(QStringLiteral("attempts_retried")).toInt(), 1);
        QCOMPARE(stats.value(QStringLiteral("deliveries_open")).toInt(), 0);
        QCOMPARE(stats.value(QStringLiteral("success_rate")).toDouble(), 75.0);
        QMap<QString, QJsonObject> ch;
        for (const QJsonValue& v : stats.value(QStringLiteral("channels")).toArray())
            ch.insert(v.toObject().value(QStringLiteral("channel")).toString(), v.toObject());
        QCOMPARE(ch.keys(), (QStringList { QStringLiteral("flaky"), QStringLiteral("good") }));
        const QJsonObject good = ch[QStringLiteral("good")];
        QCOMPARE(good.value(QStringLiteral("sent")).toInt(), 2);
        QCOMPARE(good.value(QStringLiteral("failed")).toInt(), 0);
        QCOMPARE(good.value(QStringLiteral("retried")).toInt(), 0);
        QCOMPARE(good.value(QStringLiteral("success_rate")).toDouble(), 100.0);
        QVERIFY(good.value(QStringLiteral("last_error")).isNull());
        const QJsonObject flakyHealth = ch[QStringLiteral("flaky")];
        QCOMPARE(flakyHealth.value(QStringLiteral("sent")).toInt(), 1);
        QCOMPARE(flakyHealth.value(QStringLiteral("failed")).toInt(), 1);
        QCOMPARE(flakyHealth.value(QStringLiteral("retried")).toInt(), 1);
        QCOMPARE(flakyHealth.value(QStringLiteral("success_rate")).toDouble(), 50.0);
        QCOMPARE(flakyHealth.value(QStringLiteral("last_error")).toString(), QStringLiteral("HTTP 400: bad token"));
        QVERIFY(!flakyHealth.value(QStringLiteral("last_error_at")).isNull());
        for (const QJsonObject& c : { good, flakyHealth }) {
            QVERIFY2(c.value(QStringLiteral("latency_p50_ms")).isDouble(), qPrintable(h.describe()));
            QVERIFY(c.value(QStringLiteral("latency_p95_ms")).isDouble());
            QVERIFY(c.value(QStringLiteral("latency_p50_ms")).toDouble() >= 0);
            QVERIFY(c.value(QStringLiteral("latency_p95_ms")).toDouble()
                >= c.value(QStringLiteral("latency_p50_ms")).toDouble());
            QVERIFY(!c.value(QStringLiteral("last_success_at")).isNull());
        }
        const CliResult extra = cli().run(words({ "health", "now" }));
        QVERIFY2(extra.exitedWith(2), qPrintable(extra.describe()));
    }

    void sequentialWithUnusableFirstChannel_data()
    {
        QTest::addColumn<bool>("failFast");
        QTest::addColumn<QString>("secondStatus");
        QTest::newRow("the next channel still gets it") << false << QStringLiteral("delivered");
        QTest::newRow("fail-fast cancels the next") << true << QStringLiteral("cancelled");
    }

    void sequentialWithUnusableFirstChannel()
    {
        // One after another, and the first channel cannot be used (its secret is gone from
        // the keychain): the alert must still come to an end, not wait forever.
        QFETCH(bool, failFast);
        QFETCH(QString, secondStatus);
        QVERIFY(set("delivery.parallel", "false"));
        QVERIFY(set("delivery.fail_fast", failFast ? "true" : "false"));
        QVERIFY(addHook(QStringLiteral("first"), QStringLiteral("/first")));
        QVERIFY(addHook(QStringLiteral("second"), QStringLiteral("/second")));
        QFile config(QDir(m_f->dir.path()).filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QString profileId
            = QJsonDocument::fromJson(config.readAll()).object().value(QStringLiteral("profile_id")).toString();
        const SecretResult removed
            = TestKeychain::remove(SecretStore::key(profileId, QStringLiteral("first"), QStringLiteral("url")));
        QVERIFY2(removed.ok, qPrintable(removed.error));

        const CliResult r = cli().run(alertArgs(QStringLiteral("one after another")));
        QVERIFY2(r.exitedWith(1), qPrintable(r.describe()));
        QMap<QString, QJsonObject> results;
        for (const QJsonValue& v : r.json().object().value(QStringLiteral("results")).toArray())
            results.insert(v.toObject().value(QStringLiteral("channel")).toString(), v.toObject());
        QCOMPARE(results.value(QStringLiteral("first")).value(QStringLiteral("status")).toString(),
            QStringLiteral("failed"));
        QCOMPARE(results.value(QStringLiteral("first")).value(QStringLiteral("error")).toString(),
            QStringLiteral("the secret 'url' of channel first is missing from the keychain; add the channel again"));
        QCOMPARE(results.value(QStringLiteral("second")).value(QStringLiteral("status")).toString(), secondStatus);
        QCOMPARE(server().requestCount(), failFast ? 0 : 1);
        const CliResult health = cli().run(words({ "health" }));
        QCOMPARE(health.json().object().value(QStringLiteral("deliveries_open")).toInt(), 0);
    }

    void testChannel_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("error");
        QTest::newRow("200") << 200 << 0 << QString();
        QTest::newRow("500") << 500 << 1 << QStringLiteral("HTTP 500: exploded");
        QTest::newRow("403") << 403 << 1 << QStringLiteral("HTTP 403: exploded");
    }

    void testChannel()
    {
        QFETCH(int, status);
        QFETCH(int, exitCode);
        QFETCH(QString, error);
        server().setDefault(status == 200 ? ScriptedResponse::ok() : ScriptedResponse::withStatus(status, "exploded"));
        QVERIFY(addHook(QStringLiteral("hook"), QStringLiteral("/hook")));
        const CliResult r = cli().run(words({ "test-channel", "hook" }));
        QVERIFY2(r.exitedWith(exitCode), qPrintable(r.describe()));
        const QJsonObject result = r.json().object();
        QCOMPARE(result.value(QStringLiteral("channel")).toString(), QStringLiteral("hook"));
        QCOMPARE(result.value(QStringLiteral("success")).toBool(), exitCode == 0);
        QCOMPARE(result.value(QStringLiteral("error")).toString(), error);
        // One attempt, no retry, nothing stored.
        QCOMPARE(server().requestCount(), 1);
        QCOMPARE(server()
                     .requests()
                     .first()
                     .json()
                     .value(QStringLiteral("alert"))
                     .toObject()
                     .value(QStringLiteral("title"))
                     .toString(),
            QStringLiteral("AlertDesk test"));
        QCOMPARE(alertCount(), 0);

        const CliResult unknown = cli().run(words({ "test-channel", "nosuch" }));
        QVERIFY2(unknown.exitedWith(2) && unknown.err.contains("nosuch"), qPrintable(unknown.describe()));
    }
};

QTEST_GUILESS_MAIN(TestCliCommands)
#include "TestCliCommands.moc"
