// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "MemorySecretStore.h"

#include "cli/Cli.h"
#include "config/Profile.h"
#include "policy/PolicyConfig.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;

// The "policies" section of config.json: validation naming the field, the round trip through
// the profile, and alertdesk-cli policies.
class TestPolicyConfig final : public QObject {
    Q_OBJECT

    static const QByteArray& night()
    {
        static const QByteArray j = R"({"quiet_hours":[{"name":"night","location":"Europe/Berlin",
            "time_intervals":[{"times":[{"start_time":"22:00","end_time":"07:00"}],"weekdays":["monday:friday"]}]}]})";
        return j;
    }

    struct CliRun {
        int code = -1;
        QString out, err;
    };
    static CliRun cli(const QString& dir, const QStringList& args, const QByteArray& stdinBytes = {})
    {
        QString outText, errText;
        QTextStream out(&outText), err(&errText);
        QByteArray inBytes = stdinBytes;
        QBuffer in(&inBytes);
        in.open(QIODevice::ReadOnly);
        test::MemorySecretStore secrets;
        Cli c(out, err, &in);
        c.setSecretStore(&secrets);
        QSignalSpy finished(&c, &Cli::finished);
        c.start(QStringList { QStringLiteral("--profile"), dir } + args);
        CliRun r;
        if (finished.isEmpty() && !finished.wait(5000))
            return r;
        r.code = finished.first().first().toInt();
        out.flush();
        err.flush();
        r.out = outText;
        r.err = errText;
        return r;
    }

private Q_SLOTS:
    void sectionErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown section") << QByteArray(R"({"quiet_hourz":[]})")
                                         << "policies.quiet_hourz: is not a known field";
        QTest::newRow("not an array") << QByteArray(R"({"quiet_hours":{}})")
                                      << "policies.quiet_hours: must be an array";
        QTest::newRow("deep field") << QByteArray(
            R"({"quiet_hours":[{"name":"n","time_intervals":[{"times":[{"start_time":"7am","end_time":"09:00"}]}]}]})")
                                    << "policies.quiet_hours[0].time_intervals[0].times[0].start_time: must be a time";
        QTest::newRow("name twice") << QByteArray(
            R"({"quiet_hours":[{"name":"n","time_intervals":[{"weekdays":["monday"]}]},
                                                                      {"name":"n","time_intervals":[{"weekdays":["friday"]}]}]})")
                                    << "policies.quiet_hours[1].name: 'n' is used twice";
    }
    void sectionErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        FieldError fe;
        QVERIFY(!PolicyConfig::fromJson(QJsonDocument::fromJson(json).object(), &fe));
        QVERIFY2(fe.toString().startsWith(error), qPrintable(fe.toString()));
    }

    void profileRoundTrip()
    {
        QTemporaryDir dir;
        QString error, warning;
        auto p = Profile::load(dir.path(), &error, &warning);
        QVERIFY2(p, qPrintable(error));
        QVERIFY(p->policies().quietHours.isEmpty());
        QVERIFY(p->setPolicies(QJsonDocument::fromJson(night()).object(), &error));
        QVERIFY(p->save(&error));
        auto again = Profile::load(dir.path(), &error, &warning);
        QVERIFY2(again, qPrintable(error));
        QVERIFY(warning.isEmpty());
        QCOMPARE(again->policies().quietHours.size(), qsizetype(1));
        QCOMPARE(again->policies().quietHours.first().zone.id(), QByteArray("Europe/Berlin"));
        QCOMPARE(again->policies().json, QJsonDocument::fromJson(night()).object());
        // A bad section is refused with the field named, and the profile keeps what it had.
        QVERIFY(!again->setPolicies(QJsonDocument::fromJson(R"({"quiet_hours":[{"name":"x","location":"Nowhere/Land",
                                        "time_intervals":[{"weekdays":["monday"]}]}]})")
                                        .object(),
            &error));
        QVERIFY2(error.startsWith(QStringLiteral("policies.quiet_hours[0].location:")), qPrintable(error));
        QCOMPARE(again->policies().quietHours.first().name, QStringLiteral("night"));
    }

    void invalidPoliciesInConfigAreReportedAndKeptAside()
    {
        QTemporaryDir dir;
        QString error, warning;
        QVERIFY(Profile::load(dir.path(), &error, &warning));
        QFile f(dir.filePath(QStringLiteral("config.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        root.insert(QStringLiteral("policies"),
            QJsonDocument::fromJson(R"({"quiet_hours":[{"name":"n","held":"drop",
                                                     "time_intervals":[{"weekdays":["monday"]}]}]})")
                .object());
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(root).toJson());
        f.close();
        auto p = Profile::load(dir.path(), &error, &warning);
        QVERIFY(p);
        QVERIFY2(warning.contains(QStringLiteral("policies.quiet_hours[0].held")), qPrintable(warning));
        QCOMPARE(QDir(dir.path()).entryList({ QStringLiteral("config.json.corrupt-*") }).size(), 1);
    }

    void cliCheckSetShow()
    {
        QTemporaryDir dir;
        QTemporaryDir files;
        const QString good = files.filePath(QStringLiteral("good.json"));
        const QString bad = files.filePath(QStringLiteral("bad.json"));
        QFile g(good);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write(night());
        g.close();
        QFile b(bad);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write(R"({"quiet_hours":[{"name":"n","time_intervals":[{"weekdays":["someday"]}]}]})");
        b.close();

        CliRun r = cli(dir.path(), { QStringLiteral("policies"), QStringLiteral("check"), bad });
        QCOMPARE(r.code, 2);
        QVERIFY2(
            r.err.contains(QStringLiteral("policies.quiet_hours[0].time_intervals[0].weekdays[0]")), qPrintable(r.err));
        r = cli(dir.path(), { QStringLiteral("policies"), QStringLiteral("set"), bad });
        QCOMPARE(r.code, 2);
        r = cli(dir.path(), { QStringLiteral("policies"), QStringLiteral("show") });
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object(), QJsonObject()); // nothing was saved

        r = cli(dir.path(), { QStringLiteral("policies"), QStringLiteral("check"), good });
        QCOMPARE(r.code, 0);
        r = cli(dir.path(), { QStringLiteral("policies"), QStringLiteral("set"), QStringLiteral("-") }, night());
        QCOMPARE(r.code, 0);
        r = cli(dir.path(), { QStringLiteral("policies"), QStringLiteral("show") });
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object(), QJsonDocument::fromJson(night()).object());
        r = cli(dir.path(),
            { QStringLiteral("policies"), QStringLiteral("set"), files.filePath(QStringLiteral("missing.json")) });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("cannot read")));
        r = cli(dir.path(), { QStringLiteral("policies"), QStringLiteral("set"), QStringLiteral("-") }, "{not json");
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("not valid JSON")));
    }
};

QTEST_GUILESS_MAIN(TestPolicyConfig)
#include "TestPolicyConfig.moc"
