#include "util/Duration.h"

#include <QTest>

using namespace alertdesk;

// Snooze durations and times as the CLI reads them.
class TestDuration final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: refused
        QTest::newRow("15m") << "15m" << qint64(15 * 60000);
        QTest::newRow("1h") << "1h" << qint64(3600000);
        QTest::newRow("4h") << "4h" << qint64(4 * 3600000);
        QTest::newRow("1d") << "1d" << qint64(86400000);
        QTest::newRow("1w") << "1w" << qint64(7 * 86400000LL);
        QTest::newRow("90s") << "90s" << qint64(90000);
        QTest::newRow("1h30m") << "1h30m" << qint64(5400000);
        QTest::newRow("upper case") << "2H" << qint64(7200000);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("no unit") << "15" << qint64(-1);
        QTest::newRow("unknown unit") << "3y" << qint64(-1);
        QTest::newRow("zero") << "0m" << qint64(-1);
        QTest::newRow("wrong order") << "30m1h" << qint64(-1);
        QTest::newRow("unit twice") << "1h1h" << qint64(-1);
        QTest::newRow("negative") << "-5m" << qint64(-1);
        QTest::newRow("trailing junk") << "5m!" << qint64(-1);
        QTest::newRow("absurd") << "99999999d" << qint64(-1);
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QString error;
        const auto d = parseDuration(text, &error);
        if (ms < 0) {
            QVERIFY(!d);
            QVERIFY(!error.isEmpty());
        } else {
            QVERIFY2(d, qPrintable(error));
            QCOMPARE(*d, ms);
        }
    }

    void isoTimes_data()
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
    void isoTimes()
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
