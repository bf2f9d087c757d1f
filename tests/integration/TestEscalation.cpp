// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "config/Profile.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertLifecycle.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "engine/NotificationService.h"
#include "engine/PolicyEngine.h"
#include "policy/PolicyConfig.h"
#include "storage/AlertStore.h"
#include "storage/OutboxStore.h"
#include "storage/PolicyStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Escalation on a fake clock: tiers, reminders up to the cap, and acknowledgements that stop
// them, including one from another process racing a step.
class TestEscalation final : public QObject {
    Q_OBJECT

    static constexpr qint64 kMin = 60000;

    static QByteArray policies()
    {
        return R"({"escalation":[{"name":"risk-desk","match":{"types":["RISK"],"priorities":["CRITICAL","HIGH"]},
            "tiers":[{"after_minutes":5,"channels":["sms"]},{"after_minutes":15,"channels":["pager"]}],
            "repeat_minutes":10,"max_reminders":2}]})";
    }

    struct Fixture {
        FakeClock clock;
        TestProfile profile { &clock };
        ScriptedHttpServer server;
        qint64 t0 = 0;
        bool ok = false;

        explicit Fixture(bool start = true, const QStringList& load = {})
        {
            if (!profile.isValid() || !server.listen())
                return;
            for (const char* name : { "hook", "sms", "pager" }) {
                if (!profile
                         .addWebhook(
                             QString::fromLatin1(name), server.url(QLatin1Char('/') + QString::fromLatin1(name)))
                         .isEmpty())
                    return;
            }
            QString error;
            if (!profile.engine().profile().setPolicies(QJsonDocument::fromJson(policies()).object(), &error)
                || !profile.engine().profile().save(&error))
                return;
            profile.engine().notifications().dispatcher().setPollIntervalMs(0);
            profile.engine().policy().setPollIntervalMs(0);
            profile.engine().lifecycle().setPollIntervalMs(0);
            t0 = clock.nowMs();
            ok = !start || profile.start(load).isEmpty();
        }
        Engine& engine() { return profile.engine(); }
        std::optional<Alert> submit(const QString& priority = QStringLiteral("HIGH"))
        {
            FieldError fe;
            auto a = engine().alertManager().submit(
                QJsonObject { { QStringLiteral("type"), QStringLiteral("RISK") },
                    { QStringLiteral("priority"), priority },
                    { QStringLiteral("title"), QStringLiteral("Margin at 90%") },
                    { QStringLiteral("channels"), QJsonArray { QStringLiteral("hook") } } },
                &fe);
            if (!a)
                qWarning() << fe.toString();
            return a;
        }
        void at(qint64 minutes, qint64 plusMs = 0) { clock.advance(t0 + minutes * kMin + plusMs - clock.nowMs()); }
        QStringList paths()
        {
            QStringList out;
            for (const auto& r : server.requests())
                out << QString::fromLatin1(r.path);
            return out;
        }
        QString title(int i)
        {
            return server.requests().at(i).json()[QStringLiteral("alert")][QStringLiteral("title")].toString();
        }
        int rowsTo(const QString& alertId, const QString& channel)
        {
            int n = 0;
            for (const DeliveryRow& r : engine().outbox().forAlert(alertId))
                n += r.channel == channel ? 1 : 0;
            return n;
        }
        std::unique_ptr<Engine> otherProcess()
        {
            QString error;
            Engine::Options o;
            o.profileDir = profile.dir();
            o.secrets = &profile.secrets();
            o.clock = &clock;
            return Engine::open(o, &error);
        }
    };

private Q_SLOTS:
    void tiersThenRemindersUpToTheCap()
    {
        Fixture f;
        QVERIFY(f.ok);
        QSignalSpy escalated(&f.engine().policy(), &PolicyEngine::escalated);
        const auto a = f.submit();
        QVERIFY(a);
        QVERIFY(f.server.waitForRequests(1));
        QCOMPARE(f.engine().policyStore().escalation(a->id)->nextAt, f.t0 + 5 * kMin);

        f.at(5, -1);
        QCOMPARE(f.rowsTo(a->id, QStringLiteral("sms")), 0);
        f.at(5);
        QVERIFY(f.server.waitForRequests(2));
        QCOMPARE(f.paths().last(), QStringLiteral("/sms"));
        QCOMPARE(f.title(1), QStringLiteral("[Escalated] Margin at 90%"));
        f.at(15);
        QVERIFY(f.server.waitForRequests(3));
        QCOMPARE(f.paths().last(), QStringLiteral("/pager"));
        f.at(25);
        QVERIFY(f.server.waitForRequests(4));
        QCOMPARE(f.paths().last(), QStringLiteral("/pager"));
        QCOMPARE(f.title(3), QStringLiteral("[Reminder] Margin at 90%"));
        f.at(35);
        QVERIFY(f.server.waitForRequests(5));
        f.at(240);
        QCOMPARE(f.engine().outbox().forAlert(a->id).size(), 5); // the cap: no third reminder
        QCOMPARE(f.engine().policyStore().escalation(a->id)->status, QStringLiteral("done"));
        QCOMPARE(f.paths(), (QStringList { "/hook", "/sms", "/pager", "/pager", "/pager" }));
        QSet<QByteArray> keys;
        for (const auto& r : f.server.requests())
            keys.insert(r.header("Idempotency-Key"));
        QCOMPARE(keys.size(), 5);
        QCOMPARE(escalated.size(), 4);
        QCOMPARE(escalated.last().at(2).toInt(), 2); // tier
        QCOMPARE(escalated.last().at(3).toInt(), 2); // reminders
    }

    void policyChosenByTypeAndPriority()
    {
        Fixture f;
        QVERIFY(f.ok);
        const auto low = f.submit(QStringLiteral("LOW"));
        QVERIFY(low);
        QVERIFY(!f.engine().policyStore().escalation(low->id));
        const auto critical = f.submit(QStringLiteral("CRITICAL"));
        QVERIFY(critical);
        QCOMPARE(f.engine().policyStore().escalation(critical->id)->policy, QStringLiteral("risk-desk"));
    }

    void acknowledgementStopsIt()
    {
        Fixture f;
        QVERIFY(f.ok);
        const auto a = f.submit();
        QVERIFY(a);
        f.at(4);
        QVERIFY(f.engine().lifecycle().acknowledge(a->id, {}, EventSource::UI).ok());
        QCOMPARE(f.engine().policyStore().escalation(a->id)->status, QStringLiteral("stopped"));
        f.at(240);
        QVERIFY(f.server.waitForRequests(1));
        QCOMPARE(f.engine().outbox().forAlert(a->id).size(), 1);
    }

    void resolveAfterTheFirstTierStopsTheRest()
    {
        Fixture f;
        QVERIFY(f.ok);
        const auto a = f.submit();
        QVERIFY(a);
        QVERIFY(f.server.waitForRequests(1));
        f.at(5);
        QVERIFY(f.server.waitForRequests(2));
        QVERIFY(f.engine().lifecycle().resolve(a->id, {}, EventSource::API).ok());
        f.at(240);
        QCOMPARE(f.paths(), (QStringList { "/hook", "/sms" }));
    }

    void acknowledgementCancelsAStepNotSentYet()
    {
        Fixture f(true, { QStringLiteral("hook") }); // sms is not loaded: its row waits in the outbox
        QVERIFY(f.ok);
        const auto a = f.submit();
        QVERIFY(a);
        f.at(5);
        QCOMPARE(f.rowsTo(a->id, QStringLiteral("sms")), 1);
        QVERIFY(f.engine().lifecycle().acknowledge(a->id, {}, EventSource::UI).ok());
        for (const DeliveryRow& r : f.engine().outbox().forAlert(a->id)) {
            if (r.channel == QLatin1String("sms")) {
                QCOMPARE(r.status, DeliveryStatus::Cancelled);
                QVERIFY(r.lastError.contains(QStringLiteral("acknowledged")));
            }
        }
        QVERIFY(f.profile.start({ QStringLiteral("sms") }).isEmpty());
        QVERIFY(f.server.waitForRequests(1));
        f.at(6);
        QCOMPARE(f.paths(), QStringList { "/hook" });
    }

    void acknowledgementFromAnotherProcessRacesAStep_data()
    {
        QTest::addColumn<QString>("when");
        QTest::addColumn<int>("smsRows");
        QTest::addColumn<bool>("smsSent");
        QTest::newRow("a millisecond before the step") << "before" << 0 << false;
        QTest::newRow("the step's instant, before its timer runs") << "instant" << 0 << false;
        QTest::newRow("the step queued, not yet sent") << "queued" << 1 << false;
        QTest::newRow("the step sent") << "sent" << 1 << true;
    }
    void acknowledgementFromAnotherProcessRacesAStep()
    {
        QFETCH(QString, when);
        QFETCH(int, smsRows);
        QFETCH(bool, smsSent);
        Fixture f;
        QVERIFY(f.ok);
        const auto a = f.submit();
        QVERIFY(a);
        QVERIFY(f.server.waitForRequests(1));
        // The driver's timer for the first tier is armed in memory; the acknowledgement comes
        // from alertdesk-cli, which only writes the database.
        auto cli = f.otherProcess();
        QVERIFY(cli);
        const qint64 tierAt = f.t0 + 5 * kMin;
        if (when == QLatin1String("before")) {
            f.clock.advance(tierAt - 1 - f.clock.nowMs());
        } else if (when == QLatin1String("instant")) {
            f.clock.setNow(tierAt); // the instant has come; the driver's timer has not run yet
        } else {
            f.clock.advance(tierAt - f.clock.nowMs()); // the step commits its row
            if (when == QLatin1String("sent"))
                QVERIFY(f.server.waitForRequests(2));
            // "queued": no event loop has run, so the dispatcher has not taken the row yet
        }
        QVERIFY(cli->lifecycle().acknowledge(a->id, QStringLiteral("got it"), EventSource::CLI).ok());
        f.clock.advance(0); // the driver's timer runs now if it has not
        f.at(60);
        QCOMPARE(f.rowsTo(a->id, QStringLiteral("sms")), smsRows);
        QCOMPARE(f.rowsTo(a->id, QStringLiteral("pager")), 0); // nothing after the acknowledgement, ever
        QCOMPARE(f.engine().policyStore().escalation(a->id)->status, QStringLiteral("stopped"));
        if (smsRows > 0 && !smsSent) {
            for (const DeliveryRow& r : f.engine().outbox().forAlert(a->id)) {
                if (r.channel == QLatin1String("sms"))
                    QCOMPARE(r.status, DeliveryStatus::Cancelled);
            }
        }
        // Everything the dispatcher could still send has had its chance.
        QVERIFY(waitUntil([&] {
            return f.engine().outbox().openCount() == 0 && f.engine().notifications().dispatcher().inFlightCount() == 0;
        }));
        QCOMPARE(f.server.requestCount(), smsSent ? 2 : 1);
    }

    void snoozeRestartsTheEscalation()
    {
        Fixture f;
        QVERIFY(f.ok);
        const auto a = f.submit();
        QVERIFY(a);
        f.at(3);
        QVERIFY(f.engine().lifecycle().snoozeFor(a->id, 10 * kMin, {}, EventSource::UI).ok());
        f.at(12);
        QCOMPARE(f.rowsTo(a->id, QStringLiteral("sms")), 0); // no tier while snoozed
        f.at(13); // the snooze ends: notified again, the escalation starts over
        QVERIFY(f.server.waitForRequests(2));
        QCOMPARE(f.title(1), QStringLiteral("[Snooze ended] Margin at 90%"));
        f.at(18, -1);
        QCOMPARE(f.rowsTo(a->id, QStringLiteral("sms")), 0);
        f.at(18);
        QVERIFY(f.server.waitForRequests(3));
        QCOMPARE(f.paths().last(), QStringLiteral("/sms"));
    }

    void aStepInQuietHoursWaitsForTheMorning()
    {
        Fixture f(false);
        QVERIFY(f.ok);
        QString error;
        QJsonObject p = QJsonDocument::fromJson(policies()).object();
        p.insert(QStringLiteral("quiet_hours"),
            QJsonDocument::fromJson(R"([{"name":"night","location":"UTC",
            "time_intervals":[{"times":[{"start_time":"22:00","end_time":"07:00"}]}]}])")
                .array());
        QVERIFY(f.engine().profile().setPolicies(p, &error));
        f.clock.setNow(QDateTime::fromString(QStringLiteral("2026-11-18T21:58:00Z"), Qt::ISODate).toMSecsSinceEpoch());
        f.t0 = f.clock.nowMs();
        QVERIFY(f.profile.start().isEmpty());
        const auto high = f.submit(QStringLiteral("HIGH"));
        const auto critical = f.submit(QStringLiteral("CRITICAL"));
        QVERIFY(high && critical);
        QVERIFY(f.server.waitForRequests(2)); // before 22:00: both to hook
        f.at(5); // 22:03: the first tier is due
        QVERIFY(f.server.waitForRequests(3));
        QCOMPARE(f.rowsTo(critical->id, QStringLiteral("sms")), 1); // CRITICAL breaks through
        QCOMPARE(f.rowsTo(high->id, QStringLiteral("sms")), 0);
        const QList<HeldNotification> held = f.engine().policyStore().heldFor(high->id);
        QCOMPARE(held.size(), 1);
        QCOMPARE(held.first().purpose, QStringLiteral("escalation"));
        QCOMPARE(held.first().channel, QStringLiteral("sms"));
        QCOMPARE(held.first().releaseAt,
            QDateTime::fromString(QStringLiteral("2026-11-19T07:00:00Z"), Qt::ISODate).toMSecsSinceEpoch());
    }

    void stepsDueWhileStoppedRunOnStart()
    {
        Fixture f(false);
        QVERIFY(f.ok);
        const auto a = f.submit();
        QVERIFY(a);
        f.at(7); // nobody drove the profile when the first tier fell due
        QVERIFY(f.profile.start().isEmpty());
        QVERIFY(f.server.waitForRequests(2));
        QCOMPARE(f.rowsTo(a->id, QStringLiteral("sms")), 1);
        QCOMPARE(f.engine().policyStore().escalation(a->id)->nextAt, f.t0 + 15 * kMin);
    }
};

QTEST_GUILESS_MAIN(TestEscalation)
#include "TestEscalation.moc"
