// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertmanagerCluster.h"
#include "CliRunner.h"
#include "FakeClock.h"
#include "TestKeychain.h"
#include "TestProfile.h"

#include "engine/AlertLifecycle.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "sources/IngestServer.h"
#include "storage/AlertStore.h"
#include "storage/OutboxStore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace alertdesk;
using namespace alertdesk::test;

// The alertmanager channel against a real cluster of Debian's prometheus-alertmanager: two
// processes on 127.0.0.1 gossiping with each other. The engine's clock is a fake set to the
// real time, so re-sends and snooze ends are stepped, while the cluster judges times as real.
class TestAlertmanagerCluster final : public QObject {
    Q_OBJECT

    static ChannelConfig channel(const QStringList& urls, const QString& resend = {})
    {
        ChannelConfig c;
        c.name = QStringLiteral("desk");
        c.kind = QStringLiteral("alertmanager");
        c.settings = QJsonObject { { QStringLiteral("urls"), QJsonArray::fromStringList(urls) },
            { QStringLiteral("instance"), QStringLiteral("desk-test") },
            { QStringLiteral("created_by"), QStringLiteral("ana@desk-test") } };
        if (!resend.isEmpty())
            c.settings.insert(QStringLiteral("resend_interval"), resend);
        return c;
    }

    static std::optional<Alert> submit(TestProfile& p, const QString& title)
    {
        FieldError fe;
        auto a = p.engine().alertManager().submit(
            QJsonObject { { QStringLiteral("type"), QStringLiteral("RISK") },
                { QStringLiteral("priority"), QStringLiteral("CRITICAL") }, { QStringLiteral("title"), title },
                { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") } },
            &fe);
        if (!a)
            qWarning().noquote() << fe.toString();
        return a;
    }

    // Every outbox row of the alert finished (delivered, failed or cancelled).
    static bool settled(TestProfile& p, const QString& alertId)
    {
        const QList<DeliveryRow> rows = p.engine().outbox().forAlert(alertId);
        return !rows.isEmpty() && std::all_of(rows.begin(), rows.end(), [](const DeliveryRow& r) {
            return r.status != DeliveryStatus::Pending && r.status != DeliveryStatus::Waiting;
        });
    }

    static int rows(TestProfile& p, const QString& alertId, const QString& purpose, DeliveryStatus status)
    {
        int n = 0;
        for (const DeliveryRow& r : p.engine().outbox().forAlert(alertId))
            n += r.purpose == purpose && r.status == status ? 1 : 0;
        return n;
    }

    static QJsonObject silence(AlertmanagerCluster& c, int node, const QString& alertId)
    {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("filter"), QStringLiteral("alertdesk_id=\"%1\"").arg(alertId));
        const QJsonArray all = c.getArray(node, QStringLiteral("/api/v2/silences?") + q.toString(QUrl::FullyEncoded));
        return all.isEmpty() ? QJsonObject() : all.first().toObject();
    }

    static QString state(const QJsonObject& o)
    {
        return o.value(QStringLiteral("status")).toObject().value(QStringLiteral("state")).toString();
    }

    TestKeychain m_keychain; // the real Secret Service, for the command line's credentials

private Q_SLOTS:
    void initTestCase()
    {
        if (!AlertmanagerCluster::available())
            QSKIP("prometheus-alertmanager is not installed");
    }

    void cleanupTestCase() { m_keychain.purge(); }

    // As a user runs it: channel add with both peers and a credential (kept in the keychain,
    // not in the profile), one node SIGKILLed, and `send` still exits 0, the alert on the survivor.
    void commandLineSendSurvivesAKilledNode()
    {
        const QString problem = m_keychain.start();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
        AlertmanagerCluster cluster;
        QCOMPARE(cluster.start(2), QString());
        QTemporaryDir dir;
        m_keychain << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        const QString password = QStringLiteral("cl0ster-pa55word-x");
        const CliResult add = cli.run({ QStringLiteral("channel"), QStringLiteral("add"),
            QStringLiteral("alertmanager"), QStringLiteral("desk"), QStringLiteral("--url"), cluster.url(0),
            QStringLiteral("--url"), cluster.url(1), QStringLiteral("--basic-auth"), QStringLiteral("ana:") + password,
            QStringLiteral("--resend-interval"), QStringLiteral("30s") });
        QVERIFY2(add.exitedWith(0), qPrintable(add.describe()));
        QFile config(dir.filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QVERIFY(!config.readAll().contains(password.toUtf8()));

        cluster.kill(1);
        const CliResult sent = cli.run(
            { QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("RISK"), QStringLiteral("--priority"),
                QStringLiteral("HIGH"), QStringLiteral("--title"), QStringLiteral("Sent with a node down") });
        QVERIFY2(sent.exitedWith(0), qPrintable(sent.describe()));
        QVERIFY(!sent.out.contains(password.toUtf8()));
        const QString id = sent.json().object().value(QStringLiteral("alert_id")).toString();
        QVERIFY2(!id.isEmpty(), sent.out.constData());
        QCOMPARE(cluster.alertsFor(0, id).size(), 1);
    }

    // Every peer gets every alert (alerts are not gossiped); one node SIGKILLed, the survivor
    // takes all that follow and each delivery counts as made, the dead peer named in it.
    void pushReachesEveryPeerAndFailsOver()
    {
        AlertmanagerCluster cluster;
        QCOMPARE(cluster.start(2), QString());
        FakeClock clock(QDateTime::currentMSecsSinceEpoch());
        TestProfile profile(&clock);
        QVERIFY2(profile.isValid(), qPrintable(profile.error()));
        QCOMPARE(profile.addChannel(channel(cluster.urls()), {}), QString());
        QVERIFY(profile.start().isEmpty());

        const auto first = submit(profile, QStringLiteral("Margin call"));
        QVERIFY(first);
        QVERIFY(waitUntil([&] { return settled(profile, first->id); }, 10000));
        QCOMPARE(rows(profile, first->id, QStringLiteral("alert"), DeliveryStatus::Delivered), 1);
        for (int node = 0; node < 2; ++node) {
            const QJsonArray got = cluster.alertsFor(node, first->id);
            QCOMPARE(got.size(), 1);
            const QJsonObject labels = got.first().toObject().value(QStringLiteral("labels")).toObject();
            QCOMPARE(labels.value(QStringLiteral("alertname")).toString(), QStringLiteral("Margin call"));
            QCOMPARE(labels.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
            QCOMPARE(labels.value(QStringLiteral("instance")).toString(), QStringLiteral("desk-test"));
            QCOMPARE(got.first().toObject().value(QStringLiteral("generatorURL")).toString(),
                QStringLiteral("alertdesk://alert/") + first->id);
        }

        // Delivery cost with two live peers: one alert is two POSTs, timed over a batch.
        constexpr int kBatch = 40;
        QStringList batch;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < kBatch; ++i) {
            const auto a = submit(profile, QStringLiteral("Batch %1").arg(i));
            QVERIFY(a);
            batch << a->id;
        }
        QVERIFY(waitUntil(
            [&] {
                return std::all_of(batch.begin(), batch.end(), [&](const QString& id) { return settled(profile, id); });
            },
            30000));
        const double perAlertMs = double(timer.elapsed()) / kBatch;
        for (const QString& id : std::as_const(batch))
            QCOMPARE(rows(profile, id, QStringLiteral("alert"), DeliveryStatus::Delivered), 1);

        cluster.kill(1);
        constexpr int kWhileDown = 20;
        QStringList sent;
        for (int i = 0; i < kWhileDown; ++i) {
            const auto a = submit(profile, QStringLiteral("While node 2 is down %1").arg(i));
            QVERIFY(a);
            sent << a->id;
        }
        QVERIFY(waitUntil(
            [&] {
                return std::all_of(sent.begin(), sent.end(), [&](const QString& id) { return settled(profile, id); });
            },
            30000));
        int lost = 0;
        for (const QString& id : std::as_const(sent)) {
            QCOMPARE(rows(profile, id, QStringLiteral("alert"), DeliveryStatus::Delivered), 1);
            lost += cluster.alertsFor(0, id).size() == 1 ? 0 : 1;
        }
        QCOMPARE(lost, 0);
        // The dead peer's failure is in the attempt, not hidden by the delivery that was made.
        const auto row = profile.engine().outbox().forAlert(sent.last()).first();
        QVERIFY2(row.lastError.contains(cluster.url(1)), qPrintable(row.lastError));
        // And in the channel's health, though every delivery was made.
        const ChannelStats health = profile.engine().outbox().stats(QStringLiteral("desk"));
        QVERIFY2(health.lastError.contains(cluster.url(1)), qPrintable(health.lastError));
        QCOMPARE(health.failed, qint64(0));
        qInfo().noquote() << QStringLiteral("failover: %1 alerts sent while a node was down, %2 lost; "
                                            "delivery cost with two peers: %3 ms per alert (2 POSTs)")
                                 .arg(kWhileDown)
                                 .arg(lost)
                                 .arg(perAlertMs, 0, 'f', 1);
    }

    // Acknowledge -> a silence on the cluster (seen on the other node: gossip); a restart of
    // AlertDesk in between; resolve -> the alert ends on the cluster and its silence expires.
    void acknowledgeSilencesTheClusterAndResolveEndsIt()
    {
        AlertmanagerCluster cluster;
        QCOMPARE(cluster.start(2), QString());
        FakeClock clock(QDateTime::currentMSecsSinceEpoch());
        TestProfile profile(&clock);
        QVERIFY2(profile.isValid(), qPrintable(profile.error()));
        QCOMPARE(profile.addChannel(channel(cluster.urls()), {}), QString());
        QVERIFY(profile.start().isEmpty());

        const auto a = submit(profile, QStringLiteral("Drawdown limit"));
        QVERIFY(a);
        QVERIFY(waitUntil([&] { return settled(profile, a->id); }, 10000));
        const QString note = QStringLiteral("on it, hedging now");
        QVERIFY(profile.engine().lifecycle().acknowledge(a->id, note, EventSource::UI).ok());
        QVERIFY(waitUntil([&] { return settled(profile, a->id); }, 10000));
        QCOMPARE(rows(profile, a->id, QStringLiteral("acknowledged"), DeliveryStatus::Delivered), 1);

        // The silence went to the first peer; the second knows it by gossip, and survives alone.
        QVERIFY2(waitUntil([&] { return state(silence(cluster, 1, a->id)) == QLatin1String("active"); }, 10000),
            QByteArray(QJsonDocument(cluster.getArray(1, QStringLiteral("/api/v2/silences"))).toJson()
                + QJsonDocument(cluster.getArray(0, QStringLiteral("/api/v2/silences"))).toJson())
                .constData());
        cluster.kill(0);
        QVERIFY(waitUntil([&] { return state(silence(cluster, 1, a->id)) == QLatin1String("active"); }, 10000));
        const QJsonObject s = silence(cluster, 1, a->id);
        QCOMPARE(s.value(QStringLiteral("comment")).toString(), note);
        QCOMPARE(s.value(QStringLiteral("createdBy")).toString(), QStringLiteral("ana@desk-test"));
        QVERIFY(waitUntil(
            [&] {
                const QJsonArray got = cluster.alertsFor(1, a->id);
                return got.size() == 1
                    && got.first().toObject().value(QStringLiteral("status")).toObject().value(QStringLiteral("state"))
                    == QLatin1String("suppressed");
            },
            10000));

        QVERIFY(profile.reopen()); // a restart of AlertDesk
        QVERIFY(profile.start().isEmpty());

        QVERIFY(profile.engine().lifecycle().resolve(a->id, {}, EventSource::UI).ok());
        QVERIFY(waitUntil([&] { return settled(profile, a->id); }, 10000));
        QCOMPARE(rows(profile, a->id, QStringLiteral("resolved"), DeliveryStatus::Delivered), 1);
        QVERIFY(waitUntil([&] { return cluster.alertsFor(1, a->id).isEmpty(); }, 10000));
        QCOMPARE(state(silence(cluster, 1, a->id)), QStringLiteral("expired"));
    }

    // A snooze is a silence until the snooze ends; when it ends the alert is pushed again and
    // the silence expired, whatever end it was given.
    void snoozeSilencesUntilItEnds()
    {
        AlertmanagerCluster cluster;
        QCOMPARE(cluster.start(2), QString());
        FakeClock clock(QDateTime::currentMSecsSinceEpoch());
        TestProfile profile(&clock);
        QVERIFY2(profile.isValid(), qPrintable(profile.error()));
        QCOMPARE(profile.addChannel(channel(cluster.urls(), QStringLiteral("5m")), {}), QString());
        QVERIFY(profile.start().isEmpty());

        const auto a = submit(profile, QStringLiteral("Feed latency"));
        QVERIFY(a);
        QVERIFY(waitUntil([&] { return settled(profile, a->id); }, 10000));
        constexpr qint64 kSnooze = 10 * 60 * 1000;
        const qint64 end = clock.nowMs() + kSnooze;
        QVERIFY(profile.engine()
                    .lifecycle()
                    .snoozeFor(a->id, kSnooze, QStringLiteral("after lunch"), EventSource::UI)
                    .ok());
        QVERIFY(waitUntil([&] { return settled(profile, a->id); }, 10000));
        QCOMPARE(rows(profile, a->id, QStringLiteral("snoozed"), DeliveryStatus::Delivered), 1);
        const QJsonObject s = silence(cluster, 0, a->id);
        QCOMPARE(state(s), QStringLiteral("active"));
        QCOMPARE(s.value(QStringLiteral("comment")).toString(), QStringLiteral("after lunch"));
        QCOMPARE(
            QDateTime::fromString(s.value(QStringLiteral("endsAt")).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch(),
            end);

        clock.advance(kSnooze + 1000);
        QVERIFY(waitUntil(
            [&] { return rows(profile, a->id, QStringLiteral("renotify"), DeliveryStatus::Delivered) == 1; }, 10000));
        QCOMPARE(state(silence(cluster, 0, a->id)), QStringLiteral("expired"));
        QCOMPARE(cluster.alertsFor(0, a->id).size(), 1);
    }

    // The cluster's receiver is this desk's POST /v1/alertmanager: our own alert comes back with
    // its alertdesk_id and is not raised a second time (no loop).
    void ownAlertBackFromTheClusterIsNoNewAlert()
    {
        FakeClock clock(QDateTime::currentMSecsSinceEpoch());
        TestProfile profile(&clock);
        QVERIFY2(profile.isValid(), qPrintable(profile.error()));
        QVERIFY(profile.setSetting(QStringLiteral("ingest.port"), QStringLiteral("0")));
        const QString token = QStringLiteral("adk_cluster-loop-test-token");
        QString error;
        QVERIFY2(profile.engine().startIngest(token, &error), qPrintable(error));
        QList<int> answers;
        connect(profile.engine().ingestServer(), &IngestServer::requestFinished, this, [&](int s) { answers << s; });
        AlertmanagerCluster cluster;
        QCOMPARE(cluster.start(2,
                     QStringLiteral("http://127.0.0.1:%1/v1/alertmanager").arg(profile.engine().ingestServer()->port()),
                     token),
            QString());
        QCOMPARE(profile.addChannel(channel(cluster.urls()), {}), QString());
        QVERIFY(profile.start().isEmpty());

        const auto a = submit(profile, QStringLiteral("Loop check"));
        QVERIFY(a);
        QVERIFY(waitUntil([&] { return settled(profile, a->id); }, 10000));
        QVERIFY(waitUntil([&] { return answers.contains(200); }, 10000)); // the cluster notified us
        QCOMPARE(profile.engine().alerts().count(), 1);
    }

    // An open alert goes again every resend interval as an outbox row of its own, also after a
    // restart; once resolved, no more.
    void resendsGoThroughTheOutboxAndSurviveARestart()
    {
        AlertmanagerCluster cluster;
        QCOMPARE(cluster.start(2), QString());
        FakeClock clock(QDateTime::currentMSecsSinceEpoch());
        TestProfile profile(&clock);
        QVERIFY2(profile.isValid(), qPrintable(profile.error()));
        QCOMPARE(profile.addChannel(channel(cluster.urls(), QStringLiteral("30s")), {}), QString());
        QVERIFY(profile.start().isEmpty());

        const auto a = submit(profile, QStringLiteral("Stale price"));
        QVERIFY(a);
        QVERIFY(waitUntil([&] { return settled(profile, a->id); }, 10000));
        const QString before
            = cluster.alertsFor(0, a->id).first().toObject().value(QStringLiteral("updatedAt")).toString();

        QVERIFY(profile.reopen()); // the schedule is in the history, not in memory
        QVERIFY(profile.start().isEmpty());
        QCOMPARE(rows(profile, a->id, QStringLiteral("resend"), DeliveryStatus::Delivered), 0);
        clock.advance(30 * 1000);
        QVERIFY(waitUntil(
            [&] { return rows(profile, a->id, QStringLiteral("resend"), DeliveryStatus::Delivered) == 1; }, 10000));
        clock.advance(30 * 1000);
        QVERIFY(waitUntil(
            [&] { return rows(profile, a->id, QStringLiteral("resend"), DeliveryStatus::Delivered) == 2; }, 10000));
        for (int node = 0; node < 2; ++node)
            QVERIFY(cluster.alertsFor(node, a->id).first().toObject().value(QStringLiteral("updatedAt")).toString()
                != before);

        const qint64 resolvedAt = clock.nowMs();
        QVERIFY(profile.engine().lifecycle().resolve(a->id, {}, EventSource::UI).ok());
        QVERIFY(waitUntil([&] { return settled(profile, a->id); }, 10000));
        clock.advance(60 * 1000);
        QTest::qWait(0);
        QVERIFY(settled(profile, a->id));
        QCOMPARE(rows(profile, a->id, QStringLiteral("resend"), DeliveryStatus::Delivered), 2);
        // Ended at the resolve (the engine's clock ran a minute ahead of the cluster's here).
        QCOMPARE(QDateTime::fromString(
                     cluster.alertsFor(0, a->id).first().toObject().value(QStringLiteral("endsAt")).toString(),
                     Qt::ISODateWithMs)
                     .toMSecsSinceEpoch(),
            resolvedAt);
    }
};

QTEST_GUILESS_MAIN(TestAlertmanagerCluster)
#include "TestAlertmanagerCluster.moc"
