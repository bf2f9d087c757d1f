// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "sources/IngestServer.h"

#include <QTest>

using namespace alertdesk;

// POST /v1/metrics bodies as parseIngestSamples reads them (the ingest API's own reading, and
// the fuzz target's way in): every sample checked before any is used, errors naming the field.
class TestIngestSamples final : public QObject {
    Q_OBJECT

    static constexpr qint64 kNow = 1'765'000'000'000; // 2025-12-06T05:46:40Z

private Q_SLOTS:
    void readsSamples()
    {
        FieldError error;
        const auto samples = parseIngestSamples(
            R"({"samples":[{"metric":"price.btc","value":100123.5},
                {"metric":"pnl:desk/a@x","value":-2,"time":"2025-12-06T05:40:00Z"},{"metric":"x","value":1,"time":null}]})",
            kNow, &error);
        QVERIFY2(samples, qPrintable(error.toString()));
        QCOMPARE(samples->size(), 3);
        QCOMPARE(samples->at(0).metric, QStringLiteral("price.btc"));
        QCOMPARE(samples->at(0).value, 100123.5);
        QCOMPARE(samples->at(0).timeMs, kNow);
        QCOMPARE(samples->at(1).timeMs, kNow - 400'000);
        QCOMPARE(samples->at(2).timeMs, kNow);
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("messageContains");
        QTest::newRow("not JSON") << QByteArray("{\"samples\":") << "body"
                                  << "not valid JSON";
        QTest::newRow("not an object") << QByteArray("[]") << "body"
                                       << "must be a JSON object";
        QTest::newRow("no samples") << QByteArray("{}") << "samples"
                                    << "is required";
        QTest::newRow("unknown field") << QByteArray(R"({"samples":[],"sample":1})") << "sample"
                                       << "not a known field";
        // Found by fuzz_ingest_metrics: an empty key made an error that named no field.
        QTest::newRow("empty key") << QByteArray(R"({"":[{"m":1005}]})") << "\"\""
                                   << "not a known field";
        QTest::newRow("empty key in a sample")
            << QByteArray(R"({"samples":[{"metric":"x","value":1,"":2}]})") << "samples[0].\"\""
            << "not a known field";
        QTest::newRow("sample not an object") << QByteArray(R"({"samples":[1]})") << "samples[0]"
                                              << "must be an object";
        QTest::newRow("bad metric") << QByteArray(R"({"samples":[{"metric":"a b","value":1}]})") << "samples[0].metric"
                                    << "metric key";
        QTest::newRow("value a string") << QByteArray(R"({"samples":[{"metric":"x","value":"1"}]})")
                                        << "samples[0].value"
                                        << "must be a number";
        QTest::newRow("time a number") << QByteArray(R"({"samples":[{"metric":"x","value":1,"time":5}]})")
                                       << "samples[0].time"
                                       << "ISO 8601";
        QTest::newRow("time ahead") << QByteArray(R"({"samples":[{"metric":"x","value":1},
                                                   {"metric":"x","value":1,"time":"2025-12-06T06:00:00Z"}]})")
                                    << "samples[1].time"
                                    << "ahead";
    }

    void refuses()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        QFETCH(QString, messageContains);
        FieldError error;
        QVERIFY(!parseIngestSamples(body, kNow, &error));
        QCOMPARE(error.field, field);
        QVERIFY2(error.message.contains(messageContains), qPrintable(error.toString()));
    }
};

QTEST_GUILESS_MAIN(TestIngestSamples)
#include "TestIngestSamples.moc"
