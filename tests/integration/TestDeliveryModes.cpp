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

// Sequential and fail-fast delivery through the dispatcher's batched commits: the next row of
// an alert is promoted in the transaction that records the previous outcome; a failure
// cancels what has not started.
class TestDeliveryModes final : public QObject {
    Q_OBJECT

    static QJsonObject alert()
    {
        return {{QStringLiteral("type"), QStringLiteral("RISK")},
                {QStringLiteral("priority"), QStringLiteral("CRITICAL")},
                {QStringLiteral("title"), QStringLiteral("Drawdown")},
                {QStringLiteral("channels"), QJsonArray{QStringLiteral("c1"), QStringLiteral("c2"), QStringLiteral("c3")}}};
    }

private Q_SLOTS:
    void sequentialInOrder()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        for (const char* c : {"c1", "c2", "c3"})
            QCOMPARE(p.addWebhook(QString::fromLatin1(c), server.url(QStringLiteral("/") + QLatin1String(c))), QString());
        QVERIFY(p.setSetting(QStringLiteral("delivery.parallel"), QStringLiteral("false")));
        QVERIFY(p.start().isEmpty());
        // Each request is answered only once the test has seen it: nothing may overtake.
        server.setDefault(ScriptedResponse::ok().after(20));
        QSignalSpy completed(&p.engine().notifications().dispatcher(), &Dispatcher::alertCompleted);
        FieldError fe;
        const auto a = p.engine().alertManager().submit(alert(), &fe);
        QVERIFY2(a, qPrintable(fe.toString()));
        QVERIFY(server.waitForRequests(1));
        QCOMPARE(server.requestCount(), 1); // the others wait their turn
        QVERIFY(completed.wait(5000));
        QCOMPARE(server.requestCount(), 3);
        QCOMPARE(server.requests().at(0).path, QByteArray("/c1"));
        QCOMPARE(server.requests().at(1).path, QByteArray("/c2"));
        QCOMPARE(server.requests().at(2).path, QByteArray("/c3"));
        QVERIFY(server.requests().at(1).receivedAtMs >= server.requests().at(0).receivedAtMs + 20);
        for (const DeliveryRow& r : p.engine().outbox().forAlert(a->id))
            QCOMPARE(r.status, DeliveryStatus::Delivered);
    }

    void failFastCancelsTheRest()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        for (const char* c : {"c1", "c2", "c3"})
            QCOMPARE(p.addWebhook(QString::fromLatin1(c), server.url(QStringLiteral("/") + QLatin1String(c))), QString());
        QVERIFY(p.setSetting(QStringLiteral("delivery.parallel"), QStringLiteral("false")));
        QVERIFY(p.setSetting(QStringLiteral("delivery.fail_fast"), QStringLiteral("true")));
        QVERIFY(p.start().isEmpty());
        server.enqueue(ScriptedResponse::withStatus(200));
        server.enqueue(ScriptedResponse::withStatus(403, "forbidden")); // fails for good
        QSignalSpy completed(&p.engine().notifications().dispatcher(), &Dispatcher::alertCompleted);
        FieldError fe;
        const auto a = p.engine().alertManager().submit(alert(), &fe);
        QVERIFY2(a, qPrintable(fe.toString()));
        QVERIFY(completed.wait(5000));
        QCOMPARE(server.requestCount(), 2);
        const QList<DeliveryRow> rows = p.engine().outbox().forAlert(a->id);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0].status, DeliveryStatus::Delivered);
        QCOMPARE(rows[1].status, DeliveryStatus::Failed);
        QCOMPARE(rows[2].status, DeliveryStatus::Cancelled);
        QCOMPARE(p.engine().outbox().openCount(), 0);
    }

    void parallelAllAtOnce()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        for (const char* c : {"c1", "c2", "c3"})
            QCOMPARE(p.addWebhook(QString::fromLatin1(c), server.url(QStringLiteral("/") + QLatin1String(c))), QString());
        QVERIFY(p.start().isEmpty());
        server.setDefault(ScriptedResponse::ok().after(200));
        QSignalSpy completed(&p.engine().notifications().dispatcher(), &Dispatcher::alertCompleted);
        FieldError fe;
        const auto a = p.engine().alertManager().submit(alert(), &fe);
        QVERIFY2(a, qPrintable(fe.toString()));
        QVERIFY(server.waitForRequests(3, 1000)); // all three before the first answer
        QVERIFY(completed.wait(5000));
        for (const DeliveryRow& r : p.engine().outbox().forAlert(a->id))
            QCOMPARE(r.status, DeliveryStatus::Delivered);
    }
};

QTEST_GUILESS_MAIN(TestDeliveryModes)
#include "TestDeliveryModes.moc"
