// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "delivery/CircuitBreaker.h"

#include <QTest>

using namespace alertdesk;

// The per-channel circuit breaker on caller-supplied time.
class TestCircuitBreaker final : public QObject {
    Q_OBJECT

    static constexpr qint64 kT0 = 1795000000000;

private Q_SLOTS:
    void opensAfterThreshold()
    {
        CircuitBreaker b(3, 10000);
        QCOMPARE(b.state(kT0), CircuitState::Closed);
        b.onFailure(kT0);
        b.onFailure(kT0 + 1);
        QCOMPARE(b.state(kT0 + 1), CircuitState::Closed);
        QVERIFY(b.allow(kT0 + 1));
        b.onFailure(kT0 + 2);
        QCOMPARE(b.state(kT0 + 2), CircuitState::Open);
        QVERIFY(!b.allow(kT0 + 2));
        QCOMPARE(b.waitMs(kT0 + 2), qint64(10000));
        QCOMPARE(b.waitMs(kT0 + 5002), qint64(5000));
    }

    void newLimitsApplyToABreakerInUse()
    {
        // settings set delivery.breaker_* while the engine runs: the count carries on.
        CircuitBreaker b(5, 10000);
        b.onFailure(kT0);
        b.onFailure(kT0);
        b.setLimits(3, 2000);
        QCOMPARE(b.state(kT0), CircuitState::Closed);
        b.onFailure(kT0);
        QCOMPARE(b.state(kT0), CircuitState::Open);
        QCOMPARE(b.waitMs(kT0), qint64(2000));
        QVERIFY(b.allow(kT0 + 2000)); // the probe fails: twice the new cooldown
        b.onFailure(kT0 + 2000);
        QCOMPARE(b.waitMs(kT0 + 2000), qint64(4000));
        b.setLimits(3, 1000); // the doubling it reached stays, on the new base
        QCOMPARE(b.waitMs(kT0 + 2000), qint64(2000));
    }

    void successResetsTheCount()
    {
        CircuitBreaker b(3, 10000);
        b.onFailure(kT0);
        b.onFailure(kT0);
        b.onSuccess();
        b.onFailure(kT0);
        b.onFailure(kT0);
        QCOMPARE(b.state(kT0), CircuitState::Closed);
        b.onFailure(kT0);
        QCOMPARE(b.state(kT0), CircuitState::Open);
    }

    void halfOpenLetsOneProbeThrough()
    {
        CircuitBreaker b(1, 10000);
        b.onFailure(kT0);
        QVERIFY(!b.allow(kT0 + 9999));
        QCOMPARE(b.state(kT0 + 10000), CircuitState::HalfOpen);
        QCOMPARE(b.waitMs(kT0 + 10000), qint64(0));
        QVERIFY(b.allow(kT0 + 10000)); // the probe
        QVERIFY(!b.allow(kT0 + 10000)); // nobody else while it is out
        QVERIFY(!b.allow(kT0 + 20000));
    }

    void probeSuccessCloses()
    {
        CircuitBreaker b(2, 10000);
        b.onFailure(kT0);
        b.onFailure(kT0);
        QVERIFY(b.allow(kT0 + 10000));
        b.onSuccess();
        QCOMPARE(b.state(kT0 + 10000), CircuitState::Closed);
        QVERIFY(b.allow(kT0 + 10000));
        QVERIFY(b.allow(kT0 + 10000));
        // Closed again with a fresh count: one failure does not reopen it.
        b.onFailure(kT0 + 10001);
        QCOMPARE(b.state(kT0 + 10001), CircuitState::Closed);
    }

    void probeFailureDoublesTheCooldown()
    {
        CircuitBreaker b(1, 10000);
        b.onFailure(kT0);
        qint64 opened = kT0;
        qint64 cooldown = 10000;
        for (int round = 0; round < 6; ++round) {
            QVERIFY(!b.allow(opened + cooldown - 1));
            QVERIFY(b.allow(opened + cooldown));
            opened += cooldown;
            b.onFailure(opened);
            cooldown = std::min<qint64>(cooldown * 2, 160000); // up to 16x
            QCOMPARE(b.state(opened), CircuitState::Open);
            QCOMPARE(b.waitMs(opened), cooldown);
        }
        // A success brings the base cooldown back.
        QVERIFY(b.allow(opened + cooldown));
        b.onSuccess();
        b.onFailure(opened + cooldown);
        QCOMPARE(b.waitMs(opened + cooldown), qint64(10000));
    }

    void whatCountsAgainstTheEndpoint()
    {
        QVERIFY(CircuitBreaker::countsAsFailure(false, false, 0, false)); // no answer
        QVERIFY(CircuitBreaker::countsAsFailure(false, true, 503, false));
        QVERIFY(CircuitBreaker::countsAsFailure(false, false, 401, false)); // bad token: every send fails
        QVERIFY(CircuitBreaker::countsAsFailure(false, false, 404, false)); // the webhook is gone
        QVERIFY(!CircuitBreaker::countsAsFailure(false, false, 400, false)); // one alert's payload
        QVERIFY(!CircuitBreaker::countsAsFailure(false, true, 429, true));
        QVERIFY(!CircuitBreaker::countsAsFailure(true, false, 200, false));
    }

    void restoredFromTheHistory()
    {
        CircuitBreaker open(5, 10000);
        open.restore(6, kT0);
        QCOMPARE(open.state(kT0 + 1), CircuitState::Open);
        QCOMPARE(open.waitMs(kT0 + 1000), qint64(9000));
        QCOMPARE(open.state(kT0 + 10000), CircuitState::HalfOpen);

        CircuitBreaker closed(5, 10000);
        closed.restore(4, kT0);
        QCOMPARE(closed.state(kT0), CircuitState::Closed);
        closed.onFailure(kT0 + 1); // the fifth in a row
        QCOMPARE(closed.state(kT0 + 1), CircuitState::Open);
    }
};

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "TestCircuitBreaker.moc"
