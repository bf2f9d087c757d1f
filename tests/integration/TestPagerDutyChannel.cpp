// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ChannelTestSupport.h"
#include "FakeClock.h"
#include "SampleAlerts.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "channels/PagerDutyChannel.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertManager.h"
#include "engine/NotificationService.h"
#include "storage/OutboxStore.h"

#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// PagerDuty's Events API v2 against a server on 127.0.0.1 that answers as PagerDuty does.
class TestPagerDutyChannel final : public QObject {
    Q_OBJECT

    static constexpr const char* kKey = "R0123456789ABCDEF0123456789ABCDE";

    static QJsonObject settingsFor(const ScriptedHttpServer& server)
    {
        return { { QStringLiteral("api_base"), server.url(QStringLiteral("/")) } };
    }
    static SecretMap secrets() { return { { QStringLiteral("routing_key"), QString::fromLatin1(kKey) } }; }
    static ScriptedResponse accepted(const QByteArray& key = "k")
    {
        return ScriptedResponse::json(
            202, R"({"status":"success","message":"Event processed","dedup_key":")" + key + R"("})");
    }

private Q_SLOTS:
    void triggerIsAccepted()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(accepted());
        QNetworkAccessManager nam;
        FakeClock clock;
        QString error;
        auto ch = makeChannel(QStringLiteral("pagerduty"), settingsFor(server), secrets(), &nam, &clock, &error);
        QVERIFY2(ch, qPrintable(error));
        const Alert a = goldenAlert();
        const auto o = sendAndWait(*ch, a, QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Delivered));
        QCOMPARE(o->httpStatus, 202);
        const RecordedRequest& r = server.requests().first();
        QCOMPARE(r.path, QByteArray("/v2/enqueue"));
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(r.body, pagerDutyTriggerPayload(a, QString::fromLatin1(kKey), QStringLiteral("AlertDesk")));
    }

    void acknowledgeAndResolve()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(accepted());
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(QStringLiteral("pagerduty"), settingsFor(server), secrets(), &nam, &clock);
        QVERIFY(ch);
        auto* pd = qobject_cast<PagerDutyChannel*>(ch.get());
        QVERIFY(pd);
        const QString id = goldenAlert().id;
        for (PagerDutyAction action : { PagerDutyAction::Acknowledge, PagerDutyAction::Resolve }) {
            std::optional<SendOutcome> out;
            pd->sendLifecycle(id, action, 5000, [&out](SendOutcome o) { out = o; });
            QVERIFY(waitUntil([&] { return out.has_value(); }));
            QCOMPARE(int(out->kind), int(SendOutcome::Kind::Delivered));
        }
        QCOMPARE(server.requestCount(), 2);
        QCOMPARE(server.requests().at(0).body,
            pagerDutyLifecyclePayload(QString::fromLatin1(kKey), id, PagerDutyAction::Acknowledge));
        QCOMPARE(server.requests().at(1).body,
            pagerDutyLifecyclePayload(QString::fromLatin1(kKey), id, PagerDutyAction::Resolve));
    }

    void invalidEventFailsAtOnce()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::json(400,
            R"({"status":"invalid event","message":"Event object is invalid","errors":["payload.severity is invalid"]})"));
        QCOMPARE(saveChannel(p, QStringLiteral("pagerduty"), QStringLiteral("pd"), settingsFor(server), secrets()),
            QString());
        QVERIFY(p.start().isEmpty());
        QSignalSpy attempts(&p.engine().notifications().dispatcher(), &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        QVERIFY(p.engine().alertManager().submit(alertFor(QStringLiteral("pd")), &fe));
        QVERIFY(done.wait(5000));
        QCOMPARE(attempts.size(), 1);
        const ChannelResult r = done.first().first().value<DeliveryReport>().results.first();
        QCOMPARE(r.status, DeliveryStatus::Failed);
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.error, QStringLiteral("HTTP 400: Event object is invalid: payload.severity is invalid"));
        QCOMPARE(server.requestCount(), 1);
    }

    void throttledIsRetriedWithTheSameDedupKey()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QVERIFY(p.setSetting(QStringLiteral("delivery.retry_delay_ms"), QStringLiteral("1000")));
        QVERIFY(p.setSetting(QStringLiteral("delivery.jitter"), QStringLiteral("0")));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(ScriptedResponse::json(
            429, R"({"status":"throttle event","message":"Requests for this service are arriving too quickly."})"));
        server.enqueue(accepted());
        QCOMPARE(saveChannel(p, QStringLiteral("pagerduty"), QStringLiteral("pd"), settingsFor(server), secrets()),
            QString());
        QVERIFY(p.start().isEmpty());
        Dispatcher& d = p.engine().notifications().dispatcher();
        QSignalSpy attempts(&d, &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        const auto alert = p.engine().alertManager().submit(alertFor(QStringLiteral("pd")), &fe);
        QVERIFY(alert);
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        QCoreApplication::processEvents();
        // No Retry-After from PagerDuty: the backoff (1 s, no jitter) applies.
        QCOMPARE(p.engine().outbox().forAlert(alert->id).first().nextAttemptAt, clock.nowMs() + 1000);
        clock.advance(999);
        QCOMPARE(d.inFlightCount(), 0);
        clock.advance(1);
        QCOMPARE(d.inFlightCount(), 1);
        QVERIFY(done.wait(5000));
        QCOMPARE(done.first().first().value<DeliveryReport>().results.first().status, DeliveryStatus::Delivered);
        QCOMPARE(server.requestCount(), 2);
        for (const RecordedRequest& r : server.requests())
            QCOMPARE(r.json().value(QStringLiteral("dedup_key")).toString(), alert->id);
    }
};

QTEST_GUILESS_MAIN(TestPagerDutyChannel)
#include "TestPagerDutyChannel.moc"
