// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "cli/Cli.h"
#include "engine/AlertManager.h"
#include "storage/AlertStore.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// alertdesk-cli ack / snooze / resolve / history / send --dedup-key: output and exit codes.
class TestLifecycleCli final : public QObject {
    Q_OBJECT

    struct Run {
        int code = -1;
        QString out;
        QString err;
        QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    };

    std::unique_ptr<TestProfile> m_profile;
    std::unique_ptr<ScriptedHttpServer> m_server;
    QString m_alertId;

    Run cli(const QStringList& args)
    {
        QString outText, errText;
        QTextStream out(&outText), err(&errText);
        QBuffer in;
        in.open(QIODevice::ReadOnly);
        Cli c(out, err, &in);
        c.setSecretStore(&m_profile->secrets());
        QSignalSpy finished(&c, &Cli::finished);
        c.start(QStringList { QStringLiteral("--profile"), m_profile->dir() } + args);
        Run r;
        if (finished.isEmpty() && !finished.wait(10000))
            return r;
        r.code = finished.first().first().toInt();
        out.flush();
        err.flush();
        r.out = outText;
        r.err = errText;
        return r;
    }

    QString newAlert()
    {
        FieldError fe;
        const auto a = m_profile->engine().alertManager().submit(
            QJsonObject { { QStringLiteral("type"), QStringLiteral("PRICE") },
                { QStringLiteral("priority"), QStringLiteral("MEDIUM") },
                { QStringLiteral("title"), QStringLiteral("BTC above 100k") } },
            &fe);
        return a ? a->id : QString();
    }

private Q_SLOTS:
    void init()
    {
        m_profile = std::make_unique<TestProfile>();
        QVERIFY2(m_profile->isValid(), qPrintable(m_profile->error()));
        m_server = std::make_unique<ScriptedHttpServer>();
        QVERIFY(m_server->listen());
        QCOMPARE(m_profile->addWebhook(QStringLiteral("hook"), m_server->url(QStringLiteral("/hook"))), QString());
        m_alertId = newAlert();
        QVERIFY(!m_alertId.isEmpty());
    }
    void cleanup()
    {
        m_profile.reset();
        m_server.reset();
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("errorPart");
        const QString id = QStringLiteral("ID"); // replaced by the alert's id
        QTest::newRow("ack unknown") << QStringList { "ack", "00000000-0000-4000-8000-000000000000" }
                                     << "no alert with id";
        QTest::newRow("ack no id") << QStringList { "ack" } << "usage: ack ID";
        QTest::newRow("ack two ids") << QStringList { "ack", id, id } << "usage: ack ID";
        QTest::newRow("ack unknown option") << QStringList { "ack", id, "--until", "x" } << "unknown option --until";
        QTest::newRow("snooze without duration") << QStringList { "snooze", id } << "usage: snooze";
        QTest::newRow("snooze bad duration") << QStringList { "snooze", id, "15x" } << "not a duration";
        QTest::newRow("snooze both") << QStringList { "snooze", id, "1h", "--until", "2030-01-01T00:00:00Z" }
                                     << "not both";
        QTest::newRow("snooze until not a time")
            << QStringList { "snooze", id, "--until", "soon" } << "--until: 'soon' is not";
        QTest::newRow("snooze until in the past")
            << QStringList { "snooze", id, "--until", "2001-01-01T00:00:00Z" } << "in the future";
        QTest::newRow("resolve unknown") << QStringList { "resolve", "nope" } << "no alert with id 'nope'";
        QTest::newRow("history unknown alert") << QStringList { "history", "--alert", "nope" } << "--alert: no alert";
    }
    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, errorPart);
        args.replaceInStrings(QStringLiteral("ID"), m_alertId);
        const Run r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(errorPart), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(m_profile->engine().alerts().get(m_alertId)->state, AlertState::Open);
    }

    void ackSnoozeResolveAndHistory()
    {
        Run r = cli({ QStringLiteral("snooze"), m_alertId, QStringLiteral("15m"), QStringLiteral("--note"),
            QStringLiteral("coffee") });
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().value(QStringLiteral("to")).toString(), QStringLiteral("snoozed"));
        const QDateTime until
            = QDateTime::fromString(r.json().value(QStringLiteral("snoozed_until")).toString(), Qt::ISODateWithMs);
        const qint64 ahead = QDateTime::currentDateTimeUtc().msecsTo(until);
        QVERIFY2(ahead > 14 * 60000 && ahead <= 15 * 60000, qPrintable(QString::number(ahead)));

        r = cli({ QStringLiteral("ack"), m_alertId.left(8), QStringLiteral("--note"), QStringLiteral("on it") });
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().value(QStringLiteral("alert_id")).toString(), m_alertId);
        QCOMPARE(r.json().value(QStringLiteral("from")).toString(), QStringLiteral("snoozed"));
        QCOMPARE(r.json().value(QStringLiteral("to")).toString(), QStringLiteral("acknowledged"));
        QCOMPARE(r.json().value(QStringLiteral("source")).toString(), QStringLiteral("cli"));

        r = cli({ QStringLiteral("ack"), m_alertId });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("acknowledged already")), qPrintable(r.err));

        r = cli({ QStringLiteral("resolve"), m_alertId });
        QCOMPARE(r.code, 0);
        r = cli({ QStringLiteral("resolve"), m_alertId });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("resolved already")), qPrintable(r.err));
        const QString tomorrow = QDateTime::currentDateTimeUtc().addDays(1).toString(Qt::ISODate);
        r = cli({ QStringLiteral("snooze"), m_alertId, QStringLiteral("--until"), tomorrow });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("cannot be snoozed")), qPrintable(r.err));

        r = cli({ QStringLiteral("history"), QStringLiteral("--alert"), m_alertId });
        QCOMPARE(r.code, 0);
        const QJsonObject line = r.json();
        QCOMPARE(line.value(QStringLiteral("state")).toString(), QStringLiteral("resolved"));
        const QJsonArray events = line.value(QStringLiteral("events")).toArray();
        QCOMPARE(events.size(), 3);
        QStringList trail;
        for (const QJsonValue& e : events)
            trail << e[QStringLiteral("from")].toString() + QStringLiteral("->") + e[QStringLiteral("to")].toString();
        QCOMPARE(trail,
            (QStringList { QStringLiteral("open->snoozed"), QStringLiteral("snoozed->acknowledged"),
                QStringLiteral("acknowledged->resolved") }));
        QCOMPARE(events[0][QStringLiteral("note")].toString(), QStringLiteral("coffee"));
        QCOMPARE(events[1][QStringLiteral("note")].toString(), QStringLiteral("on it"));
        QVERIFY(!events[2].toObject().contains(QStringLiteral("note")));
    }

    void sendWithDedupKey()
    {
        const QStringList send { QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("RISK"),
            QStringLiteral("--priority"), QStringLiteral("HIGH"), QStringLiteral("--title"),
            QStringLiteral("Margin call"), QStringLiteral("--dedup-key"), QStringLiteral("margin-acct-7") };
        Run first = cli(send);
        QCOMPARE(first.code, 0);
        const QString id = first.json().value(QStringLiteral("alert_id")).toString();
        QVERIFY(!id.isEmpty());
        auto deliveriesOf = [&] {
            int n = 0;
            for (const auto& req : m_server->requests())
                n += req.json()[QStringLiteral("alert")][QStringLiteral("id")].toString() == id ? 1 : 0;
            return n;
        };
        QCOMPARE(deliveriesOf(), 1);

        for (int n = 2; n <= 3; ++n) {
            const Run again = cli(send);
            QCOMPARE(again.code, 0);
            const QJsonObject j = again.json();
            QCOMPARE(j.value(QStringLiteral("deduplicated")).toBool(), true);
            QCOMPARE(j.value(QStringLiteral("alert_id")).toString(), id);
            QCOMPARE(j.value(QStringLiteral("count")).toInt(), n);
        }
        QCOMPARE(deliveriesOf(), 1); // nobody notified again
        QCOMPARE(m_profile->engine().alerts().get(id)->occurrences, 3);
        const Run hist = cli({ QStringLiteral("history"), QStringLiteral("--alert"), id });
        QCOMPARE(hist.json().value(QStringLiteral("count")).toInt(), 3);
    }

    void realBinaryExitCode()
    {
        QProcess p;
        p.start(QStringLiteral(ALERTDESK_CLI_PATH),
            { QStringLiteral("--profile"), m_profile->dir(), QStringLiteral("resolve"),
                QStringLiteral("no-such-alert") });
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(
            QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("no alert with id 'no-such-alert'")));
    }
};

QTEST_GUILESS_MAIN(TestLifecycleCli)
#include "TestLifecycleCli.moc"
