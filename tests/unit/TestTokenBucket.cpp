// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "delivery/TokenBucket.h"

#include <QTest>

using namespace alertdesk;

// The per-channel token bucket on caller-supplied time.
class TestTokenBucket final : public QObject {
    Q_OBJECT

    static constexpr qint64 kT0 = 1795000000000;

private Q_SLOTS:
    void unlimitedNeverWaits()
    {
        TokenBucket b;
        QVERIFY(b.unlimited());
        for (int i = 0; i < 1000; ++i)
            QVERIFY(b.tryTake(kT0));
        QCOMPARE(b.waitMs(kT0), qint64(0));
        TokenBucket zero(0, 5);
        QVERIFY(zero.unlimited());
    }

    void pacesAtTheRate()
    {
        TokenBucket b(2.0, 1); // one every 500 ms
        QVERIFY(!b.unlimited());
        QVERIFY(b.tryTake(kT0));
        QVERIFY(!b.tryTake(kT0));
        QCOMPARE(b.waitMs(kT0), qint64(500));
        QCOMPARE(b.waitMs(kT0 + 200), qint64(300));
        QVERIFY(!b.tryTake(kT0 + 499));
        QCOMPARE(b.waitMs(kT0 + 499), qint64(1));
        QVERIFY(b.tryTake(kT0 + 500));
        QVERIFY(!b.tryTake(kT0 + 500));
        // Over a long stretch: exactly rate x time tokens (plus the one we start with).
        int taken = 0;
        for (qint64 t = kT0 + 501; t <= kT0 + 10501; t += 10)
            taken += b.tryTake(t) ? 1 : 0;
        QCOMPARE(taken, 20);
    }

    void burstThenPace()
    {
        TokenBucket b(1.0, 3);
        QVERIFY(b.tryTake(kT0));
        QVERIFY(b.tryTake(kT0));
        QVERIFY(b.tryTake(kT0));
        QVERIFY(!b.tryTake(kT0));
        QCOMPARE(b.waitMs(kT0), qint64(1000));
        // A long idle fills the bucket only up to the burst.
        QVERIFY(b.tryTake(kT0 + 60000));
        QVERIFY(b.tryTake(kT0 + 60000));
        QVERIFY(b.tryTake(kT0 + 60000));
        QVERIFY(!b.tryTake(kT0 + 60000));
    }

    void fractionalRate()
    {
        TokenBucket b(0.25, 1); // one every 4 s
        QVERIFY(b.tryTake(kT0));
        QCOMPARE(b.waitMs(kT0), qint64(4000));
        QVERIFY(!b.tryTake(kT0 + 3999));
        QVERIFY(b.tryTake(kT0 + 4000));
    }

    void pauseUntilHoldsEveryToken()
    {
        TokenBucket b(10.0, 5);
        QVERIFY(b.tryTake(kT0));
        b.pauseUntil(kT0 + 7000);
        QCOMPARE(b.waitMs(kT0), qint64(7000));
        QVERIFY(!b.tryTake(kT0 + 6999));
        QCOMPARE(b.waitMs(kT0 + 6999), qint64(1));
        QVERIFY(b.tryTake(kT0 + 7000));
        // An earlier pause never shortens a later one.
        b.pauseUntil(kT0 + 9000);
        b.pauseUntil(kT0 + 8000);
        QVERIFY(!b.tryTake(kT0 + 8500));
        QVERIFY(b.tryTake(kT0 + 9000));
    }

    void pauseSpendsTheBurst()
    {
        TokenBucket b(1.0, 5);
        QVERIFY(b.tryTake(kT0)); // 4 of 5 left
        b.pauseUntil(kT0 + 1000);
        // The platform said we were over: after the pause only what refilled since, not the
        // rest of the burst (2 s at 1/s = 2 tokens, where 5 would be left without the pause).
        QVERIFY(b.tryTake(kT0 + 2000));
        QVERIFY(b.tryTake(kT0 + 2000));
        QVERIFY(!b.tryTake(kT0 + 2000));
    }

    void pauseAppliesWithoutARate()
    {
        TokenBucket b;
        b.pauseUntil(kT0 + 3000);
        QVERIFY(!b.tryTake(kT0));
        QCOMPARE(b.waitMs(kT0 + 1000), qint64(2000));
        QVERIFY(b.tryTake(kT0 + 3000));
        QCOMPARE(b.waitMs(kT0 + 3000), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestTokenBucket)
#include "TestTokenBucket.moc"
