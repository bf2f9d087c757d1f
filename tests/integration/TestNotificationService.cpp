// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "DeliveryRig.h"

#include "storage/AlertStore.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// What NotificationService reports: the DeliveryReport of an alert, channel health and
// statistics after a mix of outcomes, recent deliveries, and test sends.
class TestNotificationService final : public QObject {
    Q_OBJECT

    static QString iso(qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs); }

    static ChannelHealth healthOf(NotificationService& n, const QString& channel)
    {
        for (const ChannelHealth& h : n.health()) {
            if (h.channel == channel)
                return h;
        }
        return {};
    }

private Q_SLOTS:
    void deliveryReportJson()
    {
        DeliveryRig rig;
        ScriptedHttpServer good, flaky, bad;
        QVERIFY(good.listen() && flaky.listen() && bad.listen());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("good"), good.url()), QString());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("flaky"), flaky.url()), QString());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("bad"), bad.url()), QString());
        QVERIFY(rig.set("delivery.retry_delay_ms", QStringLiteral("2000")));
        QVERIFY(rig.set("delivery.jitter", QStringLiteral("0")));
        flaky.enqueue(ScriptedResponse::withStatus(502, "upstream"));
        bad.setDefault(ScriptedResponse::withStatus(422, "unprocessable: title too long"));
        QVERIFY(rig.start().isEmpty());
        QSignalSpy ready(&rig.alertManager(), &AlertManager::reportReady);

        const qint64 t0 = rig.clock().nowMs();
        const QString id = rig.submit({ QStringLiteral("good"), QStringLiteral("flaky"), QStringLiteral("bad") });
        QVERIFY(waitUntil(
            [&] { return rig.dispatcher().inFlightCount() == 0 && rig.outbox().forAlert(id).at(1).attempts == 1; }));
        // While flaky waits for its retry, the report is not complete and has no end time.
        const DeliveryReport partial = rig.notifications().report(id);
        QVERIFY(!partial.complete());
        QVERIFY(partial.toJson().value(QStringLiteral("finished_at")).isNull());
        QVERIFY(rig.waitWakeAt(t0 + 2000));
        rig.clock().advance(2000);
        QVERIFY(ready.wait(5000));
        const DeliveryReport r = ready.first().first().value<DeliveryReport>();
        QCOMPARE(r.alertId, id);

        const QJsonObject json = r.toJson();
        QCOMPARE(json.value(QStringLiteral("alert_id")).toString(), id);
        QCOMPARE(json.value(QStringLiteral("total")).toInt(), 3);
        QCOMPARE(json.value(QStringLiteral("delivered")).toInt(), 2);
        QCOMPARE(json.value(QStringLiteral("success")).toBool(), false);
        QCOMPARE(json.value(QStringLiteral("success_rate")).toDouble(), 200.0 / 3.0);
        QCOMPARE(json.value(QStringLiteral("started_at")).toString(), iso(t0));
        QCOMPARE(json.value(QStringLiteral("finished_at")).toString(), iso(t0 + 2000));

        const QJsonArray results = json.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 3);
        const QJsonObject g = results.at(0).toObject(), f = results.at(1).toObject(), b = results.at(2).toObject();
        QCOMPARE(g.value(QStringLiteral("channel")).toString(), QStringLiteral("good"));
        QCOMPARE(g.value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
        QCOMPARE(g.value(QStringLiteral("success")).toBool(), true);
        QCOMPARE(g.value(QStringLiteral("attempts")).toInt(), 1);
        QVERIFY(g.value(QStringLiteral("error")).isNull());
        QVERIFY(g.value(QStringLiteral("latency_ms")).toDouble() >= 0);
        QCOMPARE(g.value(QStringLiteral("finished_at")).toString(), iso(t0));
        QCOMPARE(g.value(QStringLiteral("idempotency_key")).toString(),
            OutboxStore::idempotencyKey(id, QStringLiteral("good")));

        QCOMPARE(f.value(QStringLiteral("channel")).toString(), QStringLiteral("flaky"));
        QCOMPARE(f.value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
        QCOMPARE(f.value(QStringLiteral("attempts")).toInt(), 2);
        QCOMPARE(f.value(QStringLiteral("finished_at")).toString(), iso(t0 + 2000));

        QCOMPARE(b.value(QStringLiteral("channel")).toString(), QStringLiteral("bad"));
        QCOMPARE(b.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(b.value(QStringLiteral("success")).toBool(), false);
        QCOMPARE(b.value(QStringLiteral("attempts")).toInt(), 1);
        QCOMPARE(
            b.value(QStringLiteral("error")).toString(), QStringLiteral("HTTP 422: unprocessable: title too long"));
        QVERIFY(b.value(QStringLiteral("latency_ms")).isNull());
        QCOMPARE(b.value(QStringLiteral("finished_at")).toString(), iso(t0));
        QCOMPARE(ready.size(), 1); // one report per alert
    }

    // The seed's two-step form: create stores the alert and sends nothing; trigger queues it
    // once (a second trigger would repeat its idempotency keys) and the report follows.
    void createThenTriggerOnce()
    {
        DeliveryRig rig;
        ScriptedHttpServer hook;
        QVERIFY(hook.listen());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("hook"), hook.url()), QString());
        QVERIFY(rig.start().isEmpty());
        QSignalSpy ready(&rig.alertManager(), &AlertManager::reportReady);
        FieldError error;
        const auto created
            = rig.alertManager().createAlert(QJsonObject { { QStringLiteral("type"), QStringLiteral("RISK") },
                                                 { QStringLiteral("priority"), QStringLiteral("HIGH") },
                                                 { QStringLiteral("title"), QStringLiteral("Margin at 80%") } },
                &error);
        QVERIFY2(created, qPrintable(error.toString()));
        QVERIFY(rig.outbox().forAlert(created->id).isEmpty());
        QVERIFY2(rig.alertManager().triggerAlert(created->id, &error), qPrintable(error.toString()));
        QVERIFY(ready.wait(5000));
        QCOMPARE(ready.first().first().value<DeliveryReport>().alertId, created->id);
        QCOMPARE(hook.requests().size(), 1);
        QVERIFY(!rig.alertManager().triggerAlert(created->id, &error));
        QCOMPARE(error.field, QStringLiteral("id"));
        QVERIFY2(error.message.contains(QStringLiteral("triggered already")), qPrintable(error.message));
        QCOMPARE(rig.outbox().forAlert(created->id).size(), 1);
        QVERIFY(!rig.alertManager().triggerAlert(QStringLiteral("no-such-alert"), &error));
        QCOMPARE(error.field, QStringLiteral("id"));
    }

    // A first attempt sends the alert as it was submitted here, unless it changed since: an
    // alert acknowledged before its delivery started goes out acknowledged.
    void firstAttemptShowsAStateChangedBeforeItStarted()
    {
        DeliveryRig rig;
        ScriptedHttpServer hook;
        QVERIFY(hook.listen());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("hook"), hook.url()), QString());
        QString error;
        const QString seen = rig.submit({ QStringLiteral("hook") }, &error); // queued; nothing sends yet
        const QString fresh = rig.submit({ QStringLiteral("hook") }, &error);
        QVERIFY2(!seen.isEmpty() && !fresh.isEmpty(), qPrintable(error));
        const LifecycleResult r = rig.engine().lifecycle().acknowledge(seen, QStringLiteral("on it"), EventSource::UI);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QVERIFY(rig.start().isEmpty());
        QVERIFY(hook.waitForRequests(2));
        QHash<QString, QString> states;
        for (const RecordedRequest& req : hook.requests()) {
            const QJsonObject alert = req.json().value(QStringLiteral("alert")).toObject();
            states.insert(
                alert.value(QStringLiteral("id")).toString(), alert.value(QStringLiteral("state")).toString());
        }
        QCOMPARE(states.value(seen), QStringLiteral("acknowledged"));
        QCOMPARE(states.value(fresh), QStringLiteral("open"));
    }

    void emptyReport()
    {
        const DeliveryReport r;
        QCOMPARE(r.successRate(), 0.0);
        QCOMPARE(r.toJson().value(QStringLiteral("success")).toBool(), false);
        QVERIFY(r.toJson().value(QStringLiteral("started_at")).isNull());
    }

    void healthStatisticsAndRecentDeliveries()
    {
        DeliveryRig rig;
        ScriptedHttpServer good, flaky, bad;
        QVERIFY(good.listen() && flaky.listen() && bad.listen());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("good"), good.url()), QString());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("flaky"), flaky.url()), QString());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("bad"), bad.url()), QString());
        QVERIFY(rig.set("delivery.retry_delay_ms", QStringLiteral("1000")));
        QVERIFY(rig.set("delivery.jitter", QStringLiteral("0")));
        // good answers its third request slowly: latency percentiles must show it.
        good.setHandler([&](const RecordedRequest&) {
            return good.requestCount() == 2 ? ScriptedResponse::ok().after(250) : ScriptedResponse::ok();
        });
        flaky.enqueue(ScriptedResponse::withStatus(500, "flaky backend"));
        bad.setDefault(ScriptedResponse::withStatus(401, "invalid token"));
        QVERIFY(rig.start().isEmpty());

        // Before anything: full marks, no latency yet.
        const ChannelHealth fresh = healthOf(rig.notifications(), QStringLiteral("good"));
        QCOMPARE(fresh.successRate(), 100.0);
        QCOMPARE(fresh.latencyP50Ms, -1.0);
        QVERIFY(fresh.toJson().value(QStringLiteral("latency_p50_ms")).isNull());

        const QString a1 = rig.submit({ QStringLiteral("good"), QStringLiteral("flaky"), QStringLiteral("bad") });
        QVERIFY(waitUntil(
            [&] { return rig.outbox().forAlert(a1).at(1).attempts == 1 && rig.dispatcher().inFlightCount() == 0; }));
        rig.clock().advance(1000);
        QVERIFY(rig.waitReport(a1).complete());
        rig.clock().advance(5000);
        const QString a2 = rig.submit({ QStringLiteral("good") });
        QVERIFY(rig.waitReport(a2).complete());
        const QString a3 = rig.submit({ QStringLiteral("good") });
        QVERIFY(rig.waitReport(a3).complete());

        const ChannelHealth g = healthOf(rig.notifications(), QStringLiteral("good"));
        QCOMPARE(g.kind, QStringLiteral("webhook"));
        QCOMPARE(g.sent, qint64(3));
        QCOMPARE(g.failed, qint64(0));
        QCOMPARE(g.retried, qint64(0));
        QCOMPARE(g.successRate(), 100.0);
        QVERIFY(g.lastError.isEmpty());
        QCOMPARE(g.lastSuccessAt, QDateTime::fromMSecsSinceEpoch(rig.clock().nowMs(), Qt::UTC));
        QVERIFY2(g.latencyP50Ms >= 0 && g.latencyP50Ms < 250, qPrintable(QString::number(g.latencyP50Ms)));
        QVERIFY2(g.latencyP95Ms >= 250, qPrintable(QString::number(g.latencyP95Ms)));
        QCOMPARE(g.circuit, CircuitState::Closed);

        const ChannelHealth f = healthOf(rig.notifications(), QStringLiteral("flaky"));
        QCOMPARE(f.sent, qint64(1));
        QCOMPARE(f.failed, qint64(0));
        QCOMPARE(f.retried, qint64(1));
        QCOMPARE(f.lastError, QStringLiteral("HTTP 500: flaky backend"));
        QCOMPARE(f.successRate(), 100.0);

        const ChannelHealth b = healthOf(rig.notifications(), QStringLiteral("bad"));
        QCOMPARE(b.sent, qint64(0));
        QCOMPARE(b.failed, qint64(1));
        QCOMPARE(b.retried, qint64(0));
        QCOMPARE(b.successRate(), 0.0);
        QCOMPARE(b.lastError, QStringLiteral("HTTP 401: invalid token"));
        QCOMPARE(b.lastErrorAt, QDateTime::fromMSecsSinceEpoch(rig.clock().nowMs() - 6000, Qt::UTC));
        QVERIFY(!b.lastSuccessAt.isValid());
        const QJsonObject bj = b.toJson();
        QCOMPARE(bj.value(QStringLiteral("last_error")).toString(), QStringLiteral("HTTP 401: invalid token"));
        QCOMPARE(bj.value(QStringLiteral("circuit")).toString(), QStringLiteral("closed"));
        QVERIFY(bj.value(QStringLiteral("last_success_at")).isNull());

        const QJsonObject stats = rig.notifications().statistics();
        QCOMPARE(stats.value(QStringLiteral("alerts")).toInteger(), 3);
        QCOMPARE(stats.value(QStringLiteral("deliveries_sent")).toInteger(), 4);
        QCOMPARE(stats.value(QStringLiteral("deliveries_failed")).toInteger(), 1);
        QCOMPARE(stats.value(QStringLiteral("attempts_retried")).toInteger(), 1);
        QCOMPARE(stats.value(QStringLiteral("deliveries_open")).toInteger(), 0);
        QCOMPARE(stats.value(QStringLiteral("success_rate")).toDouble(), 80.0);
        QCOMPARE(stats.value(QStringLiteral("channels")).toArray().size(), 3);

        const QList<DeliveryReport> recent = rig.notifications().recentDeliveries(10);
        QCOMPARE(recent.size(), 3);
        QCOMPARE(recent.at(0).alertId, a3); // newest first
        QCOMPARE(recent.at(1).alertId, a2);
        QCOMPARE(recent.at(2).alertId, a1);
        QCOMPARE(recent.at(2).results.size(), 3);
        QCOMPARE(recent.at(2).deliveredCount(), 2);
        QCOMPARE(rig.notifications().recentDeliveries(1).size(), 1);
    }

    void healthShowsAnOpenCircuit()
    {
        DeliveryRig rig;
        ScriptedHttpServer down;
        QVERIFY(down.listen());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("down"), down.url()), QString());
        QVERIFY(rig.set("delivery.breaker_threshold", QStringLiteral("1")));
        QVERIFY(rig.set("delivery.max_retries", QStringLiteral("0")));
        down.setDefault(ScriptedResponse::withStatus(503, "maintenance"));
        QVERIFY(rig.start().isEmpty());
        QVERIFY(rig.waitReport(rig.submit()).complete());
        const ChannelHealth h = healthOf(rig.notifications(), QStringLiteral("down"));
        QCOMPARE(h.circuit, CircuitState::Open);
        QCOMPARE(h.toJson().value(QStringLiteral("circuit")).toString(), QStringLiteral("open"));
        QVERIFY(h.lastError.endsWith(QStringLiteral("HTTP 503: maintenance")));
    }

    void testChannelWithAGoodServer()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("hook"), server.url()), QString());
        // Not started: testChannel loads the channel itself.
        bool done = false;
        ChannelResult result;
        rig.notifications().testChannel(QStringLiteral("hook"), [&](const ChannelResult& r) {
            result = r;
            done = true;
        });
        QVERIFY(waitUntil([&] { return done; }));
        QCOMPARE(result.channel, QStringLiteral("hook"));
        QCOMPARE(result.status, DeliveryStatus::Delivered);
        QCOMPARE(result.attempts, 1);
        QVERIFY(result.error.isEmpty());
        QVERIFY(result.latencyMs >= 0);
        QCOMPARE(result.finishedAt, rig.clock().now());
        QCOMPARE(server.requestCount(), 1);
        const RecordedRequest& req = server.requests().first();
        QVERIFY(!result.idempotencyKey.isEmpty());
        QCOMPARE(req.header("Idempotency-Key"), result.idempotencyKey.toLatin1());
        QCOMPARE(req.json().value(QStringLiteral("idempotency_key")).toString(), result.idempotencyKey);
        QCOMPARE(req.json().value(QStringLiteral("alert")).toObject().value(QStringLiteral("title")).toString(),
            QStringLiteral("AlertDesk test"));
        // A test send leaves no history.
        QCOMPARE(rig.engine().alerts().count(), qint64(0));
        QCOMPARE(rig.outbox().openCount(), qint64(0));
        QCOMPARE(healthOf(rig.notifications(), QStringLiteral("hook")).sent, qint64(0));
    }

    void testChannelWithAFailingServer()
    {
        DeliveryRig rig;
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("hook"), server.url()), QString());
        server.setDefault(ScriptedResponse::withStatus(503, "maintenance until 15:00"));
        QVERIFY(rig.start().isEmpty());
        bool done = false;
        ChannelResult result;
        rig.notifications().testChannel(QStringLiteral("hook"), [&](const ChannelResult& r) {
            result = r;
            done = true;
        });
        QVERIFY(waitUntil([&] { return done; }));
        QCOMPARE(result.status, DeliveryStatus::Failed);
        QCOMPARE(result.attempts, 1);
        QCOMPARE(result.error, QStringLiteral("HTTP 503: maintenance until 15:00"));
        QCOMPARE(result.latencyMs, qint64(-1)); // only a success has a latency
        QVERIFY(!result.idempotencyKey.isEmpty());
        QCOMPARE(result.toJson().value(QStringLiteral("success")).toBool(), false);
        // No retry for a test send, whatever the clock does.
        rig.clock().advance(600000);
        QCOMPARE(rig.dispatcher().inFlightCount(), 0);
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(rig.engine().alerts().count(), qint64(0));
    }

    void testChannelThatDoesNotExist()
    {
        DeliveryRig rig;
        QVERIFY(rig.profile().isValid());
        bool done = false;
        ChannelResult result;
        rig.notifications().testChannel(QStringLiteral("nope"), [&](const ChannelResult& r) {
            result = r;
            done = true;
        });
        QVERIFY(waitUntil([&] { return done; }));
        QCOMPARE(result.status, DeliveryStatus::Failed);
        QVERIFY2(result.error.contains(QStringLiteral("nope")), qPrintable(result.error));
    }
};

QTEST_GUILESS_MAIN(TestNotificationService)
#include "TestNotificationService.moc"
