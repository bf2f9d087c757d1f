// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "delivery/RetryPolicy.h"

#include <QTest>

#include <cmath>

using namespace alertdesk;

// Backoff arithmetic with the random number pinned: base * 2^(n-1), jitter bounds, the cap,
// exhausted retries, and Retry-After used exactly.
class TestRetryPolicy final : public QObject {
    Q_OBJECT

    static DeliverySettings settings(int base, double jitter, int cap, int maxRetries = 10)
    {
        DeliverySettings s;
        s.retryDelayMs = base;
        s.jitter = jitter;
        s.retryCapMs = cap;
        s.maxRetries = maxRetries;
        return s;
    }
    // The largest double below 1: the top of what a uniform [0, 1) source returns.
    static double almostOne() { return std::nextafter(1.0, 0.0); }

private Q_SLOTS:
    void exponentialWithoutJitter_data()
    {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("1") << 1 << qint64(1000);
        QTest::newRow("2") << 2 << qint64(2000);
        QTest::newRow("3") << 3 << qint64(4000);
        QTest::newRow("4") << 4 << qint64(8000);
        QTest::newRow("7") << 7 << qint64(64000);
    }
    void exponentialWithoutJitter()
    {
        QFETCH(int, attempt);
        QFETCH(qint64, expected);
        const DeliverySettings s = settings(1000, 0.0, 10000000);
        // With no jitter the random number changes nothing.
        QCOMPARE(backoffDelayMs(s, attempt, 0.0), expected);
        QCOMPARE(backoffDelayMs(s, attempt, 0.5), expected);
        QCOMPARE(backoffDelayMs(s, attempt, almostOne()), expected);
        QCOMPARE(nextRetryDelayMs(s, attempt, -1, 0.5), expected);
    }

    void jitterBounds_data()
    {
        QTest::addColumn<double>("jitter");
        QTest::addColumn<double>("unit");
        QTest::addColumn<qint64>("expected");
        // attempt 3 with base 1000: 4000 before jitter; factor 1 + j * (2u - 1).
        QTest::newRow("j=0.2 u=0 lower bound") << 0.2 << 0.0 << qint64(3200);
        QTest::newRow("j=0.2 u=0.5 centre") << 0.2 << 0.5 << qint64(4000);
        QTest::newRow("j=0.2 u~1 upper bound") << 0.2 << almostOne() << qint64(4800); // factor rounds to 1.2
        QTest::newRow("j=0.2 u=0.25") << 0.2 << 0.25 << qint64(3600);
        QTest::newRow("j=1 u=0 no wait") << 1.0 << 0.0 << qint64(0);
        QTest::newRow("j=1 u~1 double") << 1.0 << almostOne() << qint64(7999);
        QTest::newRow("j=0.5 u=0") << 0.5 << 0.0 << qint64(2000);
    }
    void jitterBounds()
    {
        QFETCH(double, jitter);
        QFETCH(double, unit);
        QFETCH(qint64, expected);
        const DeliverySettings s = settings(1000, jitter, 10000000);
        QCOMPARE(backoffDelayMs(s, 3, unit), expected);
    }

    void jitterStaysInsideItsBand()
    {
        const DeliverySettings s = settings(500, 0.3, 10000000);
        for (int attempt = 1; attempt <= 6; ++attempt) {
            const double raw = 500.0 * std::pow(2.0, attempt - 1);
            for (double u = 0.0; u < 1.0; u += 0.05) {
                const qint64 d = backoffDelayMs(s, attempt, u);
                QVERIFY2(d >= static_cast<qint64>(raw * 0.7) && d <= static_cast<qint64>(raw * 1.3),
                    qPrintable(QStringLiteral("attempt %1 u %2 -> %3").arg(attempt).arg(u).arg(d)));
            }
        }
    }

    void capLimitsEveryBackoff()
    {
        const DeliverySettings s = settings(1000, 0.2, 5000);
        QCOMPARE(backoffDelayMs(s, 3, 0.5), qint64(4000));
        QCOMPARE(backoffDelayMs(s, 3, almostOne()), qint64(4800));
        QCOMPARE(backoffDelayMs(s, 4, 0.5), qint64(5000));
        QCOMPARE(backoffDelayMs(s, 4, 0.0), qint64(5000)); // 6400 after jitter: still capped
        QCOMPARE(backoffDelayMs(s, 30, 0.5), qint64(5000));
        QCOMPARE(backoffDelayMs(s, 1000, 0.5), qint64(5000)); // no overflow far out
    }

    void retriesExhausted()
    {
        const DeliverySettings s = settings(1000, 0.0, 100000, 3);
        QCOMPARE(nextRetryDelayMs(s, 1, -1, 0.5), qint64(1000));
        QCOMPARE(nextRetryDelayMs(s, 3, -1, 0.5), qint64(4000)); // the third retry still happens
        QCOMPARE(nextRetryDelayMs(s, 4, -1, 0.5), qint64(-1)); // 1 attempt + 3 retries made
        QCOMPARE(nextRetryDelayMs(s, 4, 7000, 0.5), qint64(-1)); // even when the platform says when
        const DeliverySettings none = settings(1000, 0.0, 100000, 0);
        QCOMPARE(nextRetryDelayMs(none, 1, -1, 0.5), qint64(-1));
    }

    void retryAfterIsUsedExactly_data()
    {
        QTest::addColumn<qint64>("retryAfter");
        QTest::newRow("zero") << qint64(0);
        QTest::newRow("7 s") << qint64(7000);
        QTest::newRow("fractional") << qint64(1250);
        QTest::newRow("over the cap") << qint64(600000);
    }
    void retryAfterIsUsedExactly()
    {
        QFETCH(qint64, retryAfter);
        const DeliverySettings s = settings(1000, 0.5, 5000);
        // Neither jitter nor the cap touch what the platform asked for.
        QCOMPARE(nextRetryDelayMs(s, 1, retryAfter, 0.0), retryAfter);
        QCOMPARE(nextRetryDelayMs(s, 2, retryAfter, almostOne()), retryAfter);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "TestRetryPolicy.moc"
