// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "GoldenFile.h"
#include "SampleAlerts.h"

#include "channels/AlertmanagerChannel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Alertmanager API v2: the exact alerts and silence bodies, the labels that identify an alert,
// severities, and annotation names Alertmanager accepts.
class TestAlertmanagerPayload final : public QObject {
    Q_OBJECT

    static constexpr qint64 kResolvedAt = 1795001400000; // 2026-11-18T11:30:00Z

private Q_SLOTS:
    void goldenFiring()
    {
        const QByteArray actual = alertmanagerAlertsPayload(goldenAlert(), QStringLiteral("desk-1"), -1);
        QCOMPARE(actual, readGolden(QStringLiteral("alertmanager-firing.json"), actual));
    }

    void goldenResolved()
    {
        const QByteArray actual = alertmanagerAlertsPayload(goldenAlert(), QStringLiteral("desk-1"), kResolvedAt);
        QCOMPARE(actual, readGolden(QStringLiteral("alertmanager-resolved.json"), actual));
    }

    void goldenSilence()
    {
        const QByteArray actual = alertmanagerSilencePayload(
            goldenAlert().id, kResolvedAt - 600000, kResolvedAt, QStringLiteral("ana@desk-1"), QStringLiteral("on it"));
        QCOMPARE(actual, readGolden(QStringLiteral("alertmanager-silence.json"), actual));
    }

    void labelsIdentifyTheAlert()
    {
        Alert a = goldenAlert();
        a.strategy.clear();
        const QJsonObject labels = alertmanagerLabels(a, QStringLiteral("desk-1"));
        QCOMPARE(labels.value(QStringLiteral("alertdesk_id")).toString(), a.id);
        QCOMPARE(labels.value(QStringLiteral("instance")).toString(), QStringLiteral("desk-1"));
        QCOMPARE(labels.value(QStringLiteral("alertname")).toString(), a.title);
        QCOMPARE(labels.value(QStringLiteral("type")).toString(), QStringLiteral("risk"));
        QCOMPARE(labels.value(QStringLiteral("symbol")).toString(), QStringLiteral("BTCUSDT"));
        QVERIFY(!labels.contains(QStringLiteral("strategy"))); // only where set
        // What changes from one send to the next is never a label (the cluster would see a new alert).
        a.message = QStringLiteral("changed");
        a.data = {};
        QCOMPARE(alertmanagerLabels(a, QStringLiteral("desk-1")), labels);
    }

    void severities_data()
    {
        QTest::addColumn<Priority>("priority");
        QTest::addColumn<QString>("severity");
        QTest::newRow("critical") << Priority::Critical << QStringLiteral("critical");
        QTest::newRow("high") << Priority::High << QStringLiteral("high");
        QTest::newRow("medium") << Priority::Medium << QStringLiteral("warning");
        QTest::newRow("low") << Priority::Low << QStringLiteral("low");
        QTest::newRow("info") << Priority::Info << QStringLiteral("info");
    }

    void severities()
    {
        QFETCH(Priority, priority);
        QFETCH(QString, severity);
        QCOMPARE(alertmanagerSeverity(priority), severity);
    }

    void annotationNamesAlertmanagerAccepts()
    {
        Alert a = goldenAlert();
        a.data = QJsonObject { { QStringLiteral("max-drawdown %"), 3 }, { QStringLiteral("1st"), true },
            { QStringLiteral("summary"), QStringLiteral("from data") } };
        const QJsonObject ann = QJsonDocument::fromJson(alertmanagerAlertsPayload(a, QStringLiteral("d"), -1))
                                    .array()
                                    .first()
                                    .toObject()
                                    .value(QStringLiteral("annotations"))
                                    .toObject();
        QCOMPARE(ann.value(QStringLiteral("max_drawdown__")).toString(), QStringLiteral("3"));
        QCOMPARE(ann.value(QStringLiteral("_1st")).toString(), QStringLiteral("true"));
        QCOMPARE(ann.value(QStringLiteral("summary")).toString(), a.title); // the alert's own text wins
    }
};

QTEST_GUILESS_MAIN(TestAlertmanagerPayload)
#include "TestAlertmanagerPayload.moc"
