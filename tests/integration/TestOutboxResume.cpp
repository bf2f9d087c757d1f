// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"
#include "MemorySecretStore.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "config/Profile.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertLifecycle.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "engine/NotificationService.h"
#include "engine/PolicyEngine.h"
#include "storage/OutboxStore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The outbox is durable: what one Engine committed, a new Engine on the same profile folder
// delivers, with the same idempotency key and the retry schedule it had.
class TestOutboxResume final : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir; // a fresh profile folder per test
    MemorySecretStore m_secrets; // stands in for the keychain, which outlives the process
    FakeClock m_clock;

    std::unique_ptr<Engine> openEngine()
    {
        Engine::Options o;
        o.profileDir = m_dir->path();
        o.secrets = &m_secrets;
        o.clock = &m_clock;
        QString error;
        auto e = Engine::open(o, &error);
        if (!e)
            qWarning("%s", qPrintable(error));
        return e;
    }
    static QString addWebhook(Engine& e, const QString& url)
    {
        ChannelConfig c;
        c.name = QStringLiteral("hook");
        c.kind = QStringLiteral("webhook");
        bool finished = false;
        QString error;
        e.saveChannel(c, { { QStringLiteral("url"), url } }, false, [&](const QString& err) {
            error = err;
            finished = true;
        });
        return waitUntil([&] { return finished; }) ? error : QStringLiteral("saveChannel did not finish");
    }
    static QStringList start(Engine& e)
    {
        e.notifications().dispatcher().setPollIntervalMs(0);
        e.policy().setPollIntervalMs(0);
        e.lifecycle().setPollIntervalMs(0);
        bool finished = false;
        QStringList errors;
        e.startDelivery(e.profile().enabledChannelNames(), [&](const QStringList& errs) {
            errors = errs;
            finished = true;
        });
        if (!waitUntil([&] { return finished; }))
            errors << QStringLiteral("startDelivery did not finish");
        return errors;
    }
    static QJsonObject alertJson()
    {
        return { { QStringLiteral("type"), QStringLiteral("HEALTH") },
            { QStringLiteral("priority"), QStringLiteral("CRITICAL") },
            { QStringLiteral("title"), QStringLiteral("Exchange connection lost") } };
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void committedRowsAreDeliveredByTheNextEngine()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QString alertId;
        {
            auto first = openEngine();
            QVERIFY(first);
            QCOMPARE(addWebhook(*first, server.url()), QString());
            FieldError fe;
            for (int i = 0; i < 3; ++i) {
                const auto a = first->alertManager().submit(alertJson(), &fe);
                QVERIFY2(a, qPrintable(fe.toString()));
                alertId = a->id;
            }
            QCOMPARE(first->outbox().openCount(), qint64(3));
            // Destroyed before it ever sends (delivery was never started).
        }
        QCoreApplication::processEvents();
        QCOMPARE(server.requestCount(), 0);

        auto second = openEngine();
        QVERIFY(second);
        QSignalSpy completed(&second->notifications().dispatcher(), &Dispatcher::alertCompleted);
        QVERIFY(start(*second).isEmpty());
        QVERIFY(server.waitForRequests(3));
        QVERIFY(waitUntil([&] { return completed.size() == 3; }));
        QCOMPARE(second->outbox().openCount(), qint64(0));
        const DeliveryReport r = second->notifications().report(alertId);
        QCOMPARE(r.results.size(), 1);
        QCOMPARE(r.results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(r.results.first().attempts, 1);
        QSet<QByteArray> keys;
        for (const RecordedRequest& req : server.requests())
            keys.insert(req.header("Idempotency-Key"));
        QVERIFY(keys.contains(OutboxStore::idempotencyKey(alertId, QStringLiteral("hook")).toLatin1()));
        QCOMPARE(keys.size(), 3);
    }

    void aRetryKeepsItsScheduleAcrossARestart()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(ScriptedResponse::withStatus(503, "busy").header("Retry-After", "30"));
        QString alertId;
        QByteArray firstKey;
        const qint64 t0 = m_clock.nowMs();
        {
            auto first = openEngine();
            QVERIFY(first);
            QCOMPARE(addWebhook(*first, server.url()), QString());
            QVERIFY(start(*first).isEmpty());
            QSignalSpy attempts(&first->notifications().dispatcher(), &Dispatcher::attemptFinished);
            FieldError fe;
            const auto a = first->alertManager().submit(alertJson(), &fe);
            QVERIFY(a);
            alertId = a->id;
            QVERIFY(attempts.wait(5000));
            QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
            firstKey = server.requests().first().header("Idempotency-Key");
            QCoreApplication::processEvents();
        }
        // A restart ten seconds later: twenty seconds of the platform's wait are left.
        m_clock.advance(10000);
        auto second = openEngine();
        QVERIFY(second);
        QVERIFY(start(*second).isEmpty());
        QVERIFY(waitUntil([&] { return m_clock.nextDueAt() == t0 + 30000; }));
        m_clock.advance(t0 + 29999 - m_clock.nowMs());
        QCOMPARE(second->notifications().dispatcher().inFlightCount(), 0);
        QCOMPARE(server.requestCount(), 1);
        m_clock.advance(1);
        QCOMPARE(second->notifications().dispatcher().inFlightCount(), 1);
        QVERIFY(server.waitForRequests(2));
        QCOMPARE(server.requests().at(1).header("Idempotency-Key"), firstKey);
        QVERIFY(waitUntil([&] { return second->outbox().alertComplete(alertId); }));
        const ChannelResult c = second->notifications().report(alertId).results.first();
        QCOMPARE(c.status, DeliveryStatus::Delivered);
        QCOMPARE(c.attempts, 2);
    }
};

QTEST_GUILESS_MAIN(TestOutboxResume)
#include "TestOutboxResume.moc"
