// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "delivery/Dispatcher.h"
#include "engine/AlertManager.h"
#include "engine/NotificationService.h"
#include "storage/AlertStore.h"
#include "storage/OutboxStore.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// AlertManager::submitBatch(): a burst stored in one transaction, each alert judged on its own,
// and every stored alert delivered like one submitted alone.
class TestSubmitBatch final : public QObject {
    Q_OBJECT

    static QJsonObject alert(const QString& title, const QStringList& channels = {})
    {
        QJsonObject o { { QStringLiteral("type"), QStringLiteral("PRICE") },
            { QStringLiteral("priority"), QStringLiteral("HIGH") }, { QStringLiteral("title"), title },
            { QStringLiteral("message"), QStringLiteral("crossed") } };
        if (!channels.isEmpty())
            o.insert(QStringLiteral("channels"), QJsonArray::fromStringList(channels));
        return o;
    }

private Q_SLOTS:
    void validOnesStoredAndDelivered()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QCOMPARE(p.addWebhook(QStringLiteral("a"), server.url(QStringLiteral("/a"))), QString());
        QCOMPARE(p.addWebhook(QStringLiteral("b"), server.url(QStringLiteral("/b"))), QString());
        QVERIFY(p.start().isEmpty());
        QSignalSpy accepted(&p.engine().alertManager(), &AlertManager::alertAccepted);
        QSignalSpy completed(&p.engine().notifications().dispatcher(), &Dispatcher::alertCompleted);

        QJsonObject noTitle = alert(QString()); // nor a message: it cannot be an alert
        noTitle.remove(QStringLiteral("message"));
        const QList<QJsonObject> in { alert(QStringLiteral("one")), noTitle,
            alert(QStringLiteral("two"), { QStringLiteral("b") }),
            alert(QStringLiteral("three"), { QStringLiteral("nope") }) };
        QList<FieldError> errors;
        const auto out = p.engine().alertManager().submitBatch(in, &errors);
        QCOMPARE(out.size(), 4);
        QCOMPARE(errors.size(), 4);
        QVERIFY(out[0] && out[2]);
        QVERIFY(!out[1] && !out[3]);
        QCOMPARE(errors[1].field, QStringLiteral("title"));
        QCOMPARE(errors[3].field, QStringLiteral("channels"));
        QCOMPARE(out[0]->title, QStringLiteral("one"));
        QCOMPARE(accepted.size(), 2);
        // Committed before submitBatch() returned: in the history with their outbox rows.
        QCOMPARE(p.engine().alerts().count(), 2);
        QCOMPARE(p.engine().outbox().forAlert(out[0]->id).size(), 2); // every enabled channel
        QCOMPARE(p.engine().outbox().forAlert(out[2]->id).size(), 1); // the one it named

        QVERIFY(waitUntil([&] { return completed.size() == 2; }));
        QCOMPARE(server.requestCount(), 3);
        for (const auto& a : { out[0], out[2] }) {
            for (const DeliveryRow& row : p.engine().outbox().forAlert(a->id))
                QCOMPARE(row.status, DeliveryStatus::Delivered);
        }
        QCOMPARE(p.engine().outbox().openCount(), 0);
    }

    void nothingValidStoresNothing()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QCOMPARE(p.addWebhook(QStringLiteral("a"), QStringLiteral("http://127.0.0.1:9/a")), QString());
        QList<FieldError> errors;
        QJsonObject noTitle = alert(QString()); // nor a message: it cannot be an alert
        noTitle.remove(QStringLiteral("message"));
        const auto out = p.engine().alertManager().submitBatch({ noTitle, QJsonObject {} }, &errors);
        QCOMPARE(out.size(), 2);
        QVERIFY(!out[0] && !out[1]);
        QCOMPARE(errors[0].field, QStringLiteral("title"));
        QVERIFY(!errors[1].field.isEmpty());
        QCOMPARE(p.engine().alerts().count(), 0);
        QVERIFY(p.engine().alertManager().submitBatch({}, &errors).isEmpty());
        QVERIFY(errors.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSubmitBatch)
#include "TestSubmitBatch.moc"
