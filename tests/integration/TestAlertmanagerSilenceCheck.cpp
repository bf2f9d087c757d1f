// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "storage/LifecycleStore.h"
#include "storage/OutboxStore.h"

#include <QJsonArray>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// What the silence check costs and where it goes, against scripted peers that answer as
// Alertmanager's API v2 does: the first peer refuses connections or does not hold the alert,
// so the check goes to the next; a silence is looked up once, not on every re-send; AlertDesk's own silence (its
// createdBy) is never told; a silence whose description is unreadable is asked for again.
class TestAlertmanagerSilenceCheck final : public QObject {
    Q_OBJECT

    static int count(const ScriptedHttpServer& s, const QByteArray& method, const QByteArray& pathStart)
    {
        int n = 0;
        for (const RecordedRequest& r : s.requests())
            n += r.method == method && r.path.startsWith(pathStart) ? 1 : 0;
        return n;
    }

private Q_SLOTS:
    void oneLookUpPerSilenceOnALivePeer_data()
    {
        QTest::addColumn<bool>("forgetful");
        QTest::newRow("first peer refuses connections") << false;
        // Up, but without the alert (it restarted since the push): it cannot say what holds it.
        QTest::newRow("first peer does not hold the alert") << true;
    }

    void oneLookUpPerSilenceOnALivePeer()
    {
        QFETCH(bool, forgetful);
        ScriptedHttpServer dead;
        QVERIFY(dead.listen());
        if (forgetful)
            dead.setHandler([](const RecordedRequest& r) {
                return r.method == "GET" ? ScriptedResponse::json(200, "[]") : ScriptedResponse::json(200, "{}");
            });
        else
            dead.setDefault(ScriptedResponse::reset());
        ScriptedHttpServer peer;
        QVERIFY(peer.listen());
        QString alertId;
        int badAnswers = 0;
        peer.setHandler([&](const RecordedRequest& r) {
            if (r.method == "GET" && r.path.startsWith("/api/v2/alerts?")) {
                const QByteArray body = R"([{"labels":{"alertdesk_id":")" + alertId.toUtf8()
                    + R"("},"status":{"state":"suppressed","silencedBy":["s-ben","s-own","s-bad"]}}])";
                return ScriptedResponse::json(200, body);
            }
            if (r.path == "/api/v2/silence/s-ben")
                return ScriptedResponse::json(200,
                    R"({"id":"s-ben","status":{"state":"active"},"createdBy":"ben","comment":"known",)"
                    R"("endsAt":"2030-01-01T00:00:00.000Z"})");
            if (r.path == "/api/v2/silence/s-own")
                return ScriptedResponse::json(200,
                    R"({"id":"s-own","status":{"state":"active"},"createdBy":"ana@desk-test","comment":"mine",)"
                    R"("endsAt":"2030-01-01T00:00:00.000Z"})");
            if (r.path == "/api/v2/silence/s-bad") {
                ++badAnswers;
                // Unreadable the first two times, then a proper answer.
                return badAnswers <= 2 ? ScriptedResponse::json(200, R"({"id":42)")
                                       : ScriptedResponse::json(200,
                                           R"({"id":"s-bad","status":{"state":"active"},"createdBy":"eve",)"
                                           R"("comment":"later","endsAt":"2030-01-01T00:00:00.000Z"})");
            }
            return ScriptedResponse::json(200, "{}");
        });

        FakeClock clock(QDateTime::currentMSecsSinceEpoch());
        TestProfile profile(&clock);
        QVERIFY2(profile.isValid(), qPrintable(profile.error()));
        ChannelConfig c;
        c.name = QStringLiteral("desk");
        c.kind = QStringLiteral("alertmanager");
        c.settings = QJsonObject { { QStringLiteral("urls"), QJsonArray { dead.url(), peer.url() } },
            { QStringLiteral("instance"), QStringLiteral("desk-test") },
            { QStringLiteral("created_by"), QStringLiteral("ana@desk-test") },
            { QStringLiteral("resend_interval"), QStringLiteral("30s") } };
        QCOMPARE(profile.addChannel(c, {}), QString());
        QVERIFY(profile.start().isEmpty());
        FieldError fe;
        const auto a
            = profile.engine().alertManager().submit(QJsonObject { { QStringLiteral("type"), QStringLiteral("RISK") },
                                                         { QStringLiteral("priority"), QStringLiteral("HIGH") },
                                                         { QStringLiteral("title"), QStringLiteral("x") } },
                &fe);
        QVERIFY2(a, qPrintable(fe.toString()));
        alertId = a->id;
        // Delivered (the re-send schedule follows the delivery) before the clock moves.
        QVERIFY(waitUntil(
            [&] {
                const QList<DeliveryRow> rows = profile.engine().outbox().forAlert(alertId);
                return rows.size() == 1 && rows.first().status == DeliveryStatus::Delivered;
            },
            10000));
        QCOMPARE(count(peer, "POST", "/api/v2/alerts"), 1);
        QCOMPARE(count(peer, "GET", "/api/v2/alerts?"), 0); // the first push asks nothing

        auto clusterEvents = [&] {
            QList<AlertEvent> out;
            for (const AlertEvent& e : profile.engine().lifecycleStore().events(alertId)) {
                if (e.kind != AlertEvent::Kind::State)
                    out << e;
            }
            return out;
        };
        for (int round = 1; round <= 4; ++round) {
            clock.advance(30 * 1000);
            QVERIFY2(waitUntil([&] { return count(peer, "GET", "/api/v2/alerts?") == round; }, 10000),
                qPrintable(QStringLiteral("round %1: %2 checks, %3 pushes, rows %4")
                               .arg(round)
                               .arg(count(peer, "GET", "/api/v2/alerts?"))
                               .arg(count(peer, "POST", "/api/v2/alerts"))
                               .arg(profile.engine().outbox().forAlert(alertId).size())));
            // The round's look-ups, if any, are done once s-bad has been asked (it always is until read).
            QVERIFY(waitUntil([&] { return round > 3 || badAnswers == round; }, 10000));
            QVERIFY(waitUntil(
                [&] {
                    const QList<DeliveryRow> rows = profile.engine().outbox().forAlert(alertId);
                    return std::all_of(rows.begin(), rows.end(),
                        [](const DeliveryRow& r) { return r.status == DeliveryStatus::Delivered; });
                },
                10000));
            QTest::qWait(50);
        }
        // One check per re-send, on the live peer (after the dead one refused); s-ben and our
        // own looked up once; s-bad asked until it could be read; nothing told of our own.
        QCOMPARE(count(peer, "GET", "/api/v2/silence/s-ben"), 1);
        QCOMPARE(count(peer, "GET", "/api/v2/silence/s-own"), 1);
        QCOMPARE(count(peer, "GET", "/api/v2/silence/s-bad"), 3);
        QCOMPARE(count(peer, "DELETE", "/"), 0);
        QVERIFY(waitUntil([&] { return clusterEvents().size() == 2; }, 5000));
        const QList<AlertEvent> events = clusterEvents();
        QCOMPARE(events[0].silence.createdBy, QStringLiteral("ben"));
        QCOMPARE(events[1].silence.createdBy, QStringLiteral("eve"));
    }
};

QTEST_GUILESS_MAIN(TestAlertmanagerSilenceCheck)
#include "TestAlertmanagerSilenceCheck.moc"
