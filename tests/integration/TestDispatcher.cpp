#include "FakeClock.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "delivery/Dispatcher.h"
#include "engine/AlertManager.h"
#include "engine/NotificationService.h"
#include "storage/OutboxStore.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The dispatcher against a real HTTP server on 127.0.0.1, on a fake clock.
class TestDispatcher final : public QObject {
    Q_OBJECT

    static QJsonObject riskAlert(const QStringList& channels = {})
    {
        QJsonObject o{{QStringLiteral("type"), QStringLiteral("RISK")},
                      {QStringLiteral("priority"), QStringLiteral("HIGH")},
                      {QStringLiteral("title"), QStringLiteral("Position risk exceeded")},
                      {QStringLiteral("message"), QStringLiteral("BTC position exceeds risk limit by 15%")},
                      {QStringLiteral("symbol"), QStringLiteral("BTCUSDT")}};
        if (!channels.isEmpty())
            o.insert(QStringLiteral("channels"), QJsonArray::fromStringList(channels));
        return o;
    }

private Q_SLOTS:
    void serverErrorThenSuccess()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(ScriptedResponse::withStatus(500, "boom"));
        server.enqueue(ScriptedResponse::ok());
        QCOMPARE(p.addWebhook(QStringLiteral("hook"), server.url(QStringLiteral("/in"))), QString());
        QVERIFY(p.setSetting(QStringLiteral("delivery.retry_delay_ms"), QStringLiteral("1000")));
        QVERIFY(p.setSetting(QStringLiteral("delivery.jitter"), QStringLiteral("0")));
        QVERIFY(p.start().isEmpty());

        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        QSignalSpy attempts(&p.engine().notifications().dispatcher(), &Dispatcher::attemptFinished);
        FieldError fe;
        const auto alert = p.engine().alertManager().submit(riskAlert(), &fe);
        QVERIFY2(alert, qPrintable(fe.toString()));
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        // The retry is due after exactly the base delay on the fake clock: not before.
        clock.advance(999);
        QTest::qWait(20); // lets any wrongly early request arrive; the assertion below is what counts
        QCOMPARE(server.requestCount(), 1);
        clock.advance(1);
        QVERIFY(server.waitForRequests(2));
        QVERIFY(done.wait(5000));
        const DeliveryReport r = done.first().first().value<DeliveryReport>();
        QCOMPARE(r.results.size(), 1);
        QCOMPARE(r.results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(r.results.first().attempts, 2);
        // Both attempts carried the same idempotency key.
        QCOMPARE(server.requests().at(0).header("Idempotency-Key"), server.requests().at(1).header("Idempotency-Key"));
        QCOMPARE(server.requests().at(0).header("Idempotency-Key"),
                 OutboxStore::idempotencyKey(alert->id, QStringLiteral("hook")).toLatin1());
    }
};

QTEST_GUILESS_MAIN(TestDispatcher)
#include "TestDispatcher.moc"
