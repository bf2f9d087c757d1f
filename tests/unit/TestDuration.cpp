// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "util/Duration.h"

#include <QTest>

using namespace alertdesk;

// Durations and ISO 8601 times as the CLI and the ingest API read them.
class TestDuration final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: refused
        QTest::newRow("seconds") << "30s" << qint64(30000);
        QTest::newRow("minutes") << "5m" << qint64(300000);
        QTest::newRow("hours") << "1h" << qint64(3600000);
        QTest::newRow("days") << "1d" << qint64(86400000);
        QTest::newRow("weeks") << "2w" << qint64(14 * 86400000LL);
        QTest::newRow("milliseconds") << "250ms" << qint64(250);
        QTest::newRow("sum") << "1h30m" << qint64(5400000);
        QTest::newRow("upper case, spaces around") << " 10M " << qint64(600000);
        QTest::newRow("zero") << "0s" << qint64(0);
        QTest::newRow("no unit") << "30" << qint64(-1);
        QTest::newRow("unknown unit") << "3y" << qint64(-1);
        QTest::newRow("negative") << "-5m" << qint64(-1);
        QTest::newRow("fraction") << "1.5h" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("trailing garbage") << "5mx" << qint64(-1);
        QTest::newRow("overflow") << "99999999999999999w" << qint64(-1);
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QString error;
        const auto parsed = parseDuration(text, &error);
        if (ms < 0) {
            QVERIFY(!parsed);
            QVERIFY(!error.isEmpty());
            return;
        }
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(*parsed, ms);
        // What formatDuration writes reads back to the same value.
        QCOMPARE(*parseDuration(formatDuration(ms), &error), ms);
    }

    void formatting()
    {
        QCOMPARE(formatDuration(0), QStringLiteral("0s"));
        QCOMPARE(formatDuration(90000), QStringLiteral("1m30s"));
        QCOMPARE(formatDuration(86400000 + 1500), QStringLiteral("1d1s500ms"));
        QCOMPARE(formatDuration(7 * 86400000LL), QStringLiteral("1w"));
    }

    void times_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: refused
        QTest::newRow("Z") << "2026-11-26T14:00:00Z" << qint64(1795701600000);
        QTest::newRow("milliseconds") << "2026-11-26T14:00:00.250Z" << qint64(1795701600250);
        QTest::newRow("offset") << "2026-11-26T15:00:00+01:00" << qint64(1795701600000);
        QTest::newRow("no offset is UTC") << "2026-11-26T14:00:00" << qint64(1795701600000);
        QTest::newRow("date only is UTC midnight") << "2026-11-26" << qint64(1795651200000);
        QTest::newRow("not a time") << "tomorrow" << qint64(-1);
        QTest::newRow("bad month") << "2026-13-01T00:00:00Z" << qint64(-1);
    }

    void times()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QString error;
        const auto parsed = parseIsoTime(text, &error);
        if (ms < 0) {
            QVERIFY(!parsed);
            QVERIFY(error.contains(text));
            return;
        }
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(*parsed, ms);
        QCOMPARE(*parseIsoTime(formatIsoTime(ms), &error), ms);
    }

    void isoDateTimes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: refused
        QTest::newRow("utc") << "2026-03-29T07:00:00Z" << qint64(1774767600000);
        QTest::newRow("offset") << "2026-03-29T09:00:00+02:00" << qint64(1774767600000);
        QTest::newRow("millis") << "2026-03-29T07:00:00.250Z" << qint64(1774767600250);
        QTest::newRow("date only") << "2026-03-29" << qint64(-1);
        QTest::newRow("garbage") << "tomorrow" << qint64(-1);
        QTest::newRow("bad month") << "2026-13-01T00:00:00Z" << qint64(-1);
    }
    void isoDateTimes()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QString error;
        const auto t = parseIsoDateTime(text, &error);
        if (ms < 0) {
            QVERIFY(!t);
            QVERIFY(!error.isEmpty());
        } else {
            QVERIFY2(t, qPrintable(error));
            QCOMPARE(t->toMSecsSinceEpoch(), ms);
        }
    }
};

QTEST_GUILESS_MAIN(TestDuration)
#include "TestDuration.moc"
