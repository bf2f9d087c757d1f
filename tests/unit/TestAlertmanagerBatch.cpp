// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "sources/AlertmanagerBatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace alertdesk;

// Alertmanager's webhook payload (version 4) mapped to AlertDesk alerts.
class TestAlertmanagerBatch final : public QObject {
    Q_OBJECT

    static QJsonObject payload(const QJsonArray& alerts, const QString& version = QStringLiteral("4"))
    {
        return QJsonObject { { QStringLiteral("version"), version },
            { QStringLiteral("groupKey"), QStringLiteral("{}:{alertname=\"HighLatency\"}") },
            { QStringLiteral("truncatedAlerts"), 0 }, { QStringLiteral("status"), QStringLiteral("firing") },
            { QStringLiteral("receiver"), QStringLiteral("alertdesk") },
            { QStringLiteral("groupLabels"),
                QJsonObject { { QStringLiteral("alertname"), QStringLiteral("HighLatency") } } },
            { QStringLiteral("commonLabels"), QJsonObject {} }, { QStringLiteral("commonAnnotations"), QJsonObject {} },
            { QStringLiteral("externalURL"), QStringLiteral("http://am.local:9093") },
            { QStringLiteral("alerts"), alerts } };
    }

    static QJsonObject amAlert(const QString& status, const QJsonObject& labels, const QJsonObject& annotations = {},
        const QString& fingerprint = QStringLiteral("c4f3e2d1a0b9c8d7"))
    {
        QJsonObject o { { QStringLiteral("status"), status }, { QStringLiteral("labels"), labels },
            { QStringLiteral("annotations"), annotations },
            { QStringLiteral("startsAt"), QStringLiteral("2026-11-26T14:00:00.000Z") },
            { QStringLiteral("endsAt"), QStringLiteral("0001-01-01T00:00:00Z") },
            { QStringLiteral("generatorURL"), QStringLiteral("http://prometheus.local/graph?g0.expr=up") } };
        if (!fingerprint.isEmpty())
            o.insert(QStringLiteral("fingerprint"), fingerprint);
        return o;
    }

private Q_SLOTS:
    void firingAlert()
    {
        const QJsonObject labels { { QStringLiteral("alertname"), QStringLiteral("HighLatency") },
            { QStringLiteral("severity"), QStringLiteral("critical") },
            { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") },
            { QStringLiteral("strategy"), QStringLiteral("grid") } };
        const QJsonObject annotations { { QStringLiteral("summary"), QStringLiteral("Order latency above 500 ms") },
            { QStringLiteral("description"), QStringLiteral("p99 order latency is 812 ms on binance") } };
        FieldError e;
        const auto batch = AlertmanagerBatch::parse(
            payload({ amAlert(QStringLiteral("firing"), labels, annotations) }), { QStringLiteral("ops") }, &e);
        QVERIFY2(batch, qPrintable(e.toString()));
        QCOMPARE(batch->firing.size(), 1);
        QVERIFY(batch->resolved.isEmpty());
        const Alert& a = batch->firing.first();
        QCOMPARE(a.type, AlertType::Health);
        QCOMPARE(a.priority, Priority::Critical);
        QCOMPARE(a.title, QStringLiteral("Order latency above 500 ms"));
        QCOMPARE(a.message,
            QStringLiteral("p99 order latency is 812 ms on binance\n\nLabels: alertname=HighLatency, "
                           "severity=critical, strategy=grid, symbol=BTCUSDT\n"
                           "Source: http://prometheus.local/graph?g0.expr=up"));
        QCOMPARE(a.symbol, QStringLiteral("BTCUSDT"));
        QCOMPARE(a.strategy, QStringLiteral("grid"));
        QCOMPARE(a.channels, QStringList { QStringLiteral("ops") });
        QCOMPARE(a.dedupKey, QStringLiteral("alertmanager:c4f3e2d1a0b9c8d7"));
        QCOMPARE(a.data.value(QStringLiteral("labels")).toObject(), labels);
        QCOMPARE(a.data.value(QStringLiteral("receiver")).toString(), QStringLiteral("alertdesk"));
        QCOMPARE(a.data.value(QStringLiteral("starts_at")).toString(), QStringLiteral("2026-11-26T14:00:00.000Z"));
        QVERIFY(!validateAlert(a));
    }

    void severities_data()
    {
        QTest::addColumn<QString>("severity");
        QTest::addColumn<int>("priority");
        QTest::newRow("critical") << "critical" << int(Priority::Critical);
        QTest::newRow("page") << "PAGE" << int(Priority::Critical);
        QTest::newRow("error") << "error" << int(Priority::High);
        QTest::newRow("high") << "high" << int(Priority::High);
        QTest::newRow("warning") << "warning" << int(Priority::Medium);
        QTest::newRow("none given") << "" << int(Priority::Medium);
        QTest::newRow("unknown") << "spicy" << int(Priority::Medium);
        QTest::newRow("low") << "low" << int(Priority::Low);
        QTest::newRow("info") << "info" << int(Priority::Info);
    }

    void severities()
    {
        QFETCH(QString, severity);
        QFETCH(int, priority);
        QCOMPARE(int(AlertmanagerBatch::priorityFromSeverity(severity)), priority);
    }

    void labelsOverrideTypeAndPriority()
    {
        FieldError e;
        const auto batch
            = AlertmanagerBatch::parse(payload({ amAlert(QStringLiteral("firing"),
                                           { { QStringLiteral("alertname"), QStringLiteral("Drawdown") },
                                               { QStringLiteral("severity"), QStringLiteral("warning") },
                                               { QStringLiteral("alertdesk_type"), QStringLiteral("risk") },
                                               { QStringLiteral("alertdesk_priority"), QStringLiteral("HIGH") } }) }),
                {}, &e);
        QVERIFY(batch);
        QCOMPARE(batch->firing.first().type, AlertType::Risk);
        QCOMPARE(batch->firing.first().priority, Priority::High);
        // No summary: the alert name is the title.
        QCOMPARE(batch->firing.first().title, QStringLiteral("Drawdown"));
    }

    void resolvedAndFingerprints()
    {
        const QJsonObject labels { { QStringLiteral("alertname"), QStringLiteral("A") },
            { QStringLiteral("job"), QStringLiteral("bot") } };
        FieldError e;
        const auto batch = AlertmanagerBatch::parse(
            payload({ amAlert(QStringLiteral("resolved"), labels, {}, QStringLiteral("aaaa")),
                amAlert(QStringLiteral("firing"), labels, {}, QString()),
                amAlert(QStringLiteral("resolved"), labels, {}, QString()) }),
            {}, &e);
        QVERIFY(batch);
        QCOMPARE(batch->firing.size(), 1);
        QCOMPARE(batch->resolved.size(), 2);
        QCOMPARE(batch->resolved.first(), QStringLiteral("alertmanager:aaaa"));
        // Without a fingerprint the labels give a stable one, so firing and resolved match.
        QCOMPARE(batch->resolved.at(1), batch->firing.first().dedupKey);
    }

    void titlesStayOneLine()
    {
        FieldError e;
        const auto batch = AlertmanagerBatch::parse(
            payload({ amAlert(QStringLiteral("firing"), { { QStringLiteral("alertname"), QStringLiteral("X") } },
                { { QStringLiteral("summary"),
                    QString(QStringLiteral("line one\nline two ") + QString(400, QLatin1Char('x'))) } }) }),
            {}, &e);
        QVERIFY(batch);
        const QString title = batch->firing.first().title;
        QVERIFY(!title.contains(QLatin1Char('\n')));
        QCOMPARE(title.size(), AlertLimits::title);
        QVERIFY(title.startsWith(QStringLiteral("line one line two")));
    }

    void refusals_data()
    {
        QTest::addColumn<QJsonObject>("in");
        QTest::addColumn<QString>("field");
        QTest::newRow("version 3") << payload({}, QStringLiteral("3")) << "version";
        QJsonObject noAlerts = payload({});
        noAlerts.remove(QStringLiteral("alerts"));
        QTest::newRow("no alerts") << noAlerts << "alerts";
        QTest::newRow("alert not an object") << payload({ QJsonValue(5) }) << "alerts[0]";
        QTest::newRow("bad status") << payload({ amAlert(QStringLiteral("pending"), {}) }) << "alerts[0].status";
        QJsonObject badLabels = amAlert(QStringLiteral("firing"), {});
        badLabels.insert(QStringLiteral("labels"), QJsonObject { { QStringLiteral("n"), 1 } });
        QTest::newRow("labels not strings")
            << payload({ amAlert(QStringLiteral("firing"), {}), badLabels }) << "alerts[1].labels";
        QJsonObject badAnnotations = amAlert(QStringLiteral("firing"), {});
        badAnnotations.insert(QStringLiteral("annotations"), QJsonArray {});
        QTest::newRow("annotations not an object") << payload({ badAnnotations }) << "alerts[0].annotations";
    }

    void refusals()
    {
        QFETCH(QJsonObject, in);
        QFETCH(QString, field);
        FieldError e;
        QVERIFY(!AlertmanagerBatch::parse(in, {}, &e));
        QCOMPARE(e.field, field);
    }
};

QTEST_GUILESS_MAIN(TestAlertmanagerBatch)
#include "TestAlertmanagerBatch.moc"
