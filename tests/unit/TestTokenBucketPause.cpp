// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "delivery/TokenBucket.h"

#include <QTest>

using namespace alertdesk;

// A platform's "retry after N ms" pauses the channel's bucket: nothing before the moment it
// named, exactly one request at that moment (not a whole token interval later), and the
// usual pace after it.
class TestTokenBucketPause final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneRequestWhenThePauseEnds_data()
    {
        QTest::addColumn<double>("perSecond");
        QTest::addColumn<int>("burst");
        QTest::addColumn<qint64>("pauseMs");
        QTest::newRow("slow channel, short pause") << 0.5 << 5 << qint64(631);
        QTest::newRow("1/s, long pause") << 1.0 << 1 << qint64(7000);
        QTest::newRow("fast channel") << 10.0 << 3 << qint64(250);
    }

    void oneRequestWhenThePauseEnds()
    {
        QFETCH(double, perSecond);
        QFETCH(int, burst);
        QFETCH(qint64, pauseMs);
        const qint64 t0 = 1000000;
        TokenBucket b(perSecond, burst);
        QVERIFY(b.tryTake(t0));
        b.pauseUntil(t0 + pauseMs);
        QCOMPARE(b.waitMs(t0), pauseMs);
        QVERIFY(!b.tryTake(t0 + pauseMs - 1));
        QCOMPARE(b.waitMs(t0 + pauseMs), qint64(0));
        QVERIFY(b.tryTake(t0 + pauseMs));
        // The burst was spent by the pause: the next token comes at the channel's pace.
        const auto interval = static_cast<qint64>(1000.0 / perSecond);
        QVERIFY(!b.tryTake(t0 + pauseMs));
        QCOMPARE(b.waitMs(t0 + pauseMs), interval);
        QVERIFY(!b.tryTake(t0 + pauseMs + interval - 1));
        QVERIFY(b.tryTake(t0 + pauseMs + interval));
    }
};

QTEST_GUILESS_MAIN(TestTokenBucketPause)
#include "TestTokenBucketPause.moc"
