// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "DeliveryRig.h"

#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Priority lanes in the dispatcher, against real HTTP servers on 127.0.0.1: a CRITICAL takes its
// channel's next free slot and next token ahead of any backlog, retry or older row of a lower
// priority; within a priority the earliest due goes first; and the lower lanes still drain.
class TestPriorityLanes final : public QObject {
    Q_OBJECT

    static bool setUp(DeliveryRig& rig, ScriptedHttpServer& server, int concurrency, const QJsonObject& settings = {})
    {
        return server.listen() && rig.profile().isValid()
            && rig.profile().addWebhook(QStringLiteral("hook"), server.url(QStringLiteral("/in")), settings).isEmpty()
            && rig.set("delivery.concurrency", QString::number(concurrency))
            && rig.set("delivery.retry_delay_ms", QStringLiteral("1000"))
            && rig.set("delivery.jitter", QStringLiteral("0"));
    }
    static QString submit(DeliveryRig& rig, const QString& priority, const QString& title)
    {
        QJsonObject o = DeliveryRig::alertJson({}, title);
        o.insert(QStringLiteral("priority"), priority);
        FieldError fe;
        const auto a = rig.alertManager().submit(o, &fe);
        if (!a)
            qWarning() << fe.toString();
        return a ? a->id : QString();
    }
    static QString titleOf(const RecordedRequest& r)
    {
        return r.json().value(QStringLiteral("alert")).toObject().value(QStringLiteral("title")).toString();
    }
    static QStringList titles(const ScriptedHttpServer& server, int from = 0)
    {
        QStringList out;
        for (int i = from; i < server.requestCount(); ++i)
            out << titleOf(server.requests().at(i));
        return out;
    }
    static bool allDelivered(DeliveryRig& rig, const QStringList& ids)
    {
        for (const QString& id : ids) {
            const DeliveryReport r = rig.waitReport(id, 10000);
            if (r.results.size() != 1 || r.results.first().status != DeliveryStatus::Delivered)
                return false;
        }
        return true;
    }

private Q_SLOTS:
    // A slow receiver with a backlog of LOW rows: the CRITICAL is the next request to leave,
    // in a slot freed by an answer (never a third one beside the two in flight).
    void criticalGoesOutNextBehindABacklog()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server, 2));
        constexpr int kSlowMs = 150;
        server.setHandler([](const RecordedRequest& r) {
            return titleOf(r).startsWith(QLatin1String("low")) ? ScriptedResponse::ok().after(kSlowMs)
                                                               : ScriptedResponse::ok();
        });
        int mostInFlight = 0;
        connect(&server, &ScriptedHttpServer::requestReceived, this,
            [&] { mostInFlight = std::max(mostInFlight, rig.dispatcher().inFlightCount()); });
        QVERIFY(rig.start().isEmpty());
        QStringList lows;
        for (int i = 0; i < 12; ++i)
            lows << submit(rig, QStringLiteral("LOW"), QStringLiteral("low %1").arg(i));
        QVERIFY(server.waitForRequests(2));
        QCOMPARE(rig.dispatcher().inFlightCount(), 2);
        const QString critical = submit(rig, QStringLiteral("CRITICAL"), QStringLiteral("margin call"));
        QVERIFY(!critical.isEmpty());
        QCOMPARE(rig.waitReport(critical).results.first().status, DeliveryStatus::Delivered);
        // Out with the first free slot: the two LOW in flight, then at most the LOW that took
        // the other slot freed at the same moment, then the CRITICAL; ten LOW were still queued.
        const int at = static_cast<int>(titles(server).indexOf(QStringLiteral("margin call")));
        QVERIFY2(at == 2 || at == 3, qPrintable(titles(server).join(QStringLiteral(", "))));
        // (A coarse timer may answer up to 5% early.)
        QVERIFY(server.requests().at(at).receivedAtMs >= server.requests().at(0).receivedAtMs + kSlowMs * 9 / 10);
        QVERIFY(allDelivered(rig, lows));
        QCOMPARE(server.requestCount(), 13);
        QVERIFY2(mostInFlight <= 2, qPrintable(QString::number(mostInFlight)));
        // The LOW rows went in their order.
        QStringList lowTitles = titles(server);
        lowTitles.removeAll(QStringLiteral("margin call"));
        for (int i = 0; i < lowTitles.size(); ++i)
            QCOMPARE(lowTitles.at(i), QStringLiteral("low %1").arg(i));
    }

    // On the fake clock: rows queued while the channel was held, then released one slot at a
    // time. Most urgent first; within a priority by due time (a retry due earlier than a newer
    // row goes first; one due later waits its turn), not by age.
    void withinAPriorityByDueTime()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server, 1));
        server.enqueue(ScriptedResponse::withStatus(500, "boom"));
        QVERIFY(rig.start().isEmpty());
        QSignalSpy attempts(&rig.dispatcher(), &Dispatcher::attemptFinished);
        const qint64 t0 = rig.clock().nowMs();
        const QString a = submit(rig, QStringLiteral("LOW"), QStringLiteral("low a")); // fails: retry due at +1000
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        QCOMPARE(rig.rows(a).first().nextAttemptAt, t0 + 1000);
        rig.dispatcher().suspendChannel(QStringLiteral("hook"));
        rig.clock().advance(500);
        const QString b = submit(rig, QStringLiteral("LOW"), QStringLiteral("low b")); // due at +500
        rig.clock().advance(1000);
        const QString c = submit(rig, QStringLiteral("LOW"), QStringLiteral("low c")); // due at +1500
        const QString m = submit(rig, QStringLiteral("MEDIUM"), QStringLiteral("medium"));
        rig.clock().advance(500);
        const QString x = submit(rig, QStringLiteral("CRITICAL"), QStringLiteral("critical")); // the newest
        QCoreApplication::processEvents(); // the pumps the submits asked for: the channel is held
        QCOMPARE(rig.dispatcher().inFlightCount(), 0);
        QCOMPARE(server.requestCount(), 1);
        rig.dispatcher().resumeChannel(QStringLiteral("hook"));
        QVERIFY(allDelivered(rig, { x, m, b, a, c }));
        QCOMPARE(titles(server, 1),
            (QStringList { QStringLiteral("critical"), QStringLiteral("medium"), QStringLiteral("low b"),
                QStringLiteral("low a"), QStringLiteral("low c") }));
    }

    // On the fake clock, a channel limited to one request a second: the CRITICAL waits for
    // the next token (no bypass), takes it ahead of the LOW rows queued before it, and they
    // follow one token each.
    void criticalWaitsForTheNextToken()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(
            setUp(rig, server, 8, { { QStringLiteral("rate_per_second"), 1 }, { QStringLiteral("rate_burst"), 1 } }));
        QVERIFY(rig.start().isEmpty());
        const qint64 t0 = rig.clock().nowMs();
        const QStringList lows { submit(rig, QStringLiteral("LOW"), QStringLiteral("low 0")),
            submit(rig, QStringLiteral("LOW"), QStringLiteral("low 1")),
            submit(rig, QStringLiteral("LOW"), QStringLiteral("low 2")) };
        QVERIFY(server.waitForRequests(1)); // the burst's one token
        QVERIFY(waitUntil([&] { return rig.dispatcher().inFlightCount() == 0; }));
        const QString critical = submit(rig, QStringLiteral("CRITICAL"), QStringLiteral("critical"));
        QVERIFY(!critical.isEmpty());
        DeliveryRig::expectNextAttemptAt(rig, server, t0 + 1000);
        QCOMPARE(titleOf(server.requests().at(1)), QStringLiteral("critical"));
        QVERIFY(waitUntil([&] { return rig.dispatcher().inFlightCount() == 0; }));
        DeliveryRig::expectNextAttemptAt(rig, server, t0 + 2000);
        QVERIFY(waitUntil([&] { return rig.dispatcher().inFlightCount() == 0; }));
        DeliveryRig::expectNextAttemptAt(rig, server, t0 + 3000);
        QVERIFY(allDelivered(rig, lows));
        QVERIFY(allDelivered(rig, { critical }));
        QCOMPARE(titles(server),
            (QStringList { QStringLiteral("low 0"), QStringLiteral("critical"), QStringLiteral("low 1"),
                QStringLiteral("low 2") }));
    }

    // Retries of LOW rows fall due while the one slot is busy; a CRITICAL queued after them
    // takes the slot first, and the retries go after it.
    void retriesOfLowerRowsDoNotTakeItsPlace()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server, 1));
        int answered = 0;
        server.setHandler([&](const RecordedRequest&) {
            ++answered;
            if (answered <= 3)
                return ScriptedResponse::withStatus(500, "boom"); // the first attempts of low a, b, c
            if (answered == 4)
                return ScriptedResponse::ok().after(300); // low a's retry: the slot stays busy a while
            return ScriptedResponse::ok();
        });
        QVERIFY(rig.start().isEmpty());
        QSignalSpy attempts(&rig.dispatcher(), &Dispatcher::attemptFinished);
        const qint64 t0 = rig.clock().nowMs();
        const QStringList lows { submit(rig, QStringLiteral("LOW"), QStringLiteral("low a")),
            submit(rig, QStringLiteral("LOW"), QStringLiteral("low b")),
            submit(rig, QStringLiteral("LOW"), QStringLiteral("low c")) };
        QVERIFY(waitUntil([&] { return attempts.size() == 3; }));
        DeliveryRig::expectNextAttemptAt(rig, server, t0 + 1000); // low a's retry; b's and c's are due too
        const QString critical = submit(rig, QStringLiteral("CRITICAL"), QStringLiteral("critical"));
        QVERIFY(allDelivered(rig, { critical }));
        QVERIFY(allDelivered(rig, lows));
        QCOMPARE(titles(server, 3),
            (QStringList { QStringLiteral("low a"), QStringLiteral("critical"), QStringLiteral("low b"),
                QStringLiteral("low c") }));
    }

    // Strict priority does not starve: a CRITICAL that failed waits out its backoff like any
    // row, and the LOW rows go out meanwhile; it is retried at its time, first again.
    void lowerLanesDrainWhileACriticalBacksOff()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(setUp(rig, server, 1));
        server.enqueue(ScriptedResponse::withStatus(503, "busy"));
        QVERIFY(rig.start().isEmpty());
        const qint64 t0 = rig.clock().nowMs();
        const QString critical = submit(rig, QStringLiteral("CRITICAL"), QStringLiteral("critical"));
        QVERIFY(server.waitForRequests(1));
        QStringList lows;
        for (int i = 0; i < 3; ++i)
            lows << submit(rig, QStringLiteral("LOW"), QStringLiteral("low %1").arg(i));
        // All three delivered without the fake clock moving: before the CRITICAL's retry at +1000.
        QVERIFY(allDelivered(rig, lows));
        QCOMPARE(rig.clock().nowMs(), t0);
        QCOMPARE(rig.rows(critical).first().status, DeliveryStatus::Pending);
        DeliveryRig::expectNextAttemptAt(rig, server, t0 + 1000);
        QVERIFY(allDelivered(rig, { critical }));
        QCOMPARE(titles(server),
            (QStringList { QStringLiteral("critical"), QStringLiteral("low 0"), QStringLiteral("low 1"),
                QStringLiteral("low 2"), QStringLiteral("critical") }));
    }
};

QTEST_GUILESS_MAIN(TestPriorityLanes)
#include "TestPriorityLanes.moc"
