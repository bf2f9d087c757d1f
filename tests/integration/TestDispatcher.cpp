// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "DeliveryRig.h"

#include <QLocale>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The dispatcher against real HTTP servers on 127.0.0.1, on a fake clock: retries, Retry-After,
// timeouts, connection failures, permanent errors, backoff, rate limits and the circuit breaker.
class TestDispatcher final : public QObject {
    Q_OBJECT

    static QByteArray httpDate(qint64 ms)
    {
        return QLocale::c()
            .toString(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
            .toLatin1();
    }

    // The common case: one webhook on `server`, no jitter, the given retry settings.
    static bool setUp(DeliveryRig& rig, ScriptedHttpServer& server, int retryDelayMs = 1000, int maxRetries = 3)
    {
        return server.listen() && rig.profile().isValid()
            && rig.profile().addWebhook(QStringLiteral("hook"), server.url(QStringLiteral("/in"))).isEmpty()
            && rig.set("delivery.retry_delay_ms", QString::number(retryDelayMs))
            && rig.set("delivery.jitter", QStringLiteral("0"))
            && rig.set("delivery.max_retries", QString::number(maxRetries));
    }

private Q_SLOTS:
    void serverErrorThenSuccess()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server));
        server.enqueue(ScriptedResponse::withStatus(500, "boom"));
        QVERIFY(rig.start().isEmpty());
        QSignalSpy attempts(&rig.dispatcher(), &Dispatcher::attemptFinished);
        const qint64 t0 = rig.clock().nowMs();
        const QString id = rig.submit();
        QVERIFY(!id.isEmpty());
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        QCOMPARE(attempts.first().at(5).toString(), QStringLiteral("HTTP 500: boom"));
        // The retry is due after exactly the base delay on the fake clock: not before.
        DeliveryRig::expectNextAttemptAt(rig, server, t0 + 1000);
        const DeliveryReport r = rig.waitReport(id);
        QCOMPARE(r.results.size(), 1);
        QCOMPARE(r.results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(r.results.first().attempts, 2);
        QCOMPARE(server.requests().at(0).header("Idempotency-Key"), server.requests().at(1).header("Idempotency-Key"));
        QCOMPARE(server.requests().at(0).header("Idempotency-Key"),
            OutboxStore::idempotencyKey(id, QStringLiteral("hook")).toLatin1());
    }

    void retryAfterObeyedExactly_data()
    {
        QTest::addColumn<bool>("asDate");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("capMs");
        QTest::newRow("429, seconds") << false << 429 << 300000;
        QTest::newRow("429, HTTP-date") << true << 429 << 300000;
        QTest::newRow("429, longer than the backoff cap") << false << 429 << 2000;
        QTest::newRow("503, seconds") << false << 503 << 300000;
    }
    void retryAfterObeyedExactly()
    {
        QFETCH(bool, asDate);
        QFETCH(int, status);
        QFETCH(int, capMs);
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server));
        QVERIFY(rig.set("delivery.retry_cap_ms", QString::number(capMs)));
        const qint64 t0 = rig.clock().nowMs();
        server.enqueue(ScriptedResponse::withStatus(status, "slow down")
                           .header("Retry-After", asDate ? httpDate(t0 + 7000) : QByteArray("7")));
        QVERIFY(rig.start().isEmpty());
        QSignalSpy attempts(&rig.dispatcher(), &Dispatcher::attemptFinished);
        const QString id = rig.submit();
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        QCOMPARE(rig.rows(id).first().nextAttemptAt, t0 + 7000);
        // A second alert meanwhile waits for the same moment when the platform rate-limited us.
        QString second;
        if (status == 429) {
            second = rig.submit();
            QVERIFY(!second.isEmpty());
        }
        DeliveryRig::expectNextAttemptAt(rig, server, t0 + 7000, status == 429 ? 2 : 1);
        QCOMPARE(rig.waitReport(id).results.first().status, DeliveryStatus::Delivered);
        if (status == 429) {
            QCOMPARE(rig.waitReport(second).results.first().status, DeliveryStatus::Delivered);
            QCOMPARE(rig.waitReport(second).results.first().attempts, 1);
        }
        QCOMPARE(rig.waitReport(id).results.first().attempts, 2);
    }

    void hangingReplyTimesOutAndIsRetried()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server));
        QVERIFY(rig.set("delivery.timeout_ms", QStringLiteral("300")));
        server.enqueue(ScriptedResponse::hang());
        QVERIFY(rig.start().isEmpty());
        QSignalSpy attempts(&rig.dispatcher(), &Dispatcher::attemptFinished);
        const qint64 t0 = rig.clock().nowMs();
        const QString id = rig.submit();
        QVERIFY(attempts.wait(3000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        const QString error = attempts.first().at(5).toString();
        QVERIFY2(error.startsWith(QStringLiteral("no answer in time")), qPrintable(error));
        DeliveryRig::expectNextAttemptAt(rig, server, t0 + 1000);
        const DeliveryReport r = rig.waitReport(id);
        QCOMPARE(r.results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(r.results.first().attempts, 2);
    }

    void connectionRefusedRetriedThenFailed()
    {
        // A port that was listened on and closed: nothing answers there.
        QTcpServer gone;
        QVERIFY(gone.listen(QHostAddress::LocalHost, 0));
        const quint16 port = gone.serverPort();
        gone.close();

        DeliveryRig rig;
        QVERIFY(rig.profile().isValid());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("hook"), QStringLiteral("http://127.0.0.1:%1/in").arg(port)),
            QString());
        QVERIFY(rig.set("delivery.retry_delay_ms", QStringLiteral("1000")));
        QVERIFY(rig.set("delivery.jitter", QStringLiteral("0")));
        QVERIFY(rig.set("delivery.max_retries", QStringLiteral("2")));
        QVERIFY(rig.start().isEmpty());
        QSignalSpy attempts(&rig.dispatcher(), &Dispatcher::attemptFinished);
        const qint64 t0 = rig.clock().nowMs();
        const QString id = rig.submit();
        QVERIFY(attempts.wait(5000));
        QVERIFY(rig.waitWakeAt(t0 + 1000));
        rig.clock().advance(1000);
        QVERIFY(waitUntil([&] { return attempts.size() == 2; }));
        QVERIFY(rig.waitWakeAt(t0 + 3000)); // 1000 * 2^1 after the second attempt
        rig.clock().advance(2000);
        QVERIFY(waitUntil([&] { return attempts.size() == 3; }));
        const DeliveryReport r = rig.waitReport(id);
        const ChannelResult& c = r.results.first();
        QCOMPARE(c.status, DeliveryStatus::Failed);
        QCOMPARE(c.attempts, 3);
        QVERIFY2(c.error.startsWith(QStringLiteral("gave up after 3 attempts: ")), qPrintable(c.error));
        QVERIFY2(c.error.contains(QStringLiteral("Connection refused"), Qt::CaseInsensitive), qPrintable(c.error));
        QCOMPARE(r.toJson()
                     .value(QStringLiteral("results"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("error"))
                     .toString(),
            c.error);
        QCOMPARE(rig.dispatcher().inFlightCount(), 0);
        QCOMPARE(rig.clock().nextDueAt(), qint64(-1)); // nothing more is planned
    }

    void connectionResetIsRetried()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server));
        // Every request of the first attempt is reset (Qt may resend once on its own).
        int resets = 0;
        bool resetting = true;
        server.setHandler([&](const RecordedRequest&) {
            if (resetting) {
                ++resets;
                return ScriptedResponse::reset();
            }
            return ScriptedResponse::ok();
        });
        QVERIFY(rig.start().isEmpty());
        QSignalSpy attempts(&rig.dispatcher(), &Dispatcher::attemptFinished);
        const qint64 t0 = rig.clock().nowMs();
        const QString id = rig.submit();
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        QVERIFY(!attempts.first().at(5).toString().isEmpty());
        resetting = false;
        DeliveryRig::expectNextAttemptAt(rig, server, t0 + 1000);
        const DeliveryReport r = rig.waitReport(id);
        QCOMPARE(r.results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(r.results.first().attempts, 2);
        QVERIFY(resets >= 1);
        // Every request, resent or retried, carried the same key.
        for (const RecordedRequest& req : server.requests())
            QCOMPARE(req.header("Idempotency-Key"), OutboxStore::idempotencyKey(id, QStringLiteral("hook")).toLatin1());
    }

    void permanentErrorFailsAtOnce()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server));
        server.setDefault(
            ScriptedResponse::json(400, R"({"error":"invalid_payload","detail":"field 'text' is required"})"));
        QVERIFY(rig.start().isEmpty());
        const QString id = rig.submit();
        const DeliveryReport r = rig.waitReport(id);
        QVERIFY(r.complete());
        const ChannelResult& c = r.results.first();
        QCOMPARE(c.status, DeliveryStatus::Failed);
        QCOMPARE(c.attempts, 1);
        QCOMPARE(
            c.error, QStringLiteral(R"(HTTP 400: {"error":"invalid_payload","detail":"field 'text' is required"})"));
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(rig.clock().nextDueAt(), qint64(-1)); // no retry planned
        rig.clock().advance(600000);
        QCOMPARE(rig.dispatcher().inFlightCount(), 0);
        QCOMPARE(server.requestCount(), 1);
    }

    void backoffWithJitterAcrossRetries()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server, 1000, 4));
        QVERIFY(rig.set("delivery.jitter", QStringLiteral("0.5")));
        QVERIFY(rig.set("delivery.retry_cap_ms", QStringLiteral("5000")));
        server.setDefault(ScriptedResponse::withStatus(502, "bad gateway"));
        // One pinned random number per retry: factor 1 + 0.5 * (2u - 1).
        const QList<double> units { 0.0, 0.75, 0.5, 1.0 };
        int next = 0;
        rig.dispatcher().setRandomSource([&] { return units.value(next++, 0.5); });
        QVERIFY(rig.start().isEmpty());
        QSignalSpy attempts(&rig.dispatcher(), &Dispatcher::attemptFinished);
        const QString id = rig.submit();
        QVERIFY(attempts.wait(5000));
        // 1000*0.5, 2000*1.25, 4000*1.0, min(8000*1.5, cap 5000)
        const QList<qint64> delays { 500, 2500, 4000, 5000 };
        for (int i = 0; i < delays.size(); ++i) {
            DeliveryRig::expectNextAttemptAt(rig, server, rig.clock().nowMs() + delays[i]);
            QVERIFY(waitUntil([&] { return attempts.size() == i + 2; }));
        }
        const DeliveryReport r = rig.waitReport(id);
        QCOMPARE(r.results.first().status, DeliveryStatus::Failed);
        QCOMPARE(r.results.first().attempts, 5);
        QVERIFY(r.results.first().error.startsWith(QStringLiteral("gave up after 5 attempts: HTTP 502: bad gateway")));
        QCOMPARE(next, 5); // one draw per failed attempt, the last one finds the retries spent
    }

    void channelRateLimitPacesRequests_data()
    {
        QTest::addColumn<bool>("slowAnswers");
        QTest::newRow("quick answers") << false;
        QTest::newRow("answers still out when the next token comes") << true;
    }
    void channelRateLimitPacesRequests()
    {
        QFETCH(bool, slowAnswers);
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("hook"), server.url(),
                     { { QStringLiteral("rate_per_second"), 2 }, { QStringLiteral("rate_burst"), 1 } }),
            QString());
        if (slowAnswers)
            server.setDefault(ScriptedResponse::ok().after(600));
        QVERIFY(rig.start().isEmpty());
        QSignalSpy answered(&rig.dispatcher(), &Dispatcher::attemptFinished);
        const qint64 t0 = rig.clock().nowMs();
        QStringList ids;
        for (int i = 0; i < 4; ++i)
            ids << rig.submit();
        QVERIFY(server.waitForRequests(1));
        // One request per 500 ms of fake time, each exactly on time.
        for (int i = 1; i < 4; ++i) {
            if (slowAnswers) {
                // The pacing wake-up does not depend on earlier answers having come back.
                QVERIFY(rig.waitWakeAt(t0 + 500 * i));
                rig.clock().advance(t0 + 500 * i - 1 - rig.clock().nowMs());
                // Started so far: those still out plus those answered.
                QCOMPARE(rig.dispatcher().inFlightCount() + int(answered.size()), i);
                rig.clock().advance(1);
                QCOMPARE(rig.dispatcher().inFlightCount() + int(answered.size()), i + 1);
                QVERIFY(server.waitForRequests(i + 1));
            } else {
                QVERIFY(waitUntil([&] { return rig.dispatcher().inFlightCount() == 0; }));
                DeliveryRig::expectNextAttemptAt(rig, server, t0 + 500 * i);
            }
        }
        for (const QString& id : ids)
            QCOMPARE(rig.waitReport(id).results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(server.requestCount(), 4);
    }

    void circuitBreakerOpensAndProbes()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server, 1000, 10));
        QVERIFY(rig.set("delivery.breaker_threshold", QStringLiteral("2")));
        QVERIFY(rig.set("delivery.breaker_cooldown_ms", QStringLiteral("10000")));
        server.setDefault(ScriptedResponse::withStatus(503, "down"));
        QVERIFY(rig.start().isEmpty());
        QSignalSpy attempts(&rig.dispatcher(), &Dispatcher::attemptFinished);
        const qint64 t0 = rig.clock().nowMs();
        const QString id = rig.submit();
        QVERIFY(attempts.wait(5000));
        QCOMPARE(rig.dispatcher().circuitState(QStringLiteral("hook")), CircuitState::Closed);
        DeliveryRig::expectNextAttemptAt(rig, server, t0 + 1000);
        QVERIFY(waitUntil([&] { return attempts.size() == 2; }));
        // Two failures in a row: open. The backoff retry at +3000 is held until the cooldown ends.
        QCOMPARE(rig.dispatcher().circuitState(QStringLiteral("hook")), CircuitState::Open);
        QCOMPARE(rig.rows(id).first().nextAttemptAt, t0 + 3000);
        const QString other = rig.submit(); // a new alert is held as well
        DeliveryRig::expectNextAttemptAt(rig, server, t0 + 1000 + 10000);
        // Half-open: exactly one probe goes out, the other due row waits for its outcome.
        QCOMPARE(rig.dispatcher().circuitState(QStringLiteral("hook")), CircuitState::HalfOpen);
        QVERIFY(waitUntil([&] { return attempts.size() == 3; }));
        QCOMPARE(server.requestCount(), 3);
        // The probe failed: open again for twice the cooldown.
        QCOMPARE(rig.dispatcher().circuitState(QStringLiteral("hook")), CircuitState::Open);
        server.setDefault(ScriptedResponse::ok());
        DeliveryRig::expectNextAttemptAt(rig, server, t0 + 11000 + 20000);
        // This probe succeeds: closed, and the held alert goes out right after.
        QCOMPARE(rig.waitReport(id).results.first().status == DeliveryStatus::Delivered
                || rig.waitReport(other).results.first().status == DeliveryStatus::Delivered,
            true);
        QCOMPARE(rig.waitReport(id).results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(rig.waitReport(other).results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(rig.dispatcher().circuitState(QStringLiteral("hook")), CircuitState::Closed);
        QCOMPARE(server.requestCount(), 5);
    }

    // A channel whose every delivery is refused for a bad token is failing, not healthy.
    void refusedCredentialsOpenTheCircuit()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server, 1000, 0));
        QVERIFY(rig.set("delivery.breaker_threshold", QStringLiteral("3")));
        server.setDefault(ScriptedResponse::withStatus(401, "invalid token"));
        QVERIFY(rig.start().isEmpty());
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(rig.dispatcher().circuitState(QStringLiteral("hook")), CircuitState::Closed);
            QCOMPARE(rig.waitReport(rig.submit()).results.first().status, DeliveryStatus::Failed);
        }
        QCOMPARE(rig.dispatcher().circuitState(QStringLiteral("hook")), CircuitState::Open);
    }

    void probeAnsweredWithAPermanentErrorReleasesTheCircuit()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server, 1000, 0));
        QVERIFY(rig.set("delivery.breaker_threshold", QStringLiteral("1")));
        QVERIFY(rig.set("delivery.breaker_cooldown_ms", QStringLiteral("5000")));
        server.enqueue(ScriptedResponse::withStatus(500, "down"));
        server.enqueue(ScriptedResponse::withStatus(400, "bad request"));
        QVERIFY(rig.start().isEmpty());
        const qint64 t0 = rig.clock().nowMs();
        const QString first = rig.submit();
        QCOMPARE(rig.waitReport(first).results.first().status, DeliveryStatus::Failed);
        QCOMPARE(rig.dispatcher().circuitState(QStringLiteral("hook")), CircuitState::Open);
        const QString second = rig.submit();
        DeliveryRig::expectNextAttemptAt(rig, server, t0 + 5000); // the probe
        QCOMPARE(rig.waitReport(second).results.first().error, QStringLiteral("HTTP 400: bad request"));
        // The endpoint answered: the channel is usable again, not wedged half-open forever.
        const QString third = rig.submit();
        QVERIFY(!third.isEmpty());
        QCOMPARE(rig.waitReport(third).results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(rig.dispatcher().circuitState(QStringLiteral("hook")), CircuitState::Closed);
    }

    void retryFallsDueWhileAnotherDeliveryIsInFlight()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server));
        // The first alert's answer takes a while; the second's first attempt fails at once.
        server.setHandler([](const RecordedRequest& r) {
            if (r.json().value(QStringLiteral("alert")).toObject().value(QStringLiteral("title")).toString()
                == QLatin1String("slow")) {
                return ScriptedResponse::ok().after(800);
            }
            static int fast = 0;
            return ++fast == 1 ? ScriptedResponse::withStatus(500, "boom") : ScriptedResponse::ok();
        });
        QVERIFY(rig.start().isEmpty());
        FieldError fe;
        const auto slow = rig.alertManager().submit(DeliveryRig::alertJson({}, QStringLiteral("slow")), &fe);
        QVERIFY(slow);
        QVERIFY(server.waitForRequests(1));
        QSignalSpy attempts(&rig.dispatcher(), &Dispatcher::attemptFinished);
        const qint64 t0 = rig.clock().nowMs();
        const QString fast = rig.submit();
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        // The retry is planned for +1000 although the slow delivery is still out.
        QCOMPARE(rig.dispatcher().inFlightCount(), 1);
        QVERIFY(rig.waitWakeAt(t0 + 1000, 1000));
        rig.clock().advance(1000);
        QCOMPARE(rig.dispatcher().inFlightCount(), 2);
        QCOMPARE(rig.waitReport(fast).results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(rig.waitReport(slow->id).results.first().status, DeliveryStatus::Delivered);
    }
};

QTEST_GUILESS_MAIN(TestDispatcher)
#include "TestDispatcher.moc"
