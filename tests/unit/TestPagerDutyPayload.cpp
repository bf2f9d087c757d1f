// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "GoldenFile.h"
#include "SampleAlerts.h"

#include "channels/PagerDutyChannel.h"
#include "channels/PayloadText.h"
#include "net/HttpTransport.h"

#include <QJsonDocument>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// PagerDuty Events API v2: exact trigger and lifecycle events, severities, limits, content
// intact, and how PagerDuty's answers are read.
class TestPagerDutyPayload final : public QObject {
    Q_OBJECT

    static constexpr const char* kKey = "R0123456789ABCDEF0123456789ABCDE";

private Q_SLOTS:
    void goldenTrigger()
    {
        const QByteArray actual
            = pagerDutyTriggerPayload(goldenAlert(), QString::fromLatin1(kKey), QStringLiteral("AlertDesk"));
        QCOMPARE(actual, readGolden(QStringLiteral("pagerduty-trigger.json"), actual));
    }

    void goldenLifecycle()
    {
        const QByteArray ack
            = pagerDutyLifecyclePayload(QString::fromLatin1(kKey), goldenAlert().id, PagerDutyAction::Acknowledge);
        QCOMPARE(ack, readGolden(QStringLiteral("pagerduty-acknowledge.json"), ack));
        const QByteArray resolve
            = pagerDutyLifecyclePayload(QString::fromLatin1(kKey), goldenAlert().id, PagerDutyAction::Resolve);
        QCOMPARE(resolve, readGolden(QStringLiteral("pagerduty-resolve.json"), resolve));
    }

    void severities_data()
    {
        QTest::addColumn<int>("priority");
        QTest::addColumn<QString>("severity");
        QTest::newRow("critical") << int(Priority::Critical) << QStringLiteral("critical");
        QTest::newRow("high") << int(Priority::High) << QStringLiteral("error");
        QTest::newRow("medium") << int(Priority::Medium) << QStringLiteral("warning");
        QTest::newRow("low") << int(Priority::Low) << QStringLiteral("info");
        QTest::newRow("info") << int(Priority::Info) << QStringLiteral("info");
    }

    void severities()
    {
        QFETCH(int, priority);
        QFETCH(QString, severity);
        Alert a = goldenAlert();
        a.priority = Priority(priority);
        QCOMPARE(pagerDutySeverity(a.priority), severity);
        const QJsonObject e
            = QJsonDocument::fromJson(pagerDutyTriggerPayload(a, QString::fromLatin1(kKey), QStringLiteral("s")))
                  .object();
        QCOMPARE(e.value(QStringLiteral("payload")).toObject().value(QStringLiteral("severity")).toString(), severity);
    }

    void content_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("symbol");
        QTest::newRow("emoji") << emojiText() << emojiText() << QStringLiteral("\U0001F680");
        QTest::newRow("rtl") << rtlText() << rtlText() << QStringLiteral("\u05D1\u05D9\u05D8");
        QTest::newRow("markup") << markupText() << markupText() << QStringLiteral("<&>*_[]");
        QTest::newRow("10KB message") << QStringLiteral("Long") << longText() << QStringLiteral("ETH");
        QTest::newRow("long title") << QString(256, QLatin1Char('T')) << QStringLiteral("m")
                                    << QString(32, QLatin1Char('S'));
        QTest::newRow("empty optional fields") << QStringLiteral("Only a title") << QString() << QString();
    }

    void content()
    {
        QFETCH(QString, title);
        QFETCH(QString, message);
        QFETCH(QString, symbol);
        Alert a = goldenAlert();
        a.title = title;
        a.message = message;
        a.symbol = symbol;
        if (message.isEmpty()) {
            a.strategy.clear();
            a.position.clear();
            a.data = {};
        }
        const QJsonObject e
            = QJsonDocument::fromJson(pagerDutyTriggerPayload(a, QString::fromLatin1(kKey), QStringLiteral("desk-1")))
                  .object();
        QCOMPARE(e.value(QStringLiteral("event_action")).toString(), QStringLiteral("trigger"));
        QCOMPARE(e.value(QStringLiteral("dedup_key")).toString(), a.id);
        QVERIFY(e.value(QStringLiteral("dedup_key")).toString().size() <= PagerDutyLimits::dedupKey);
        const QJsonObject p = e.value(QStringLiteral("payload")).toObject();
        const QString summary = p.value(QStringLiteral("summary")).toString();
        QVERIFY(summary.size() <= PagerDutyLimits::summary);
        QCOMPARE(summary, symbol.isEmpty() ? title : title + QStringLiteral(" (") + symbol + QLatin1Char(')'));
        QCOMPARE(p.value(QStringLiteral("source")).toString(), QStringLiteral("desk-1"));
        QCOMPARE(p.value(QStringLiteral("timestamp")).toString(), QStringLiteral("2026-11-18T09:30:00.000Z"));
        const QJsonObject d = p.value(QStringLiteral("custom_details")).toObject();
        // The message travels whole in custom_details (PagerDuty takes up to 512 KB per event).
        QCOMPARE(d.value(QStringLiteral("message")).toString(), message);
        QCOMPARE(d.value(QStringLiteral("symbol")).toString(), symbol);
        QCOMPARE(p.value(QStringLiteral("component")).toString(), symbol);
        QCOMPARE(p.contains(QStringLiteral("component")), !symbol.isEmpty());
        if (!message.isEmpty()) {
            QCOMPARE(d.value(QStringLiteral("risk_pct")).toDouble(), 11.5);
            QCOMPARE(d.value(QStringLiteral("strategy")).toString(), QStringLiteral("mean-reversion"));
            QCOMPARE(p.value(QStringLiteral("group")).toString(), QStringLiteral("mean-reversion"));
        } else {
            QVERIFY(d.isEmpty());
        }
    }

    void summaryIsCut()
    {
        Alert a = goldenAlert();
        a.title = QString(1000, QLatin1Char('t'));
        a.symbol = QString(32, QLatin1Char('s'));
        const QJsonObject p
            = QJsonDocument::fromJson(pagerDutyTriggerPayload(a, QString::fromLatin1(kKey), QStringLiteral("s")))
                  .object()
                  .value(QStringLiteral("payload"))
                  .toObject();
        const QString summary = p.value(QStringLiteral("summary")).toString();
        QCOMPARE(summary.size(), qsizetype(PagerDutyLimits::summary));
        QVERIFY(summary.endsWith(truncationMarker()));
    }

    void dataKeysWin()
    {
        Alert a = goldenAlert();
        a.data.insert(QStringLiteral("symbol"), QStringLiteral("FROM-DATA"));
        const QJsonObject d
            = QJsonDocument::fromJson(pagerDutyTriggerPayload(a, QString::fromLatin1(kKey), QStringLiteral("s")))
                  .object()
                  .value(QStringLiteral("payload"))
                  .toObject()
                  .value(QStringLiteral("custom_details"))
                  .toObject();
        QCOMPARE(d.value(QStringLiteral("symbol")).toString(), QStringLiteral("FROM-DATA"));
    }

    void answers_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("waitMs");
        QTest::addColumn<QString>("error");

        QTest::newRow("202") << 202 << QByteArray(R"({"status":"success","message":"Event processed","dedup_key":"x"})")
                             << QByteArray() << int(SendOutcome::Kind::Delivered) << qint64(-1) << QString();
        QTest::newRow("400")
            << 400
            << QByteArray(
                   R"json({"status":"invalid event","message":"Event object is invalid","errors":["Length of routing_key is incorrect (should be 32 characters)"]})json")
            << QByteArray() << int(SendOutcome::Kind::Failed) << qint64(-1)
            << QStringLiteral(
                   "HTTP 400: Event object is invalid: Length of routing_key is incorrect (should be 32 characters)");
        QTest::newRow("429")
            << 429
            << QByteArray(
                   R"({"status":"throttle event","message":"Requests for this service are arriving too quickly.  Please retry later."})")
            << QByteArray() << int(SendOutcome::Kind::Retry) << qint64(-1)
            << QStringLiteral("HTTP 429: Requests for this service are arriving too quickly.  Please retry later.");
        QTest::newRow("429 with Retry-After")
            << 429 << QByteArray() << QByteArray("10") << int(SendOutcome::Kind::Retry) << qint64(10000)
            << QStringLiteral("HTTP 429");
        QTest::newRow("500") << 500 << QByteArray() << QByteArray() << int(SendOutcome::Kind::Retry) << qint64(-1)
                             << QStringLiteral("HTTP 500");
        QTest::newRow("key echoed") << 400
                                    << QByteArray(
                                           R"({"message":"Invalid routing key R0123456789ABCDEF0123456789ABCDE"})")
                                    << QByteArray() << int(SendOutcome::Kind::Failed) << qint64(-1)
                                    << QStringLiteral("HTTP 400: Invalid routing key [redacted]");
    }

    void answers()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, retryAfter);
        QFETCH(int, kind);
        QFETCH(qint64, waitMs);
        QFETCH(QString, error);
        HttpResponse r;
        r.status = status;
        r.body = body;
        if (!retryAfter.isEmpty())
            r.headers.append({ "Retry-After", retryAfter });
        Redactor redactor;
        redactor.addSecret(QString::fromLatin1(kKey));
        const SendOutcome o = pagerDutyOutcome(r, 0, redactor);
        QCOMPARE(int(o.kind), kind);
        QCOMPARE(o.retryAfterMs, waitMs);
        QCOMPARE(o.error, error);
        QCOMPARE(o.rateLimited, status == 429);
    }
};

QTEST_GUILESS_MAIN(TestPagerDutyPayload)
#include "TestPagerDutyPayload.moc"
