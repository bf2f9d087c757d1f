// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ChannelTestSupport.h"
#include "FakeClock.h"
#include "SampleAlerts.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "channels/TeamsChannel.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertManager.h"
#include "engine/NotificationService.h"
#include "storage/OutboxStore.h"

#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// A Teams Workflows webhook against a server on 127.0.0.1 that answers as Power Automate does.
class TestTeamsChannel final : public QObject {
    Q_OBJECT

    static QString hookUrl(const ScriptedHttpServer& server)
    {
        return server.url(QStringLiteral("/workflows/abc/triggers/manual/paths/"
                                         "invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=Zx9secretSignature"));
    }

private Q_SLOTS:
    void postsTheCard()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setDefault(ScriptedResponse::withStatus(202));
        QNetworkAccessManager nam;
        FakeClock clock;
        QString error;
        auto ch = makeChannel(
            QStringLiteral("teams"), {}, { { QStringLiteral("webhook_url"), hookUrl(server) } }, &nam, &clock, &error);
        QVERIFY2(ch, qPrintable(error));
        const Alert a = goldenAlert();
        const auto o = sendAndWait(*ch, a, QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Delivered));
        QCOMPARE(o->httpStatus, 202);
        QCOMPARE(server.requestCount(), 1);
        const RecordedRequest& r = server.requests().first();
        QVERIFY(r.path.startsWith("/workflows/abc/triggers/manual/paths/invoke?"));
        QVERIFY(r.path.contains("sig=Zx9secretSignature"));
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(r.body, teamsPayload(a));
    }

    void errorsCarryTheFlowsMessageWithoutTheSignature()
    {
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest& r) {
            return ScriptedResponse::json(401,
                R"({"error":{"code":"DirectApiAuthorizationRequired","message":"The request at )" + r.path
                    + R"( is not authorized."}})");
        });
        QNetworkAccessManager nam;
        FakeClock clock;
        auto ch = makeChannel(
            QStringLiteral("teams"), {}, { { QStringLiteral("webhook_url"), hookUrl(server) } }, &nam, &clock);
        QVERIFY(ch);
        const auto o = sendAndWait(*ch, goldenAlert(), QStringLiteral("k"));
        QVERIFY(o);
        QCOMPARE(int(o->kind), int(SendOutcome::Kind::Failed));
        QVERIFY2(o->error.startsWith(QStringLiteral("HTTP 401: DirectApiAuthorizationRequired: The request at ")),
            qPrintable(o->error));
        QVERIFY2(!o->error.contains(QStringLiteral("Zx9secretSignature")), qPrintable(o->error));
    }

    void throttledIsRetriedAfterRetryAfter()
    {
        FakeClock clock;
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(
            ScriptedResponse::json(429, R"({"error":{"code":"TooManyRequests","message":"Rate limit is exceeded."}})")
                .header("Retry-After", "4"));
        server.enqueue(ScriptedResponse::withStatus(202));
        QCOMPARE(saveChannel(p, QStringLiteral("teams"), QStringLiteral("teams"), {},
                     { { QStringLiteral("webhook_url"), hookUrl(server) } }),
            QString());
        QVERIFY(p.start().isEmpty());
        Dispatcher& d = p.engine().notifications().dispatcher();
        QSignalSpy attempts(&d, &Dispatcher::attemptFinished);
        QSignalSpy done(&p.engine().alertManager(), &AlertManager::reportReady);
        FieldError fe;
        const auto alert = p.engine().alertManager().submit(alertFor(QStringLiteral("teams")), &fe);
        QVERIFY(alert);
        QVERIFY(attempts.wait(5000));
        QCOMPARE(attempts.first().at(3).toString(), QStringLiteral("retry"));
        QCOMPARE(
            attempts.first().at(5).toString(), QStringLiteral("HTTP 429: TooManyRequests: Rate limit is exceeded."));
        QCoreApplication::processEvents();
        QCOMPARE(p.engine().outbox().forAlert(alert->id).first().nextAttemptAt, clock.nowMs() + 4000);
        clock.advance(3999);
        QCOMPARE(d.inFlightCount(), 0);
        clock.advance(1);
        QCOMPARE(d.inFlightCount(), 1);
        QVERIFY(done.wait(5000));
        QCOMPARE(done.first().first().value<DeliveryReport>().results.first().status, DeliveryStatus::Delivered);
    }
};

QTEST_GUILESS_MAIN(TestTeamsChannel)
#include "TestTeamsChannel.moc"
