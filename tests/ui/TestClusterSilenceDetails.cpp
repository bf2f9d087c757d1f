// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertmanagerCluster.h"
#include "FakeClock.h"
#include "TestProfile.h"

#include "UiText.h"
#include "alerts/AlertDetailsPane.h"
#include "engine/AlertLifecycle.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "sources/IngestServer.h"
#include "storage/AlertStore.h"
#include "storage/LifecycleStore.h"
#include "storage/OutboxStore.h"

#include <QTest>
#include <QTreeWidget>
#include <QUrlQuery>
#include <QUuid>

using namespace alertdesk;
using namespace alertdesk::test;

// A colleague's silence on a real cluster of Debian's prometheus-alertmanager (two processes on
// 127.0.0.1), made straight with POST /api/v2/silences as Alertmanager's UI or amtool do:
// AlertDesk finds it (after a re-send, or when the cluster hands the alert back), records it
// and its end in the alert's trail, and the details pane says who, until when and why.
class TestClusterSilenceDetails final : public QObject {
    Q_OBJECT

    static constexpr qint64 kResend = 30 * 1000;

    static ChannelConfig channel(const QStringList& urls)
    {
        ChannelConfig c;
        c.name = QStringLiteral("desk");
        c.kind = QStringLiteral("alertmanager");
        c.settings = QJsonObject { { QStringLiteral("urls"), QJsonArray::fromStringList(urls) },
            { QStringLiteral("instance"), QStringLiteral("desk-test") },
            { QStringLiteral("created_by"), QStringLiteral("ana@desk-test") },
            { QStringLiteral("resend_interval"), QStringLiteral("30s") } };
        return c;
    }

    static std::optional<Alert> submit(TestProfile& p, const QString& title, const QString& id = {})
    {
        Alert a;
        a.id = id;
        a.type = AlertType::Risk;
        a.priority = Priority::Critical;
        a.title = title;
        a.symbol = QStringLiteral("BTCUSDT");
        FieldError fe;
        auto stored = p.engine().alertManager().submit(a, &fe);
        if (!stored)
            qWarning().noquote() << fe.toString();
        return stored;
    }

    static bool settled(TestProfile& p, const QString& alertId)
    {
        const QList<DeliveryRow> rows = p.engine().outbox().forAlert(alertId);
        return !rows.isEmpty() && std::all_of(rows.begin(), rows.end(), [](const DeliveryRow& r) {
            return r.status != DeliveryStatus::Pending && r.status != DeliveryStatus::Waiting;
        });
    }

    static int resends(TestProfile& p, const QString& alertId)
    {
        int n = 0;
        for (const DeliveryRow& r : p.engine().outbox().forAlert(alertId))
            n += r.purpose == QLatin1String("resend") && r.status == DeliveryStatus::Delivered ? 1 : 0;
        return n;
    }

    static QList<AlertEvent> clusterEvents(TestProfile& p, const QString& alertId)
    {
        QList<AlertEvent> out;
        for (const AlertEvent& e : p.engine().lifecycleStore().events(alertId)) {
            if (e.kind != AlertEvent::Kind::State)
                out << e;
        }
        return out;
    }

    // The node lists the alert as held by the silence (gossip has carried it there).
    static bool silencedOn(AlertmanagerCluster& c, int node, const QString& alertId, const QString& silenceId)
    {
        const QJsonArray got = c.alertsFor(node, alertId);
        return got.size() == 1
            && got.first()
                   .toObject()
                   .value(QStringLiteral("status"))
                   .toObject()
                   .value(QStringLiteral("silencedBy"))
                   .toArray()
                   .contains(silenceId);
    }

    // One more re-send, and the check that follows it, done.
    static bool resendOnce(TestProfile& p, FakeClock& clock, const QString& alertId)
    {
        const int before = resends(p, alertId);
        clock.advance(kResend);
        return waitUntil([&] { return resends(p, alertId) == before + 1; }, 10000);
    }

    static QJsonArray silencesOf(AlertmanagerCluster& c, int node, const QString& alertId)
    {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("filter"), QStringLiteral("alertdesk_id=\"%1\"").arg(alertId));
        QJsonArray live;
        for (const QJsonValue& v :
            c.getArray(node, QStringLiteral("/api/v2/silences?") + q.toString(QUrl::FullyEncoded))) {
            if (v.toObject().value(QStringLiteral("status")).toObject().value(QStringLiteral("state"))
                != QLatin1String("expired"))
                live << v;
        }
        return live;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!AlertmanagerCluster::available())
            QSKIP("prometheus-alertmanager is not installed");
    }

    // Made on the second node, found through the first after a re-send: one event with who,
    // until when, the note and the silence's id, not repeated by later re-sends; the pane
    // says it; the alert's own state is left alone. Expired early: its end is recorded too.
    void colleaguesSilenceShownAndItsExpiryRecorded()
    {
        AlertmanagerCluster cluster;
        QCOMPARE(cluster.start(2), QString());
        FakeClock clock(QDateTime::currentMSecsSinceEpoch());
        TestProfile profile(&clock);
        QVERIFY2(profile.isValid(), qPrintable(profile.error()));
        QCOMPARE(profile.addChannel(channel(cluster.urls()), {}), QString());
        QVERIFY(profile.start().isEmpty());

        const auto a = submit(profile, QStringLiteral("Funding rate spike"));
        QVERIFY(a);
        QVERIFY(waitUntil([&] { return settled(profile, a->id); }, 10000));

        const qint64 endsAt = (QDateTime::currentMSecsSinceEpoch() / 1000 + 7200) * 1000;
        const QString note = QStringLiteral("exchange maintenance until 20:00, ignore");
        const QString silenceId = cluster.silence(1, a->id, QStringLiteral("ben"), note, endsAt);
        QVERIFY2(!silenceId.isEmpty(), qPrintable(cluster.log(1)));
        QVERIFY(waitUntil([&] { return silencedOn(cluster, 0, a->id, silenceId); }, 10000));

        QVERIFY(resendOnce(profile, clock, a->id));
        QVERIFY(waitUntil([&] { return clusterEvents(profile, a->id).size() == 1; }, 10000));
        AlertEvent e = clusterEvents(profile, a->id).first();
        QCOMPARE(e.kind, AlertEvent::Kind::ClusterSilenced);
        QCOMPARE(e.source, EventSource::Cluster);
        QCOMPARE(e.silence.id, silenceId);
        QCOMPARE(e.silence.createdBy, QStringLiteral("ben"));
        QCOMPARE(e.silence.comment, note);
        QCOMPARE(e.silence.endsAt.toMSecsSinceEpoch(), endsAt);
        QCOMPARE(profile.engine().alerts().get(a->id)->state, AlertState::Open); // shown, not acted on

        AlertDetailsPane pane;
        pane.resize(1100, 420);
        pane.setDatabase(&profile.engine().database());
        pane.showAlert(a->id);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        const QString shots = qEnvironmentVariable("ALERTDESK_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            pane.grab().save(shots + QStringLiteral("/cluster-silence-active.png"));
        const QString seen = QStringLiteral("Silenced on the cluster by ben until %1: %2")
                                 .arg(UiText::time(QDateTime::fromMSecsSinceEpoch(endsAt)), note);
        QCOMPARE(pane.clusterSilenceText(), seen);
        const QTreeWidgetItem* row = pane.eventsTree()->topLevelItem(0);
        QVERIFY(row);
        QCOMPARE(row->text(1), QStringLiteral("Silenced on the cluster"));
        QCOMPARE(row->text(2), QStringLiteral("CLUSTER"));
        QCOMPARE(row->text(3),
            QStringLiteral("ben, until %1: %2").arg(UiText::time(QDateTime::fromMSecsSinceEpoch(endsAt)), note));

        // Later re-sends find the same silence: nothing more is recorded.
        QVERIFY(resendOnce(profile, clock, a->id));
        QVERIFY(resendOnce(profile, clock, a->id));
        QTest::qWait(300);
        QCOMPARE(clusterEvents(profile, a->id).size(), 1);

        // The colleague expires it early, on the node AlertDesk does not ask first.
        const qint64 expiredAround = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(cluster.expireSilence(1, silenceId), 200);
        QVERIFY(waitUntil([&] { return !silencedOn(cluster, 0, a->id, silenceId); }, 10000));
        QVERIFY(resendOnce(profile, clock, a->id));
        QVERIFY(waitUntil([&] { return clusterEvents(profile, a->id).size() == 2; }, 10000));
        e = clusterEvents(profile, a->id).last();
        QCOMPARE(e.kind, AlertEvent::Kind::ClusterSilenceEnded);
        QCOMPARE(e.silence.id, silenceId);
        // The cluster's own time of the expiry, not the end it was made with.
        QVERIFY2(qAbs(e.silence.endsAt.toMSecsSinceEpoch() - expiredAround) < 5000,
            qPrintable(e.silence.endsAt.toString(Qt::ISODateWithMs)));
        pane.reloadCurrent();
        QCOMPARE(pane.clusterSilenceText(),
            QStringLiteral("The silence on the cluster by ben ended at %1: %2")
                .arg(UiText::time(e.silence.endsAt), note));
        QCOMPARE(pane.eventsTree()->topLevelItem(1)->text(1), QStringLiteral("Cluster silence ended"));
        QCOMPARE(profile.engine().alerts().get(a->id)->state, AlertState::Open);

        if (!shots.isEmpty())
            pane.grab().save(shots + QStringLiteral("/cluster-silence-ended.png"));
    }

    // Acknowledged here: AlertDesk's own silence (by its id, and after a restart by its
    // createdBy) is never told as a colleague's, and re-sends do not make it again; a
    // colleague's silence beside it is.
    void ownSilencesAreNotAColleagues()
    {
        AlertmanagerCluster cluster;
        QCOMPARE(cluster.start(2), QString());
        FakeClock clock(QDateTime::currentMSecsSinceEpoch());
        TestProfile profile(&clock);
        QVERIFY2(profile.isValid(), qPrintable(profile.error()));
        QCOMPARE(profile.addChannel(channel(cluster.urls()), {}), QString());
        QVERIFY(profile.start().isEmpty());

        const auto a = submit(profile, QStringLiteral("Margin ratio high"));
        QVERIFY(a);
        QVERIFY(waitUntil([&] { return settled(profile, a->id); }, 10000));
        QVERIFY(profile.engine().lifecycle().acknowledge(a->id, QStringLiteral("mine, hedging"), EventSource::UI).ok());
        QVERIFY(waitUntil([&] { return settled(profile, a->id) && silencesOf(cluster, 0, a->id).size() == 1; }, 10000));
        const QString own = silencesOf(cluster, 0, a->id).first().toObject().value(QStringLiteral("id")).toString();
        QVERIFY(waitUntil([&] { return silencedOn(cluster, 0, a->id, own); }, 10000));

        QVERIFY(resendOnce(profile, clock, a->id));
        QVERIFY(profile.reopen()); // the channel forgets the ids it made; createdBy still tells
        QVERIFY(profile.start().isEmpty());
        const QString colleague = cluster.silence(0, a->id, QStringLiteral("ben"), QStringLiteral("seen it too"),
            QDateTime::currentMSecsSinceEpoch() + 3600 * 1000);
        QVERIFY(!colleague.isEmpty());
        QVERIFY(waitUntil([&] { return silencedOn(cluster, 0, a->id, colleague); }, 10000));
        QVERIFY(resendOnce(profile, clock, a->id));
        QVERIFY(waitUntil([&] { return !clusterEvents(profile, a->id).isEmpty(); }, 10000));
        QVERIFY(resendOnce(profile, clock, a->id));
        QTest::qWait(300);

        const QList<AlertEvent> events = clusterEvents(profile, a->id);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().silence.id, colleague);
        QCOMPARE(events.first().silence.createdBy, QStringLiteral("ben"));
        // Re-sends of an acknowledged alert keep it firing behind the one silence it has.
        QCOMPARE(silencesOf(cluster, 0, a->id).size(), 2);
        QCOMPARE(profile.engine().alerts().get(a->id)->state, AlertState::Acknowledged);
    }

    // The cluster's receiver is this desk's POST /v1/alertmanager: when the colleague's silence
    // is expired the cluster notifies the alert again, and that alone has AlertDesk ask (no
    // re-send in between): the end is recorded.
    void alertBackFromTheClusterHasItsSilencesChecked()
    {
        FakeClock clock(QDateTime::currentMSecsSinceEpoch());
        TestProfile profile(&clock);
        QVERIFY2(profile.isValid(), qPrintable(profile.error()));
        QVERIFY(profile.setSetting(QStringLiteral("ingest.port"), QStringLiteral("0")));
        const QString token = QStringLiteral("adk_cluster-silence-test-token");
        QString error;
        QVERIFY2(profile.engine().startIngest(token, &error), qPrintable(error));
        int notified = 0;
        connect(profile.engine().ingestServer(), &IngestServer::requestFinished, this,
            [&](int s) { notified += s == 200 ? 1 : 0; });
        AlertmanagerCluster cluster;
        QCOMPARE(cluster.start(2,
                     QStringLiteral("http://127.0.0.1:%1/v1/alertmanager").arg(profile.engine().ingestServer()->port()),
                     token),
            QString());
        QCOMPARE(profile.addChannel(channel(cluster.urls()), {}), QString());
        QVERIFY(profile.start().isEmpty());

        // Silenced before it reaches the cluster, so the cluster has not notified it yet.
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString silenceId = cluster.silence(
            0, id, QStringLiteral("ben"), QStringLiteral("known"), QDateTime::currentMSecsSinceEpoch() + 3600 * 1000);
        QVERIFY(!silenceId.isEmpty());
        QVERIFY(waitUntil([&] { return !silencesOf(cluster, 1, id).isEmpty(); }, 10000)); // gossiped
        const auto a = submit(profile, QStringLiteral("Liquidation risk"), id);
        QVERIFY(a);
        QVERIFY(waitUntil([&] { return settled(profile, a->id); }, 10000));
        QVERIFY(resendOnce(profile, clock, a->id));
        QVERIFY(waitUntil([&] { return clusterEvents(profile, a->id).size() == 1; }, 10000));
        QCOMPARE(notified, 0);

        QCOMPARE(cluster.expireSilence(0, silenceId), 200);
        QVERIFY(waitUntil([&] { return notified > 0; }, 15000)); // the cluster hands it back
        QVERIFY(waitUntil([&] { return clusterEvents(profile, a->id).size() == 2; }, 10000));
        QCOMPARE(clusterEvents(profile, a->id).last().kind, AlertEvent::Kind::ClusterSilenceEnded);
        QCOMPARE(resends(profile, a->id), 1);
        QCOMPARE(profile.engine().alerts().count(), 1); // and it is no new alert
    }
};

QTEST_MAIN(TestClusterSilenceDetails)
#include "TestClusterSilenceDetails.moc"
