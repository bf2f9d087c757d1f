// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "engine/AlertLifecycle.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"

#include <QJsonArray>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Acknowledging and resolving an alert in AlertDesk reaches PagerDuty as the matching Events
// API v2 event on the incident's dedup_key, through a scripted PagerDuty on 127.0.0.1.
class TestPagerDutyLifecycle final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void acknowledgeAndResolveFollowTheTrigger()
    {
        FakeClock clock;
        TestProfile profile(&clock);
        QVERIFY2(profile.isValid(), qPrintable(profile.error()));
        ScriptedHttpServer pagerDuty;
        QVERIFY(pagerDuty.listen());
        pagerDuty.setDefault(ScriptedResponse::json(202, R"({"status":"success","message":"Event processed"})"));
        ChannelConfig c;
        c.name = QStringLiteral("oncall");
        c.kind = QStringLiteral("pagerduty");
        c.settings = QJsonObject { { QStringLiteral("api_base"), pagerDuty.url(QString()) } };
        const QString routingKey = QStringLiteral("R0UT1NGKEY0123456789abcdefabcdef");
        QCOMPARE(profile.addChannel(c, SecretMap { { QStringLiteral("routing_key"), routingKey } }), QString());
        QVERIFY(profile.start().isEmpty());

        FieldError fe;
        const auto alert
            = profile.engine().alertManager().submit(QJsonObject { { QStringLiteral("type"), QStringLiteral("RISK") },
                                                         { QStringLiteral("priority"), QStringLiteral("CRITICAL") },
                                                         { QStringLiteral("title"), QStringLiteral("Margin call") } },
                &fe);
        QVERIFY2(alert, qPrintable(fe.toString()));
        QVERIFY(pagerDuty.waitForRequests(1));
        QVERIFY(profile.engine().lifecycle().acknowledge(alert->id, QStringLiteral("on it"), EventSource::UI).ok());
        QVERIFY(pagerDuty.waitForRequests(2));
        QVERIFY(profile.engine().lifecycle().resolve(alert->id, {}, EventSource::UI).ok());
        QVERIFY(pagerDuty.waitForRequests(3));

        QStringList actions;
        for (const RecordedRequest& r : pagerDuty.requests()) {
            QCOMPARE(r.path, QByteArray("/v2/enqueue"));
            const QJsonObject body = r.json();
            actions << body.value(QStringLiteral("event_action")).toString();
            QCOMPARE(body.value(QStringLiteral("dedup_key")).toString(), alert->id);
            QCOMPARE(body.value(QStringLiteral("routing_key")).toString(), routingKey);
        }
        QCOMPARE(actions,
            (QStringList { QStringLiteral("trigger"), QStringLiteral("acknowledge"), QStringLiteral("resolve") }));
        // Follow-ups carry no payload: PagerDuty's acknowledge and resolve events take none.
        QVERIFY(!pagerDuty.requests().at(1).json().contains(QStringLiteral("payload")));
    }
};

QTEST_GUILESS_MAIN(TestPagerDutyLifecycle)
#include "TestPagerDutyLifecycle.moc"
