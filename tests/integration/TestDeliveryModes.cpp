// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "DeliveryRig.h"

#include "config/Profile.h"
#include "config/SecretStore.h"

#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// How one alert's deliveries across channels relate: parallel, sequential, fail-fast, and a
// channel that cannot be loaded at all.
class TestDeliveryModes final : public QObject {
    Q_OBJECT

    // Three webhooks a, b, c, each on its own server.
    struct Three {
        DeliveryRig rig;
        ScriptedHttpServer a, b, c;
        bool setUp(bool parallel, bool failFast)
        {
            return a.listen() && b.listen() && c.listen() && rig.profile().isValid()
                && rig.profile().addWebhook(QStringLiteral("a"), a.url()).isEmpty()
                && rig.profile().addWebhook(QStringLiteral("b"), b.url()).isEmpty()
                && rig.profile().addWebhook(QStringLiteral("c"), c.url()).isEmpty()
                && rig.set("delivery.parallel", parallel ? QStringLiteral("true") : QStringLiteral("false"))
                && rig.set("delivery.fail_fast", failFast ? QStringLiteral("true") : QStringLiteral("false"))
                && rig.start().isEmpty();
        }
    };

    static QList<DeliveryStatus> statuses(const DeliveryReport& r)
    {
        QList<DeliveryStatus> out;
        for (const ChannelResult& c : r.results)
            out << c.status;
        return out;
    }

private Q_SLOTS:
    void sequentialWaitsForEachAnswer()
    {
        Three t;
        QVERIFY(t.setUp(false, false));
        t.a.setDefault(ScriptedResponse::ok().after(150));
        t.b.setDefault(ScriptedResponse::ok().after(150));
        // When a's attempt finishes, b has seen nothing yet; when b's does, c has seen nothing.
        QList<int> seenByNextAtFinish;
        connect(&t.rig.dispatcher(), &Dispatcher::attemptFinished, this,
            [&](const QString&, const QString& channel, int, const QString&, qint64, const QString&) {
                if (channel == QLatin1String("a"))
                    seenByNextAtFinish << t.b.requestCount();
                else if (channel == QLatin1String("b"))
                    seenByNextAtFinish << t.c.requestCount();
            });
        const QString id = t.rig.submit({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") });
        QVERIFY(!id.isEmpty());
        QVERIFY(t.a.waitForRequests(1));
        QCOMPARE(t.rig.dispatcher().inFlightCount(), 1);
        const DeliveryReport r = t.rig.waitReport(id);
        QCOMPARE(statuses(r),
            (QList<DeliveryStatus> {
                DeliveryStatus::Delivered, DeliveryStatus::Delivered, DeliveryStatus::Delivered }));
        QCOMPARE(seenByNextAtFinish, (QList<int> { 0, 0 }));
        QVERIFY(t.b.requests().first().receivedAtMs >= t.a.requests().first().receivedAtMs + 150);
        QVERIFY(t.c.requests().first().receivedAtMs >= t.b.requests().first().receivedAtMs + 150);
    }

    void parallelSendsAllAtOnce()
    {
        Three t;
        QVERIFY(t.setUp(true, false));
        for (ScriptedHttpServer* s : { &t.a, &t.b, &t.c })
            s->setDefault(ScriptedResponse::ok().after(500));
        QSignalSpy attempts(&t.rig.dispatcher(), &Dispatcher::attemptFinished);
        const QString id = t.rig.submit({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") });
        // All three requests arrive while none has been answered.
        QVERIFY(
            waitUntil([&] { return t.a.requestCount() == 1 && t.b.requestCount() == 1 && t.c.requestCount() == 1; }));
        QCOMPARE(attempts.size(), 0);
        QCOMPARE(t.rig.dispatcher().inFlightCount(), 3);
        QCOMPARE(statuses(t.rig.waitReport(id)),
            (QList<DeliveryStatus> {
                DeliveryStatus::Delivered, DeliveryStatus::Delivered, DeliveryStatus::Delivered }));
    }

    void sequentialGoesOnAfterAFailure()
    {
        Three t;
        QVERIFY(t.setUp(false, false));
        t.a.setDefault(ScriptedResponse::withStatus(403, "forbidden"));
        const QString id = t.rig.submit({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") });
        const DeliveryReport r = t.rig.waitReport(id);
        QCOMPARE(statuses(r),
            (QList<DeliveryStatus> { DeliveryStatus::Failed, DeliveryStatus::Delivered, DeliveryStatus::Delivered }));
        QCOMPARE(r.results.first().error, QStringLiteral("HTTP 403: forbidden"));
    }

    void failFastCancelsTheRest()
    {
        Three t;
        QVERIFY(t.setUp(false, true));
        t.a.setDefault(ScriptedResponse::withStatus(400, "invalid"));
        QSignalSpy finished(&t.rig.dispatcher(), &Dispatcher::deliveryFinished);
        QSignalSpy completed(&t.rig.dispatcher(), &Dispatcher::alertCompleted);
        const QString id = t.rig.submit({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") });
        QVERIFY(completed.wait(5000));
        QCOMPARE(completed.first().first().toString(), id);
        const DeliveryReport r = t.rig.notifications().report(id);
        QCOMPARE(statuses(r),
            (QList<DeliveryStatus> { DeliveryStatus::Failed, DeliveryStatus::Cancelled, DeliveryStatus::Cancelled }));
        QCOMPARE(r.results[0].error, QStringLiteral("HTTP 400: invalid"));
        QCOMPARE(r.results[1].error, QStringLiteral("not sent: fail-fast after a failed"));
        QCOMPARE(r.results[1].attempts, 0);
        QVERIFY(r.complete());
        QVERIFY(!r.allDelivered());
        QCOMPARE(t.b.requestCount(), 0);
        QCOMPARE(t.c.requestCount(), 0);
        QCOMPARE(finished.size(), 1);
        // Another alert is not affected by the first one's fail-fast.
        const QString next = t.rig.submit({ QStringLiteral("b"), QStringLiteral("c") });
        QCOMPARE(statuses(t.rig.waitReport(next)),
            (QList<DeliveryStatus> { DeliveryStatus::Delivered, DeliveryStatus::Delivered }));
    }

    void sequentialPastAChannelThatCannotBeLoaded()
    {
        DeliveryRig rig;
        ScriptedHttpServer good;
        QVERIFY(good.listen());
        QVERIFY(rig.profile().isValid());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("broken"), good.url(QStringLiteral("/never"))), QString());
        QCOMPARE(rig.profile().addWebhook(QStringLiteral("good"), good.url()), QString());
        QVERIFY(rig.set("delivery.parallel", QStringLiteral("false")));
        // The broken channel's URL is gone from the keychain: it cannot be built.
        bool removed = false;
        rig.profile().secrets().remove(
            SecretStore::key(rig.engine().profile().id(), QStringLiteral("broken"), QStringLiteral("url")),
            [&](const SecretResult&) { removed = true; });
        QVERIFY(waitUntil([&] { return removed; }));
        const QStringList errors = rig.start(true); // the poll finds rows for channels it lacks
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.first().startsWith(QStringLiteral("broken: ")), qPrintable(errors.first()));

        const QString id = rig.submit({ QStringLiteral("broken"), QStringLiteral("good") });
        QVERIFY(!id.isEmpty());
        rig.clock().advance(1000); // the dispatcher's poll
        const DeliveryReport r = rig.waitReport(id);
        QVERIFY(r.complete());
        QCOMPARE(statuses(r), (QList<DeliveryStatus> { DeliveryStatus::Failed, DeliveryStatus::Delivered }));
        QCOMPARE(r.results.first().error, rig.notifications().loadErrors().value(QStringLiteral("broken")));
        QCOMPARE(good.requestCount(), 1);
        QCOMPARE(good.requests().first().path, QByteArray("/"));
    }
};

QTEST_GUILESS_MAIN(TestDeliveryModes)
#include "TestDeliveryModes.moc"
