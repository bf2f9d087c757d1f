// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "cli/Cli.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// `alertdesk-cli rule ...` and `alertdesk-cli metric ...`, run in-process on a temporary
// profile whose webhook channel points at a real HTTP server on 127.0.0.1.
class TestCliRules final : public QObject {
    Q_OBJECT

    struct Run {
        int code = -1;
        QString out;
        QString err;
    };

    static Run cli(TestProfile& p, const QStringList& args)
    {
        Run r;
        QTextStream out(&r.out);
        QTextStream err(&r.err);
        Cli c(out, err, nullptr);
        c.setSecretStore(&p.secrets());
        QSignalSpy finished(&c, &Cli::finished);
        c.start(QStringList { QStringLiteral("--profile"), p.dir() } + args);
        if (finished.isEmpty() && !finished.wait(10000))
            return r;
        r.code = finished.first().first().toInt();
        return r;
    }

    static QStringList addArgs(const QString& name, const QStringList& extra)
    {
        return QStringList { QStringLiteral("rule"), QStringLiteral("add"), name } + extra;
    }

private Q_SLOTS:
    void badInputNamesTheOption_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QStringList base { QStringLiteral("--metric"), QStringLiteral("BTCUSDT.price"), QStringLiteral("--type"),
            QStringLiteral("PRICE"), QStringLiteral("--priority"), QStringLiteral("HIGH") };
        auto with = [&](const QStringList& more) { return addArgs(QStringLiteral("r"), base + more); };
        QTest::newRow("no --when") << with({ "--value", "1" }) << "--when is required";
        QTest::newRow("bad --when") << with({ "--when", "sideways", "--value", "1" })
                                    << "--when 'sideways' is not one of";
        QTest::newRow("no --value") << with({ "--when", "above" }) << "--value is required";
        QTest::newRow("bad --value") << with({ "--when", "above", "--value", "lots" }) << "--value must be a number";
        QTest::newRow("range without --value2")
            << with({ "--when", "enter-range", "--value", "1" }) << "--value2 is required";
        QTest::newRow("inverted range") << with({ "--when", "leave-range", "--value", "5", "--value2", "1" })
                                        << "--value2 must be greater than --value";
        QTest::newRow("--value2 on a level")
            << with({ "--when", "above", "--value", "5", "--value2", "6" }) << "--value2 only applies";
        QTest::newRow("move without --window")
            << with({ "--when", "moved-up", "--value", "5" }) << "--window is required";
        QTest::newRow("move of 0 %") << with({ "--when", "moved-down", "--value", "0", "--window", "1h" })
                                     << "--value is the size of the move";
        QTest::newRow("bad --window") << with({ "--when", "moved-up", "--value", "5", "--window", "soon" })
                                      << "--window 'soon' is not a duration";
        QTest::newRow("bad --cooldown") << with({ "--when", "above", "--value", "5", "--cooldown", "5" })
                                        << "--cooldown '5' is not a duration";
        QTest::newRow("bad --frequency") << with({ "--when", "above", "--value", "5", "--frequency", "twice" })
                                         << "--frequency 'twice' is not once, every or once-per";
        QTest::newRow("once-per without interval")
            << with({ "--when", "above", "--value", "5", "--frequency", "once-per:" }) << "--frequency once-per:";
        QTest::newRow("bad --expires") << with({ "--when", "above", "--value", "5", "--expires", "friday" })
                                       << "--expires 'friday' is not an ISO 8601 time";
        QTest::newRow("past --expires") << with({ "--when", "above", "--value", "5", "--expires",
            "2020-01-01T00:00:00Z" }) << "--expires 2020-01-01T00:00:00Z is in the past";
        QTest::newRow("bad --title") << with({ "--when", "above", "--value", "5", "--title", "{price} is up" })
                                     << "--title uses the unknown placeholder {price}";
        QTest::newRow("bad --message") << with({ "--when", "above", "--value", "5", "--message", "{valu}" })
                                       << "--message uses the unknown placeholder {valu}";
        QTest::newRow("unknown --channel")
            << with({ "--when", "above", "--value", "5", "--channel", "nope" }) << "--channel no channel named 'nope'";
        QTest::newRow("bad --type") << addArgs(QStringLiteral("r"),
            { "--metric", "m", "--when", "above", "--value", "1", "--type", "WEATHER", "--priority", "HIGH" })
                                    << "--type 'WEATHER' is not one of";
        QTest::newRow("no --priority") << addArgs(
            QStringLiteral("r"), { "--metric", "m", "--when", "above", "--value", "1", "--type", "PRICE" })
                                       << "--priority is required";
        QTest::newRow("bad --metric") << addArgs(QStringLiteral("r"),
            { "--metric", "BTC price", "--when", "above", "--value", "1", "--type", "PRICE", "--priority", "LOW" })
                                      << "--metric 'BTC price' is not a valid metric key";
        QTest::newRow("bad name") << addArgs(
            QStringLiteral("-x"), base + QStringList { "--when", "above", "--value", "1" })
                                  << "rule name";
        QTest::newRow("unknown option") << with({ "--when", "above", "--value", "1", "--colour", "red" })
                                        << "unknown option --colour";
        QTest::newRow("metric: bad value")
            << QStringList { "metric", "BTCUSDT.price", "high" } << "VALUE must be a number";
        QTest::newRow("metric: bad key") << QStringList { "metric", "BTC USDT", "1" }
                                         << "KEY 'BTC USDT' is not a valid metric key";
        QTest::newRow("metric: bad --time") << QStringList { "metric", "BTCUSDT.price", "1", "--time", "now" }
                                            << "--time 'now' is not an ISO 8601 time";
        QTest::newRow("metric: --time ahead") << QStringList { "metric", "BTCUSDT.price", "1", "--time",
            "2999-01-01T00:00:00Z" } << "--time 2999-01-01T00:00:00Z is more than 5 minutes ahead";
        QTest::newRow("remove unknown") << QStringList { "rule", "remove", "ghost" } << "no rule named 'ghost'";
        QTest::newRow("enable unknown") << QStringList { "rule", "enable", "ghost" } << "no rule named 'ghost'";
    }

    void badInputNamesTheOption()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        TestProfile p;
        QVERIFY(p.isValid());
        QCOMPARE(p.addWebhook(QStringLiteral("hook"), QStringLiteral("http://127.0.0.1:9/in")), QString());
        // A metric needs a rule to get as far as its time check.
        QCOMPARE(cli(p,
                     addArgs(QStringLiteral("seed"),
                         { "--metric", "BTCUSDT.price", "--when", "above", "--value", "1e9", "--type", "PRICE",
                             "--priority", "LOW" }))
                     .code,
            int(Cli::Ok));
        const Run r = cli(p, args);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.code, int(Cli::BadInput));
        // Nothing was added by the refused command.
        const Run list = cli(p, { QStringLiteral("rule"), QStringLiteral("list") });
        QCOMPARE(QJsonDocument::fromJson(list.out.toUtf8()).array().size(), 1);
    }

    void addListEnableRemove()
    {
        TestProfile p;
        QVERIFY(p.isValid());
        QCOMPARE(p.addWebhook(QStringLiteral("ops"), QStringLiteral("http://127.0.0.1:9/in")), QString());
        Run r = cli(p,
            addArgs(QStringLiteral("btc-swing"),
                { "--metric", "BTCUSDT.price", "--when", "moved-down", "--value", "2.5", "--window", "1h30m",
                    "--frequency", "once-per:4h", "--cooldown", "15m", "--expires", "2999-01-01T00:00:00Z", "--type",
                    "risk", "--priority", "critical", "--title", "{symbol} fell {threshold}", "--message",
                    "now {value}", "--channel", "ops", "--channel", "ops" }));
        QCOMPARE(r.code, int(Cli::Ok));
        r = cli(p, { QStringLiteral("rule"), QStringLiteral("list") });
        QCOMPARE(r.code, int(Cli::Ok));
        const QJsonArray rules = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(rules.size(), 1);
        const QJsonObject o = rules.first().toObject();
        QCOMPARE(o.value(QStringLiteral("name")).toString(), QStringLiteral("btc-swing"));
        QCOMPARE(o.value(QStringLiteral("metric")).toString(), QStringLiteral("BTCUSDT.price"));
        QCOMPARE(o.value(QStringLiteral("when")).toString(), QStringLiteral("moved-down"));
        QCOMPARE(o.value(QStringLiteral("value")).toDouble(), 2.5);
        QCOMPARE(o.value(QStringLiteral("window")).toString(), QStringLiteral("1h30m"));
        QCOMPARE(o.value(QStringLiteral("frequency")).toString(), QStringLiteral("once-per:4h"));
        QCOMPARE(o.value(QStringLiteral("cooldown")).toString(), QStringLiteral("15m"));
        QCOMPARE(o.value(QStringLiteral("expires")).toString(), QStringLiteral("2999-01-01T00:00:00Z"));
        QCOMPARE(o.value(QStringLiteral("type")).toString(), QStringLiteral("RISK"));
        QCOMPARE(o.value(QStringLiteral("priority")).toString(), QStringLiteral("CRITICAL"));
        QCOMPARE(o.value(QStringLiteral("title")).toString(), QStringLiteral("{symbol} fell {threshold}"));
        QCOMPARE(o.value(QStringLiteral("channels")).toArray(), QJsonArray { QStringLiteral("ops") });
        QCOMPARE(o.value(QStringLiteral("enabled")).toBool(), true);
        QVERIFY(o.value(QStringLiteral("state")).toObject().value(QStringLiteral("last_fired_at")).isNull());

        QCOMPARE(cli(p, { QStringLiteral("rule"), QStringLiteral("disable"), QStringLiteral("btc-swing") }).code,
            int(Cli::Ok));
        r = cli(p, { QStringLiteral("rule"), QStringLiteral("list") });
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8())
                     .array()
                     .first()
                     .toObject()
                     .value(QStringLiteral("enabled"))
                     .toBool(),
            false);
        QCOMPARE(cli(p, { QStringLiteral("rule"), QStringLiteral("enable"), QStringLiteral("btc-swing") }).code,
            int(Cli::Ok));
        r = cli(p, { QStringLiteral("rule"), QStringLiteral("list") });
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8())
                     .array()
                     .first()
                     .toObject()
                     .value(QStringLiteral("enabled"))
                     .toBool(),
            true);
        QCOMPARE(cli(p, { QStringLiteral("rule"), QStringLiteral("remove"), QStringLiteral("btc-swing") }).code,
            int(Cli::Ok));
        r = cli(p, { QStringLiteral("rule"), QStringLiteral("list") });
        QVERIFY(QJsonDocument::fromJson(r.out.toUtf8()).array().isEmpty());
    }

    void metricFiresAndDelivers()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        TestProfile p;
        QVERIFY(p.isValid());
        QCOMPARE(p.addWebhook(QStringLiteral("hook"), server.url(QStringLiteral("/in"))), QString());
        QCOMPARE(cli(p,
                     addArgs(QStringLiteral("btc100k"),
                         { "--metric", "BTCUSDT.price", "--when", "crossing-up", "--value", "100000", "--type", "PRICE",
                             "--priority", "HIGH", "--title", "{symbol} {condition} {threshold}" }))
                     .code,
            int(Cli::Ok));
        // Each CLI run is a process of its own: the state between them lives in the database.
        Run r = cli(p, { QStringLiteral("metric"), QStringLiteral("BTCUSDT.price"), QStringLiteral("99999") });
        QCOMPARE(r.code, int(Cli::Ok));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("alerts")).toArray().size(), 0);
        QCOMPARE(server.requestCount(), 0);

        r = cli(p, { QStringLiteral("metric"), QStringLiteral("BTCUSDT.price"), QStringLiteral("100500.5") });
        QVERIFY2(r.code == Cli::Ok, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("evaluated"));
        QCOMPARE(o.value(QStringLiteral("alerts")).toArray().size(), 1);
        QCOMPARE(o.value(QStringLiteral("deliveries")).toArray().size(), 1);
        QCOMPARE(server.requestCount(), 1);
        const QJsonObject sent = server.requests().first().json().value(QStringLiteral("alert")).toObject();
        QCOMPARE(sent.value(QStringLiteral("title")).toString(), QStringLiteral("BTCUSDT crossed up 100000"));

        // Not again for the same crossing; a sample older than the latest is refused by name.
        r = cli(p, { QStringLiteral("metric"), QStringLiteral("BTCUSDT.price"), QStringLiteral("100600") });
        QCOMPARE(r.code, int(Cli::Ok));
        QCOMPARE(server.requestCount(), 1);
        r = cli(p,
            { QStringLiteral("metric"), QStringLiteral("BTCUSDT.price"), QStringLiteral("1"), QStringLiteral("--time"),
                QStringLiteral("2020-01-01T00:00:00Z") });
        QCOMPARE(r.code, int(Cli::BadInput));
        QVERIFY2(r.err.contains(QStringLiteral("older than the latest sample")), qPrintable(r.err));

        r = cli(p, { QStringLiteral("metric"), QStringLiteral("ETHUSDT.price"), QStringLiteral("1") });
        QCOMPARE(r.code, int(Cli::Ok));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("status")).toString(),
            QStringLiteral("no rule watches this metric"));
    }
};

QTEST_GUILESS_MAIN(TestCliRules)
#include "TestCliRules.moc"
