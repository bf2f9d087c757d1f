// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "MemorySecretStore.h"
#include "ScriptedHttpServer.h"
#include "TestKeychain.h"
#include "TestProfile.h"

#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "storage/OutboxStore.h"

#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// kill -9 of the process that drives a profile loses nothing: `alertdesk-cli flush` afterwards
// delivers every (alert, channel) at least once, and every repeat carries the same
// Idempotency-Key, so a receiver that drops repeated keys sees each delivery exactly once.
class TestCliCrash final : public QObject {
    Q_OBJECT

    static constexpr int kAlerts = 50;
    static constexpr int kReplyDelayMs = 150;

    TestKeychain m_keychain; // the real Secret Service; the profiles whose secrets go at the end

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = m_keychain.start();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
    }

    void cleanupTestCase() { m_keychain.purge(); }

    void killedEngineThenFlush_data()
    {
        QTest::addColumn<bool>("parallel");
        QTest::newRow("parallel") << true;
        QTest::newRow("sequential") << false;
    }

    void killedEngineThenFlush()
    {
        QFETCH(bool, parallel);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());

        // One slow receiver per channel. Each also holds back (never answers) the first
        // request of one chosen alert, so some delivery is surely in flight at the kill.
        const QStringList channels { QStringLiteral("alpha"), QStringLiteral("beta") };
        QHash<QString, ScriptedHttpServer*> servers;
        ScriptedHttpServer alpha, beta;
        servers.insert(channels[0], &alpha);
        servers.insert(channels[1], &beta);
        auto heldKeys = std::make_shared<QSet<QByteArray>>();
        auto held = std::make_shared<QSet<QByteArray>>();
        for (ScriptedHttpServer* s : std::as_const(servers)) {
            QVERIFY(s->listen());
            s->setHandler([heldKeys, held](const RecordedRequest& r) {
                const QByteArray key = r.header("Idempotency-Key");
                if (heldKeys->contains(key) && !held->contains(key)) {
                    held->insert(key);
                    return ScriptedResponse::hang();
                }
                return ScriptedResponse::ok().after(kReplyDelayMs);
            });
        }
        for (const QString& c : channels) {
            const CliResult add = cli.addWebhook(c, servers[c]->url(QStringLiteral("/") + c));
            QVERIFY2(add.exitedWith(0), qPrintable(add.describe()));
        }
        const CliResult setParallel = cli.run({ QStringLiteral("settings"), QStringLiteral("set"),
            QStringLiteral("delivery.parallel"), parallel ? QStringLiteral("true") : QStringLiteral("false") });
        QVERIFY2(setParallel.exitedWith(0), qPrintable(setParallel.describe()));

        auto run = cli.start({ QStringLiteral("run") });
        QVERIFY(run);
        QVERIFY2(run->waitForStderr("engine running", 15000), qPrintable(run->result().describe()));

        // The alerts are committed by another process than the driver, as a handed-off
        // `send` does: alert and outbox rows in one transaction; `run` finds them by polling.
        MemorySecretStore unusedSecrets;
        QString error;
        Engine::Options o;
        o.profileDir = dir.path();
        o.secrets = &unusedSecrets;
        std::unique_ptr<Engine> engine = Engine::open(o, &error);
        QVERIFY2(engine, qPrintable(error));
        QVERIFY(!engine->acquireDriverLock());
        QList<Alert> alerts;
        QStringList alertIds;
        for (int i = 0; i < kAlerts; ++i) {
            const AlertParseResult parsed
                = parseAlert(QJsonObject { { QStringLiteral("type"), QStringLiteral("PRICE") },
                                 { QStringLiteral("priority"), QStringLiteral("HIGH") },
                                 { QStringLiteral("title"), QStringLiteral("alert %1").arg(i) },
                                 { QStringLiteral("data"), QJsonObject { { QStringLiteral("n"), i } } } },
                    QDateTime::currentDateTimeUtc());
            QVERIFY2(parsed.ok(), qPrintable(parsed.error.toString()));
            alerts << *parsed.alert;
            alertIds << parsed.alert->id;
        }
        // In parallel mode both channels' first requests of alert 3 are held; sequentially,
        // alert 3 reaches beta only after alpha, so alpha's is held for one and beta's for another.
        heldKeys->insert(OutboxStore::idempotencyKey(alertIds[3], channels[0]).toLatin1());
        heldKeys->insert(OutboxStore::idempotencyKey(alertIds[parallel ? 3 : 1], channels[1]).toLatin1());
        for (const Alert& a : std::as_const(alerts)) {
            FieldError fe;
            QVERIFY2(engine->alertManager().submit(a, &fe), qPrintable(fe.toString()));
        }
        QCOMPARE(engine->outbox().openCount(), qint64(kAlerts * channels.size()));

        auto delivered = [&] {
            qint64 n = 0;
            for (const QString& c : channels)
                n += engine->outbox().stats(c).delivered;
            return n;
        };
        // Kill while deliveries are in flight: the held requests have arrived and some others
        // have been answered and recorded, but the outbox still has open rows.
        QVERIFY2(waitUntil([&] { return held->size() == 2 && delivered() >= 10; }, 20000),
            qPrintable(QStringLiteral("held %1, delivered %2").arg(held->size()).arg(delivered())));
        run->kill();
        QVERIFY(run->waitForFinished(10000));
        cli.record(*run);
        QCOMPARE(run->result().exitStatus, QProcess::CrashExit);

        const qint64 openAtKill = engine->outbox().openCount();
        const qint64 deliveredAtKill = delivered();
        QVERIFY2(openAtKill > 0, "every delivery finished before the kill: nothing was tested");
        QCOMPARE(openAtKill + deliveredAtKill, qint64(kAlerts * channels.size()));
        for (const QByteArray& key : std::as_const(*heldKeys)) {
            bool open = false;
            for (const QString& id : std::as_const(alertIds)) {
                for (const DeliveryRow& row : engine->outbox().forAlert(id))
                    open = open || (row.idempotencyKey.toLatin1() == key && !isTerminal(row.status));
            }
            QVERIFY2(open, "a held delivery was recorded as finished");
        }
        const int requestsAtKill = alpha.requestCount() + beta.requestCount();

        const CliResult flush = cli.run({ QStringLiteral("flush") }, {}, 25000);
        QVERIFY2(flush.exitedWith(0), qPrintable(flush.describe()));
        const QJsonObject summary = flush.json().object();
        QCOMPARE(summary.value(QStringLiteral("failed")).toInt(), 0);
        QCOMPARE(summary.value(QStringLiteral("delivered")).toInt(), openAtKill);

        // Every (alert, channel) reached its receiver; repeats only ever with the same key.
        QHash<QByteArray, int> seen;
        for (const QString& c : channels) {
            for (const RecordedRequest& r : servers[c]->requests()) {
                const QByteArray key = r.header("Idempotency-Key");
                const QString alertId
                    = r.json().value(QStringLiteral("alert")).toObject().value(QStringLiteral("id")).toString();
                QCOMPARE(QString::fromUtf8(r.path), QStringLiteral("/") + c);
                QCOMPARE(QString::fromLatin1(key), OutboxStore::idempotencyKey(alertId, c));
                QCOMPARE(r.json().value(QStringLiteral("idempotency_key")).toString(), QString::fromLatin1(key));
                ++seen[key];
            }
        }
        for (const QString& id : std::as_const(alertIds)) {
            for (const QString& c : channels)
                QVERIFY2(seen.value(OutboxStore::idempotencyKey(id, c).toLatin1()) >= 1,
                    qPrintable(QStringLiteral("alert %1 never reached %2").arg(id, c)));
        }
        QCOMPARE(seen.size(), kAlerts * static_cast<int>(channels.size())); // a key-deduplicating receiver
        const int total = alpha.requestCount() + beta.requestCount();
        QVERIFY(total > requestsAtKill);
        for (const QByteArray& key : std::as_const(*heldKeys))
            QVERIFY2(seen.value(key) >= 2, "a delivery in flight at the kill was not sent again");
        qInfo("%d requests for %d deliveries; %lld were open at the kill", total,
            kAlerts * static_cast<int>(channels.size()), openAtKill);

        // The outbox is settled: every row delivered, none open.
        QCOMPARE(engine->outbox().openCount(), qint64(0));
        QCOMPARE(delivered(), qint64(kAlerts * channels.size()));
    }

    void crashBetweenSequentialDeliveries()
    {
        // Sequential delivery: the crash comes after alpha's outcome was committed and before
        // beta's row was promoted, so the alert has only a 'waiting' row left. flush resumes it.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        for (const char* c : { "alpha", "beta" }) {
            const CliResult add
                = cli.addWebhook(QString::fromLatin1(c), server.url(QStringLiteral("/") + QString::fromLatin1(c)));
            QVERIFY2(add.exitedWith(0), qPrintable(add.describe()));
        }
        const CliResult set = cli.run({ QStringLiteral("settings"), QStringLiteral("set"),
            QStringLiteral("delivery.parallel"), QStringLiteral("false") });
        QVERIFY2(set.exitedWith(0), qPrintable(set.describe()));

        MemorySecretStore unusedSecrets;
        QString error;
        Engine::Options o;
        o.profileDir = dir.path();
        o.secrets = &unusedSecrets;
        std::unique_ptr<Engine> engine = Engine::open(o, &error);
        QVERIFY2(engine, qPrintable(error));
        FieldError fe;
        const auto alert
            = engine->alertManager().submit(QJsonObject { { QStringLiteral("type"), QStringLiteral("RISK") },
                                                { QStringLiteral("priority"), QStringLiteral("HIGH") },
                                                { QStringLiteral("title"), QStringLiteral("one after another") } },
                &fe);
        QVERIFY2(alert, qPrintable(fe.toString()));
        const QList<DeliveryRow> rows = engine->outbox().forAlert(alert->id);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].status, DeliveryStatus::Pending);
        QCOMPARE(rows[1].status, DeliveryStatus::Waiting);
        // What the dispatcher commits for a delivered attempt, and nothing after it.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(engine->outbox().recordAttempt(
            AttemptRecord { rows[0].id, rows[0].channel, now, now, QStringLiteral("delivered"), 200, {}, 5 },
            DeliveryStatus::Delivered, now, &error));
        engine.reset();

        const CliResult flush = cli.run({ QStringLiteral("flush") }, {}, 15000);
        QVERIFY2(flush.exitedWith(0), qPrintable(flush.describe()));
        QCOMPARE(flush.json().object().value(QStringLiteral("delivered")).toInt(), 1);
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(server.requests().first().path, QByteArray("/beta"));
        const CliResult history = cli.run({ QStringLiteral("history") });
        QVERIFY2(history.exitedWith(0), qPrintable(history.describe()));
        for (const QJsonValue& d : history.jsonLines().value(0).value(QStringLiteral("deliveries")).toArray())
            QCOMPARE(d.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("delivered"));
    }
};

QTEST_GUILESS_MAIN(TestCliCrash)
#include "TestCliCrash.moc"
