// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "cli/Cli.h"
#include "config/Profile.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertLifecycle.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "engine/NotificationService.h"
#include "engine/PolicyEngine.h"
#include "policy/PolicyConfig.h"
#include "storage/AlertStore.h"
#include "storage/LifecycleStore.h"
#include "storage/OutboxStore.h"
#include "storage/PolicyStore.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Quiet hours in Europe/Berlin on a fake clock: what they hold back goes out when they end,
// as one digest, at the right instant across both daylight-saving changes of 2026. A pause of
// the window that holds every channel (ui.pause_holds_channels) is held and released the same way.
class TestQuietHoursDelivery final : public QObject {
    Q_OBJECT

    static qint64 utc(const char* iso)
    {
        return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
    }

    struct Fixture {
        FakeClock clock;
        TestProfile profile;
        ScriptedHttpServer server;
        bool ok = false;

        Fixture(const char* startIso, const QByteArray& policies, const QStringList& extraChannels = {})
            : clock(utc(startIso))
            , profile(&clock)
        {
            if (!profile.isValid() || !server.listen())
                return;
            for (const QString& name : QStringList { QStringLiteral("hook") } + extraChannels) {
                if (!profile.addWebhook(name, server.url(QLatin1Char('/') + name)).isEmpty())
                    return;
            }
            QString error;
            if (!profile.engine().profile().setPolicies(QJsonDocument::fromJson(policies).object(), &error)) {
                qWarning() << error;
                return;
            }
            // Hours of fake time: no once-a-second polling for other processes' rows.
            profile.engine().notifications().dispatcher().setPollIntervalMs(0);
            profile.engine().policy().setPollIntervalMs(0);
            profile.engine().lifecycle().setPollIntervalMs(0);
            ok = profile.start().isEmpty();
        }
        Engine& engine() { return profile.engine(); }
        std::optional<Admission> submit(const QString& title, const QString& priority, const QStringList& channels = {})
        {
            QJsonObject o { { QStringLiteral("type"), QStringLiteral("PRICE") },
                { QStringLiteral("priority"), priority }, { QStringLiteral("title"), title },
                { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") } };
            if (!channels.isEmpty())
                o.insert(QStringLiteral("channels"), QJsonArray::fromStringList(channels));
            AlertParseResult r = parseAlert(o, clock.now());
            FieldError fe;
            auto adm = r.ok() ? engine().alertManager().admit(*r.alert, &fe) : std::nullopt;
            if (!adm)
                qWarning() << fe.toString() << r.error.toString();
            return adm;
        }
        void advanceTo(qint64 ms) { clock.advance(ms - clock.nowMs()); }
        // The window's Pause: until endMs, holding every channel or only the desktop.
        void pause(qint64 endMs, bool holdChannels)
        {
            QString error;
            QVERIFY2(engine().profile().setSetting(QStringLiteral("ui.pause_holds_channels"),
                         holdChannels ? QStringLiteral("true") : QStringLiteral("false"), &error),
                qPrintable(error));
            QVERIFY2(engine().profile().setSetting(QStringLiteral("ui.pause_until"), QString::number(endMs), &error),
                qPrintable(error));
        }
        QStringList sentTitles()
        {
            QStringList titles;
            for (int i = 0; i < server.requests().size(); ++i)
                titles << QString::fromLatin1(server.requests().at(i).path) + QLatin1Char(' ')
                        + sentAlert(i).value(QStringLiteral("title")).toString();
            titles.sort();
            return titles;
        }
        QJsonObject sentAlert(int i)
        {
            return server.requests().at(i).json().value(QStringLiteral("alert")).toObject();
        }
    };

    static QByteArray nightBerlin(const char* extra = "")
    {
        return QByteArray(R"({"quiet_hours":[{"name":"night","location":"Europe/Berlin",)") + extra
            + R"("time_intervals":[{"times":[{"start_time":"22:00","end_time":"07:00"}]}]}]})";
    }

private Q_SLOTS:
    void springNightIsOneDigestAtSevenCest()
    {
        Fixture f("2026-03-28T20:00:00Z", nightBerlin()); // 21:00 CET
        QVERIFY(f.ok);
        QVERIFY(f.submit(QStringLiteral("before the night"), QStringLiteral("MEDIUM")));
        QVERIFY(f.server.waitForRequests(1));

        f.advanceTo(utc("2026-03-28T21:30:00Z")); // 22:30 CET
        const auto b = f.submit(QStringLiteral("BTC fell 3%"), QStringLiteral("HIGH"));
        f.clock.advance(60000);
        const auto c = f.submit(QStringLiteral("BTC fell 4%"), QStringLiteral("LOW"));
        const auto d = f.submit(QStringLiteral("Exchange down"), QStringLiteral("CRITICAL"));
        QVERIFY(b && c && d);
        QVERIFY(b->plan.queued.isEmpty());
        QCOMPARE(b->plan.held.size(), 1);
        // 07:00 local on the night the clocks go forward is 05:00 UTC, not 06:00.
        QCOMPARE(b->plan.held.first().until.toMSecsSinceEpoch(), utc("2026-03-29T05:00:00Z"));
        QCOMPARE(
            b->toJson()[QStringLiteral("held")][0][QStringLiteral("reason")].toString(), QStringLiteral("quiet_hours"));
        QCOMPARE(d->plan.queued, QStringList { QStringLiteral("hook") }); // CRITICAL breaks through
        QVERIFY(f.server.waitForRequests(2));
        QCOMPARE(f.sentAlert(1).value(QStringLiteral("title")).toString(), QStringLiteral("Exchange down"));

        f.advanceTo(utc("2026-03-29T05:00:00Z") - 1);
        QCOMPARE(f.engine().outbox().forAlert(b->alert.id).size(), 0);
        QVERIFY(f.engine().policyStore().digests().isEmpty());
        f.clock.advance(1);
        QVERIFY(f.server.waitForRequests(3));
        const QJsonObject digest = f.sentAlert(2);
        QCOMPARE(digest.value(QStringLiteral("title")).toString(), QStringLiteral("Quiet hours ended: 2 alerts"));
        QCOMPARE(digest.value(QStringLiteral("priority")).toString(), QStringLiteral("HIGH"));
        const QJsonObject info = digest[QStringLiteral("data")][QStringLiteral("digest")].toObject();
        QCOMPARE(info.value(QStringLiteral("count")).toInt(), 2);
        QCOMPARE(info.value(QStringLiteral("by_priority")).toObject(),
            (QJsonObject { { QStringLiteral("HIGH"), 1 }, { QStringLiteral("LOW"), 1 } }));
        const QString message = digest.value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QStringLiteral("BTC fell 3%")) && message.contains(QStringLiteral("BTC fell 4%")),
            qPrintable(message));

        // The history says what became of each held notification.
        const QList<HeldNotification> held = f.engine().policyStore().heldFor(b->alert.id);
        QCOMPARE(held.size(), 1);
        QCOMPARE(held.first().status, QStringLiteral("released"));
        QCOMPARE(held.first().finishedAt, utc("2026-03-29T05:00:00Z"));
        QCOMPARE(held.first().digestId, info.value(QStringLiteral("id")).toString());
        QCOMPARE(f.engine().policyStore().heldFor(c->alert.id).first().digestId, held.first().digestId);
        QCOMPARE(f.server.requestCount(), 3);
    }

    void autumnNightReleasesASingleAlertAtSevenCet()
    {
        Fixture f("2026-10-24T21:00:00Z", nightBerlin()); // 23:00 CEST
        QVERIFY(f.ok);
        const auto a = f.submit(QStringLiteral("ETH funding flipped"), QStringLiteral("MEDIUM"));
        QVERIFY(a);
        // The night the clocks go back lasts an hour longer: 07:00 CET is 06:00 UTC.
        QCOMPARE(a->plan.held.first().until.toMSecsSinceEpoch(), utc("2026-10-25T06:00:00Z"));
        f.advanceTo(utc("2026-10-25T05:00:00Z")); // 06:00 CET, an hour before the end
        QCOMPARE(f.engine().outbox().forAlert(a->alert.id).size(), 0);
        f.advanceTo(utc("2026-10-25T06:00:00Z"));
        QVERIFY(f.server.waitForRequests(1));
        // One alert is sent as itself, with its own first-notification key.
        QCOMPARE(f.sentAlert(0).value(QStringLiteral("title")).toString(), QStringLiteral("ETH funding flipped"));
        QCOMPARE(f.server.requests().at(0).header("Idempotency-Key"),
            OutboxStore::idempotencyKey(a->alert.id, QStringLiteral("hook")).toLatin1());
    }

    void criticalHeldWhenTheTraderSaysSo()
    {
        Fixture f("2026-11-18T23:00:00Z", nightBerlin(R"("critical_breaks_through":false,)"));
        QVERIFY(f.ok);
        const auto a = f.submit(QStringLiteral("Exchange down"), QStringLiteral("CRITICAL"));
        QVERIFY(a);
        QVERIFY(a->plan.queued.isEmpty());
        QCOMPARE(a->plan.held.first().until.toMSecsSinceEpoch(), utc("2026-11-19T06:00:00Z"));
    }

    void historyOnlyIsNeverSent()
    {
        Fixture f("2026-11-18T23:00:00Z", nightBerlin(R"("held":"history",)"));
        QVERIFY(f.ok);
        const auto a = f.submit(QStringLiteral("BTC fell 3%"), QStringLiteral("HIGH"));
        QVERIFY(a);
        QVERIFY(a->plan.held.first().suppressed);
        f.advanceTo(utc("2026-11-20T00:00:00Z"));
        QVERIFY(f.engine().outbox().forAlert(a->alert.id).isEmpty());
        QCOMPARE(f.engine().policyStore().heldFor(a->alert.id).first().status, QStringLiteral("suppressed"));
        QCOMPARE(f.server.requestCount(), 0);
    }

    void acknowledgedWhileHeldIsNotSent()
    {
        Fixture f("2026-11-18T23:00:00Z", nightBerlin());
        QVERIFY(f.ok);
        const auto a = f.submit(QStringLiteral("BTC fell 3%"), QStringLiteral("HIGH"));
        const auto b = f.submit(QStringLiteral("BTC fell 4%"), QStringLiteral("HIGH"));
        QVERIFY(a && b);
        QVERIFY(f.engine().lifecycle().acknowledge(a->alert.id, {}, EventSource::UI).ok());
        QCOMPARE(f.engine().policyStore().heldFor(a->alert.id).first().status, QStringLiteral("dropped"));
        f.advanceTo(utc("2026-11-19T06:00:00Z"));
        QVERIFY(f.server.waitForRequests(1));
        // Only b is left: it goes out as itself, not as a digest of one.
        QCOMPARE(f.sentAlert(0).value(QStringLiteral("id")).toString(), b->alert.id);
        QVERIFY(f.engine().outbox().forAlert(a->alert.id).isEmpty());
    }

    void snoozeThatEndsDuringQuietHours()
    {
        Fixture f("2026-03-28T20:00:00Z", nightBerlin()); // 21:00 CET
        QVERIFY(f.ok);
        const auto a = f.submit(QStringLiteral("Drawdown 8%"), QStringLiteral("HIGH"));
        QVERIFY(a && a->plan.held.isEmpty());
        QVERIFY(f.server.waitForRequests(1));
        // Snoozed until 23:00 CET: the snooze ends at night.
        QVERIFY(f.engine().lifecycle().snoozeUntil(a->alert.id, utc("2026-03-28T22:00:00Z"), {}, EventSource::UI).ok());
        f.advanceTo(utc("2026-03-28T22:00:00Z"));
        QCOMPARE(f.engine().alerts().get(a->alert.id)->state, AlertState::Open);
        const QList<HeldNotification> held = f.engine().policyStore().heldFor(a->alert.id);
        QCOMPARE(held.size(), 1);
        QCOMPARE(held.first().purpose, QStringLiteral("renotify"));
        QCOMPARE(held.first().releaseAt, utc("2026-03-29T05:00:00Z"));
        QCOMPARE(f.engine().outbox().forAlert(a->alert.id).size(), 1); // only the first notification

        f.advanceTo(utc("2026-03-29T05:00:00Z"));
        QVERIFY(f.server.waitForRequests(2));
        QCOMPARE(
            f.sentAlert(1).value(QStringLiteral("title")).toString(), QStringLiteral("[Snooze ended] Drawdown 8%"));
        QCOMPARE(f.server.requests().at(1).header("Idempotency-Key"),
            OutboxStore::idempotencyKey(a->alert.id, QStringLiteral("hook"), 2).toLatin1());
    }

    void perChannelTimings()
    {
        Fixture f("2026-11-18T23:00:00Z",
            R"({"quiet_hours":[{"name":"sms-night","channels":["sms"],"location":"UTC",
                      "time_intervals":[{"times":[{"start_time":"22:00","end_time":"07:00"}]}]}]})",
            { QStringLiteral("sms") });
        QVERIFY(f.ok);
        const auto a = f.submit(QStringLiteral("BTC fell 3%"), QStringLiteral("HIGH"));
        QVERIFY(a);
        QCOMPARE(a->plan.queued, QStringList { QStringLiteral("hook") });
        QCOMPARE(a->plan.held.size(), 1);
        QCOMPARE(a->plan.held.first().channel, QStringLiteral("sms"));
        QVERIFY(f.server.waitForRequests(1));
        QCOMPARE(f.server.requests().first().path, QByteArray("/hook"));
        f.advanceTo(utc("2026-11-19T07:00:00Z"));
        QVERIFY(f.server.waitForRequests(2));
        QCOMPARE(f.server.requests().at(1).path, QByteArray("/sms"));
    }

    void longerQuietHoursPostponeTheRelease()
    {
        Fixture f("2026-11-18T23:00:00Z", R"({"quiet_hours":[{"name":"n","location":"UTC",
                      "time_intervals":[{"times":[{"start_time":"22:00","end_time":"07:00"}]}]}]})");
        QVERIFY(f.ok);
        const auto a = f.submit(QStringLiteral("BTC fell 3%"), QStringLiteral("HIGH"));
        QVERIFY(a);
        QString error;
        QVERIFY(
            f.engine().profile().setPolicies(QJsonDocument::fromJson(R"({"quiet_hours":[{"name":"n","location":"UTC",
                      "time_intervals":[{"times":[{"start_time":"22:00","end_time":"09:00"}]}]}]})")
                                                 .object(),
                &error));
        f.advanceTo(utc("2026-11-19T07:00:00Z"));
        QCOMPARE(f.engine().policyStore().heldFor(a->alert.id).first().releaseAt, utc("2026-11-19T09:00:00Z"));
        QVERIFY(f.engine().outbox().forAlert(a->alert.id).isEmpty());
        f.advanceTo(utc("2026-11-19T09:00:00Z"));
        QVERIFY(f.server.waitForRequests(1));
    }

    void heldNotificationsSurviveARestart()
    {
        FakeClock clock(utc("2026-11-18T23:00:00Z"));
        TestProfile p(&clock);
        QVERIFY(p.isValid());
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QCOMPARE(p.addWebhook(QStringLiteral("hook"), server.url(QStringLiteral("/hook"))), QString());
        QString error;
        QVERIFY(p.engine().profile().setPolicies(QJsonDocument::fromJson(nightBerlin()).object(), &error));
        QVERIFY(p.engine().profile().save(&error));
        FieldError fe;
        QVERIFY(
            p.engine().alertManager().submit(QJsonObject { { QStringLiteral("type"), QStringLiteral("RISK") },
                                                 { QStringLiteral("priority"), QStringLiteral("HIGH") },
                                                 { QStringLiteral("title"), QStringLiteral("held over a restart") } },
                &fe));
        // The engine is not running at 07:00; it comes up at 09:00 and sends what is due.
        clock.advance(10 * 3600000);
        QCOMPARE(server.requestCount(), 0);
        Engine::Options o;
        o.profileDir = p.dir();
        o.secrets = &p.secrets();
        o.clock = &clock;
        auto restarted = Engine::open(o, &error);
        QVERIFY2(restarted, qPrintable(error));
        QCOMPARE(restarted->profile().policies().quietHours.size(), qsizetype(1)); // read back from config.json
        restarted->notifications().dispatcher().setPollIntervalMs(0);
        bool started = false;
        restarted->startDelivery({ QStringLiteral("hook") }, [&](const QStringList&) { started = true; });
        QVERIFY(waitUntil([&] { return started; }));
        QVERIFY(server.waitForRequests(1));
        QCOMPARE(server.requests().first().json()[QStringLiteral("alert")][QStringLiteral("title")].toString(),
            QStringLiteral("held over a restart"));
    }

    void runningEngineFollowsPoliciesSetElsewhere()
    {
        Fixture f("2026-11-18T23:00:00Z", R"({"quiet_hours":[]})");
        QVERIFY(f.ok);
        QVERIFY(f.submit(QStringLiteral("before"), QStringLiteral("LOW")));
        QVERIFY(f.server.waitForRequests(1));
        f.engine().policy().setPollIntervalMs(1000);
        // alertdesk-cli policies set, in another process: only config.json changes.
        QString error;
        auto cliProfile = Profile::load(f.profile.dir(), &error);
        QVERIFY2(cliProfile, qPrintable(error));
        QVERIFY(cliProfile->setPolicies(QJsonDocument::fromJson(nightBerlin()).object(), &error));
        QVERIFY(cliProfile->save(&error));
        Engine::Options o;
        o.profileDir = f.profile.dir();
        o.secrets = &f.profile.secrets();
        o.clock = &f.clock;
        // A running engine with its poll on, that started before the change.
        auto restarted = Engine::open(o, &error);
        QVERIFY2(restarted, qPrintable(error));
        restarted->notifications().dispatcher().setPollIntervalMs(0);
        restarted->lifecycle().setPollIntervalMs(0);
        QVERIFY(restarted->profile().setPolicies(QJsonObject {}, &error)); // what it had before the change
        bool started = false;
        restarted->startDelivery({ QStringLiteral("hook") }, [&](const QStringList&) { started = true; });
        QVERIFY(waitUntil([&] { return started; }));
        QVERIFY(restarted->profile().policies().quietHours.isEmpty());
        f.clock.advance(1000);
        QCOMPARE(restarted->profile().policies().quietHours.size(), qsizetype(1));
        // An invalid edit is refused; the engine keeps what it had.
        QFile file(restarted->profile().configPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        root.insert(QStringLiteral("policies"), QJsonDocument::fromJson(R"({"quiet_hours":[{"name":"x"}]})").object());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(root).toJson());
        file.close();
        f.clock.advance(1000);
        QCOMPARE(restarted->profile().policies().quietHours.first().name, QStringLiteral("night"));
    }

    // A pause that holds every channel: nothing goes out while it lasts, CRITICAL included; an
    // alert acknowledged meanwhile is dropped; at its end each channel gets one summary.
    void pauseHoldsEveryChannelUntilItEnds()
    {
        Fixture f("2026-11-18T12:00:00Z", R"({"quiet_hours":[]})", { QStringLiteral("desk2") });
        QVERIFY(f.ok);
        const qint64 end = utc("2026-11-18T13:00:00Z");
        f.pause(end, true);
        const auto a = f.submit(QStringLiteral("BTC fell 3%"), QStringLiteral("HIGH"));
        const auto b = f.submit(QStringLiteral("Exchange down"), QStringLiteral("CRITICAL"));
        const auto c = f.submit(QStringLiteral("ETH funding flipped"), QStringLiteral("LOW"));
        QVERIFY(a && b && c);
        QVERIFY(b->plan.queued.isEmpty());
        QCOMPARE(b->plan.held.size(), 2); // hook and desk2
        QCOMPARE(b->plan.held.first().until.toMSecsSinceEpoch(), end);
        QCOMPARE(b->toJson()[QStringLiteral("held")][1][QStringLiteral("reason")].toString(), QStringLiteral("pause"));
        QVERIFY(f.engine().lifecycle().acknowledge(c->alert.id, {}, EventSource::UI).ok());

        f.advanceTo(end - 1);
        QCOMPARE(f.server.requestCount(), 0);
        QVERIFY(f.engine().outbox().forAlert(b->alert.id).isEmpty());
        f.clock.advance(1);
        QVERIFY(f.server.waitForRequests(2));
        QCOMPARE(f.sentTitles(),
            (QStringList {
                QStringLiteral("/desk2 Pause ended: 2 alerts"), QStringLiteral("/hook Pause ended: 2 alerts") }));
        QCOMPARE(f.sentAlert(0).value(QStringLiteral("priority")).toString(), QStringLiteral("CRITICAL"));
        QCOMPARE(f.engine().policyStore().heldFor(c->alert.id).first().status, QStringLiteral("dropped"));
        QCOMPARE(f.engine().policyStore().heldFor(a->alert.id).first().status, QStringLiteral("released"));
    }

    // The default pause is the desktop's alone: the engine sends to every other channel.
    void pauseWithoutHoldingDelivers()
    {
        Fixture f("2026-11-18T12:00:00Z", R"({"quiet_hours":[]})");
        QVERIFY(f.ok);
        f.pause(utc("2026-11-18T13:00:00Z"), false);
        const auto a = f.submit(QStringLiteral("BTC fell 3%"), QStringLiteral("HIGH"));
        QVERIFY(a);
        QCOMPARE(a->plan.queued, QStringList { QStringLiteral("hook") });
        QVERIFY(f.server.waitForRequests(1));
    }

    // Resume before the end: what the pause held goes out at once, without waiting for the end.
    void resumeReleasesWhatThePauseHeld()
    {
        Fixture f("2026-11-18T12:00:00Z", R"({"quiet_hours":[]})");
        QVERIFY(f.ok);
        f.pause(utc("2026-11-18T16:00:00Z"), true);
        const auto a = f.submit(QStringLiteral("BTC fell 3%"), QStringLiteral("HIGH"));
        QVERIFY(a);
        f.engine().policy().followPause(); // the pause as the engine knows it
        f.clock.advance(60000);
        QCOMPARE(f.server.requestCount(), 0);
        f.pause(0, true); // Resume, stored by the window
        // The engine's own poll notices it (the window also calls followPause() right away).
        f.engine().policy().setPollIntervalMs(1000);
        f.engine().policy().followPause();
        QVERIFY(f.server.waitForRequests(1));
        QCOMPARE(f.sentAlert(0).value(QStringLiteral("title")).toString(), QStringLiteral("BTC fell 3%"));
        QCOMPARE(f.engine().policyStore().heldFor(a->alert.id).first().finishedAt, f.clock.nowMs());
    }

    // Paused again for longer before the first end: the held notifications wait for the new end.
    void longerPausePostponesTheRelease()
    {
        Fixture f("2026-11-18T12:00:00Z", R"({"quiet_hours":[]})");
        QVERIFY(f.ok);
        f.pause(utc("2026-11-18T13:00:00Z"), true);
        const auto a = f.submit(QStringLiteral("BTC fell 3%"), QStringLiteral("HIGH"));
        QVERIFY(a);
        f.pause(utc("2026-11-18T15:00:00Z"), true);
        f.advanceTo(utc("2026-11-18T13:00:00Z"));
        QCOMPARE(f.server.requestCount(), 0);
        QCOMPARE(f.engine().policyStore().heldFor(a->alert.id).first().releaseAt, utc("2026-11-18T15:00:00Z"));
        f.advanceTo(utc("2026-11-18T15:00:00Z"));
        QVERIFY(f.server.waitForRequests(1));
    }

    void flushSendsWhatFellDue()
    {
        // Held in a quiet night of 2020; alertdesk-cli flush runs on today's clock.
        FakeClock clock(utc("2020-06-01T23:00:00Z"));
        TestProfile p(&clock);
        QVERIFY(p.isValid());
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QCOMPARE(p.addWebhook(QStringLiteral("hook"), server.url(QStringLiteral("/hook"))), QString());
        QString error;
        QVERIFY(
            p.engine().profile().setPolicies(QJsonDocument::fromJson(R"({"quiet_hours":[{"name":"n","location":"UTC",
            "time_intervals":[{"years":["2020"],"times":[{"start_time":"22:00","end_time":"07:00"}]}]}]})")
                                                 .object(),
                &error));
        QVERIFY(p.engine().profile().save(&error));
        FieldError fe;
        for (const char* title : { "one", "two" })
            QVERIFY(p.engine().alertManager().submit(QJsonObject { { QStringLiteral("type"), QStringLiteral("PRICE") },
                                                         { QStringLiteral("priority"), QStringLiteral("LOW") },
                                                         { QStringLiteral("title"), QString::fromLatin1(title) } },
                &fe));
        QCOMPARE(p.engine().outbox().openCount(), 0);

        QString outText, errText;
        QTextStream out(&outText), err(&errText);
        QBuffer in;
        in.open(QIODevice::ReadOnly);
        Cli cli(out, err, &in);
        cli.setSecretStore(&p.secrets());
        QSignalSpy finished(&cli, &Cli::finished);
        cli.start({ QStringLiteral("--profile"), p.dir(), QStringLiteral("flush") });
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toInt(), 0);
        out.flush();
        QCOMPARE(QJsonDocument::fromJson(outText.toUtf8()).object().value(QStringLiteral("delivered")).toInt(), 1);
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(server.requests().first().json()[QStringLiteral("alert")][QStringLiteral("title")].toString(),
            QStringLiteral("Quiet hours ended: 2 alerts"));
    }
};

QTEST_GUILESS_MAIN(TestQuietHoursDelivery)
#include "TestQuietHoursDelivery.moc"
