// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "engine/AlertLifecycle.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "storage/AlertStore.h"
#include "storage/LifecycleStore.h"
#include "storage/OutboxStore.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

Q_DECLARE_METATYPE(alertdesk::AlertState)
Q_DECLARE_METATYPE(alertdesk::EventSource)

// Acknowledge, snooze, resolve and dedup, on a fake clock against a real HTTP receiver.
class TestAlertLifecycle final : public QObject {
    Q_OBJECT

    static constexpr qint64 kMinute = 60000;

    struct Fixture {
        FakeClock clock;
        TestProfile profile { &clock };
        ScriptedHttpServer server;
        bool ok = false;

        explicit Fixture(const QJsonObject& pdSettings = {})
        {
            if (!profile.isValid() || !server.listen())
                return;
            if (!profile.addWebhook(QStringLiteral("hook"), server.url(QStringLiteral("/hook"))).isEmpty())
                return;
            if (!pdSettings.isEmpty()
                && !profile.addWebhook(QStringLiteral("tracker"), server.url(QStringLiteral("/tracker")), pdSettings)
                        .isEmpty())
                return;
            ok = true;
        }
        Engine& engine() { return profile.engine(); }
        AlertLifecycle& lifecycle() { return profile.engine().lifecycle(); }
        std::optional<Alert> submit(const QString& dedupKey = {}, const QStringList& channels = {})
        {
            QJsonObject o { { QStringLiteral("type"), QStringLiteral("RISK") },
                { QStringLiteral("priority"), QStringLiteral("HIGH") },
                { QStringLiteral("title"), QStringLiteral("Drawdown limit") },
                { QStringLiteral("message"), QStringLiteral("Drawdown 8% on the momentum book") } };
            if (!dedupKey.isEmpty())
                o.insert(QStringLiteral("dedup_key"), dedupKey);
            if (!channels.isEmpty())
                o.insert(QStringLiteral("channels"), QJsonArray::fromStringList(channels));
            FieldError fe;
            auto a = engine().alertManager().submit(o, &fe);
            if (!a)
                qWarning() << fe.toString();
            return a;
        }
        int rowsFor(const QString& alertId) { return static_cast<int>(engine().outbox().forAlert(alertId).size()); }
        int requestsTo(const QByteArray& path)
        {
            int n = 0;
            for (const auto& r : server.requests())
                n += r.path == path ? 1 : 0;
            return n;
        }
        QList<RecordedRequest> requestsOf(const QByteArray& path)
        {
            QList<RecordedRequest> out;
            for (const auto& r : server.requests()) {
                if (r.path == path)
                    out << r;
            }
            return out;
        }
    };

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Alert>();
        qRegisterMetaType<AlertState>();
        qRegisterMetaType<EventSource>();
    }

    void transitions_data()
    {
        QTest::addColumn<QStringList>("before"); // done first, each must succeed
        QTest::addColumn<QString>("op");
        QTest::addColumn<int>("status"); // LifecycleResult::Status
        QTest::addColumn<int>("finalState");
        using S = LifecycleResult::Status;
        const int ok = int(S::Ok), no = int(S::NotAllowed);
        const int open = int(AlertState::Open), ackd = int(AlertState::Acknowledged),
                  snoozed = int(AlertState::Snoozed), resolved = int(AlertState::Resolved);
        QTest::newRow("open -> ack") << QStringList {} << "ack" << ok << ackd;
        QTest::newRow("open -> snooze") << QStringList {} << "snooze" << ok << snoozed;
        QTest::newRow("open -> resolve") << QStringList {} << "resolve" << ok << resolved;
        QTest::newRow("ack twice") << QStringList { "ack" } << "ack" << no << ackd;
        QTest::newRow("ack -> snooze") << QStringList { "ack" } << "snooze" << ok << snoozed;
        QTest::newRow("ack -> resolve") << QStringList { "ack" } << "resolve" << ok << resolved;
        QTest::newRow("snooze -> ack") << QStringList { "snooze" } << "ack" << ok << ackd;
        QTest::newRow("snooze again") << QStringList { "snooze" } << "snooze" << ok << snoozed;
        QTest::newRow("snooze -> resolve") << QStringList { "snooze" } << "resolve" << ok << resolved;
        QTest::newRow("resolve twice") << QStringList { "resolve" } << "resolve" << no << resolved;
        QTest::newRow("resolved -> ack") << QStringList { "resolve" } << "ack" << no << resolved;
        QTest::newRow("resolved -> snooze") << QStringList { "resolve" } << "snooze" << no << resolved;
        // Reopen: the trader's undo of any of the three.
        QTest::newRow("open -> reopen") << QStringList {} << "reopen" << no << open;
        QTest::newRow("ack -> reopen") << QStringList { "ack" } << "reopen" << ok << open;
        QTest::newRow("snooze -> reopen") << QStringList { "snooze" } << "reopen" << ok << open;
        QTest::newRow("resolved -> reopen") << QStringList { "resolve" } << "reopen" << ok << open;
    }
    void transitions()
    {
        QFETCH(QStringList, before);
        QFETCH(QString, op);
        QFETCH(int, status);
        QFETCH(int, finalState);
        Fixture f;
        QVERIFY(f.ok);
        const auto a = f.submit();
        QVERIFY(a);
        auto run = [&](const QString& what) {
            if (what == QLatin1String("ack"))
                return f.lifecycle().acknowledge(a->id, {}, EventSource::UI);
            if (what == QLatin1String("snooze"))
                return f.lifecycle().snoozeFor(a->id, 15 * kMinute, {}, EventSource::UI);
            if (what == QLatin1String("reopen"))
                return f.lifecycle().reopen(a->id, {}, EventSource::UI);
            return f.lifecycle().resolve(a->id, {}, EventSource::UI);
        };
        for (const QString& step : before)
            QVERIFY2(run(step).ok(), qPrintable(step));
        const int eventsBefore = static_cast<int>(f.lifecycle().events(a->id).size());
        const LifecycleResult r = run(op);
        QCOMPARE(int(r.status), status);
        if (!r.ok())
            QVERIFY2(r.message.contains(a->id), qPrintable(r.message)); // says which alert
        QCOMPARE(int(f.engine().alerts().get(a->id)->state), finalState);
        // A refused change leaves no trace in the trail; an accepted one exactly one.
        QCOMPARE(f.lifecycle().events(a->id).size(), eventsBefore + (r.ok() ? 1 : 0));
    }

    // A batch: one transaction, each alert changed with its event; one the change does not fit
    // is refused alone with its reason, and the others are changed all the same.
    void batchChangesEachFittingAlert()
    {
        Fixture f;
        QVERIFY(f.ok);
        QStringList ids;
        for (int i = 0; i < 5; ++i) {
            const auto a = f.submit(QStringLiteral("k%1").arg(i));
            QVERIFY(a);
            ids << a->id;
        }
        QVERIFY(f.lifecycle().acknowledge(ids.at(2), {}, EventSource::UI).ok());
        QSignalSpy changed(&f.lifecycle(), &AlertLifecycle::stateChanged);
        const QList<LifecycleResult> results
            = f.lifecycle().changeBatch(ids, AlertState::Acknowledged, 0, QStringLiteral("bulk"), EventSource::UI);
        QCOMPARE(results.size(), ids.size());
        for (int i = 0; i < ids.size(); ++i) {
            QCOMPARE(results.at(i).alert.id, ids.at(i));
            QCOMPARE(results.at(i).ok(), i != 2);
            QCOMPARE(f.engine().alerts().get(ids.at(i))->state, AlertState::Acknowledged);
            const QList<AlertEvent> trail = f.lifecycle().events(ids.at(i));
            QCOMPARE(trail.size(), 1);
            QCOMPARE(trail.constFirst().note, i == 2 ? QString() : QStringLiteral("bulk"));
        }
        QCOMPARE(int(results.at(2).status), int(LifecycleResult::Status::NotAllowed));
        QVERIFY(results.at(2).message.contains(ids.at(2)));
        QCOMPARE(changed.size(), ids.size() - 1); // told after the commit, once per alert changed
    }

    void eventTrail()
    {
        Fixture f;
        QVERIFY(f.ok);
        const auto a = f.submit();
        QVERIFY(a);
        QSignalSpy changed(&f.lifecycle(), &AlertLifecycle::stateChanged);
        const qint64 t0 = f.clock.nowMs();
        QVERIFY(f.lifecycle().snoozeFor(a->id, kMinute * 60, QStringLiteral("at lunch"), EventSource::UI).ok());
        f.clock.advance(5 * kMinute);
        QVERIFY(f.lifecycle().acknowledge(a->id, QStringLiteral("looking into it"), EventSource::CLI).ok());
        f.clock.advance(5 * kMinute);
        const LifecycleResult r = f.lifecycle().resolve(a->id, QStringLiteral("hedged\nwith puts"), EventSource::API);
        QVERIFY(r.ok());
        QCOMPARE(r.alert.state, AlertState::Resolved);
        QCOMPARE(r.alert.updatedAt.toMSecsSinceEpoch(), t0 + 10 * kMinute);

        const QList<AlertEvent> trail = f.lifecycle().events(a->id);
        QCOMPARE(trail.size(), 3);
        QCOMPARE(trail[0].from, AlertState::Open);
        QCOMPARE(trail[0].to, AlertState::Snoozed);
        QCOMPARE(trail[0].source, EventSource::UI);
        QCOMPARE(trail[0].note, QStringLiteral("at lunch"));
        QCOMPARE(trail[0].at.toMSecsSinceEpoch(), t0);
        QCOMPARE(trail[1].from, AlertState::Snoozed);
        QCOMPARE(trail[1].to, AlertState::Acknowledged);
        QCOMPARE(trail[1].source, EventSource::CLI);
        QCOMPARE(trail[1].at.toMSecsSinceEpoch(), t0 + 5 * kMinute);
        QCOMPARE(trail[2].to, AlertState::Resolved);
        QCOMPARE(trail[2].source, EventSource::API);
        QCOMPARE(trail[2].note, QStringLiteral("hedged\nwith puts"));

        QCOMPARE(changed.size(), 3);
        QCOMPARE(changed.at(1).at(1).value<AlertState>(), AlertState::Snoozed);
        QCOMPARE(changed.at(1).at(2).value<AlertState>(), AlertState::Acknowledged);
        QCOMPARE(changed.at(2).at(3).value<EventSource>(), EventSource::API);
        // Acknowledged meanwhile: the snooze must not reopen it later.
        f.clock.advance(2 * 60 * kMinute);
        QCOMPARE(f.engine().alerts().get(a->id)->state, AlertState::Resolved);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("messagePart");
        using S = LifecycleResult::Status;
        QTest::newRow("unknown id") << "unknown" << int(S::UnknownAlert) << "no alert with id";
        QTest::newRow("short prefix") << "prefix4" << int(S::UnknownAlert) << "no alert with id";
        QTest::newRow("snooze in the past") << "past" << int(S::BadInput) << "in the future";
        QTest::newRow("snooze of zero") << "zero" << int(S::BadInput) << "longer than zero";
        QTest::newRow("snooze too long") << "long" << int(S::BadInput) << "366 days";
        QTest::newRow("note with a control character") << "note" << int(S::BadInput) << "control characters";
        QTest::newRow("note too long") << "longnote" << int(S::BadInput) << "limit is 1024";
    }
    void refusals()
    {
        QFETCH(QString, what);
        QFETCH(int, status);
        QFETCH(QString, messagePart);
        Fixture f;
        QVERIFY(f.ok);
        const auto a = f.submit();
        QVERIFY(a);
        const qint64 now = f.clock.nowMs();
        LifecycleResult r;
        if (what == QLatin1String("unknown"))
            r = f.lifecycle().acknowledge(QStringLiteral("00000000-0000-0000-0000-000000000000"), {}, EventSource::CLI);
        else if (what == QLatin1String("prefix4"))
            r = f.lifecycle().acknowledge(a->id.left(4), {}, EventSource::CLI);
        else if (what == QLatin1String("past"))
            r = f.lifecycle().snoozeUntil(a->id, now - 1, {}, EventSource::CLI);
        else if (what == QLatin1String("zero"))
            r = f.lifecycle().snoozeFor(a->id, 0, {}, EventSource::CLI);
        else if (what == QLatin1String("long"))
            r = f.lifecycle().snoozeFor(a->id, AlertLifecycle::kMaxSnoozeMs + 1, {}, EventSource::CLI);
        else if (what == QLatin1String("note"))
            r = f.lifecycle().acknowledge(a->id, QStringLiteral("bell\a"), EventSource::CLI);
        else
            r = f.lifecycle().acknowledge(a->id, QString(1025, QLatin1Char('x')), EventSource::CLI);
        QCOMPARE(int(r.status), status);
        QVERIFY2(r.message.contains(messagePart), qPrintable(r.message));
        QCOMPARE(f.engine().alerts().get(a->id)->state, AlertState::Open);
        QVERIFY(f.lifecycle().events(a->id).isEmpty());
    }

    void idPrefix()
    {
        Fixture f;
        QVERIFY(f.ok);
        const auto a = f.submit();
        QVERIFY(a);
        const LifecycleResult r = f.lifecycle().acknowledge(a->id.left(8), {}, EventSource::CLI);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.alert.id, a->id);
    }

    void snoozeEndsAndNotifiesAgain()
    {
        Fixture f;
        QVERIFY(f.ok);
        QVERIFY(f.profile.start().isEmpty());
        QSignalSpy changed(&f.lifecycle(), &AlertLifecycle::stateChanged);
        const auto a = f.submit();
        QVERIFY(a);
        QVERIFY(f.server.waitForRequests(1));
        QVERIFY(f.lifecycle().snoozeFor(a->id, 15 * kMinute, {}, EventSource::CLI).ok());

        f.clock.advance(15 * kMinute - 1);
        QCOMPARE(f.engine().alerts().get(a->id)->state, AlertState::Snoozed);
        QCOMPARE(f.rowsFor(a->id), 1); // nothing new queued before the end

        f.clock.advance(1);
        QCOMPARE(f.engine().alerts().get(a->id)->state, AlertState::Open);
        QVERIFY(f.server.waitForRequests(2));
        const QByteArray firstKey = f.server.requests().at(0).header("Idempotency-Key");
        const QByteArray againKey = f.server.requests().at(1).header("Idempotency-Key");
        // A new delivery: a key of its own, so a receiver that dedups by key still shows it.
        QVERIFY(firstKey != againKey);
        QCOMPARE(againKey, OutboxStore::idempotencyKey(a->id, QStringLiteral("hook"), 2).toLatin1());
        const QJsonObject sent = f.server.requests().at(1).json().value(QStringLiteral("alert")).toObject();
        QCOMPARE(sent.value(QStringLiteral("id")).toString(), a->id);
        QCOMPARE(sent.value(QStringLiteral("title")).toString(), QStringLiteral("[Snooze ended] Drawdown limit"));

        const QList<AlertEvent> trail = f.lifecycle().events(a->id);
        QCOMPARE(trail.size(), 2);
        QCOMPARE(trail[1].from, AlertState::Snoozed);
        QCOMPARE(trail[1].to, AlertState::Open);
        QCOMPARE(trail[1].source, EventSource::System);
        QCOMPARE(trail[1].at.toMSecsSinceEpoch(), a->createdAt.toMSecsSinceEpoch() + 15 * kMinute);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.last().at(4).toString(), QStringLiteral("snooze ended"));

        // A second snooze is a third round with yet another key.
        QVERIFY(f.lifecycle().snoozeFor(a->id, kMinute, {}, EventSource::CLI).ok());
        f.clock.advance(kMinute);
        QVERIFY(f.server.waitForRequests(3));
        QCOMPARE(f.server.requests().at(2).header("Idempotency-Key"),
            OutboxStore::idempotencyKey(a->id, QStringLiteral("hook"), 3).toLatin1());
    }

    void snoozeEndedWhileStoppedCatchesUpOnStart()
    {
        Fixture f;
        QVERIFY(f.ok);
        const auto a = f.submit();
        QVERIFY(a);
        QVERIFY(f.lifecycle().snoozeFor(a->id, 60 * kMinute, {}, EventSource::CLI).ok());
        // Nobody drives the profile while the snooze ends.
        f.clock.advance(3 * 60 * kMinute);
        QCOMPARE(f.engine().alerts().get(a->id)->state, AlertState::Snoozed);
        QVERIFY(f.profile.start().isEmpty()); // the engine comes up: it reads the snooze from the database
        QCOMPARE(f.engine().alerts().get(a->id)->state, AlertState::Open);
        QVERIFY(f.server.waitForRequests(2));
        QCOMPARE(f.lifecycle().events(a->id).last().source, EventSource::System);
    }

    void snoozeSetByAnotherProcess()
    {
        Fixture f;
        QVERIFY(f.ok);
        QVERIFY(f.profile.start().isEmpty());
        const auto a = f.submit();
        QVERIFY(a);
        QVERIFY(f.server.waitForRequests(1));
        // alertdesk-cli snooze in another process: its own engine on the same profile.
        QString error;
        Engine::Options o;
        o.profileDir = f.profile.dir();
        o.secrets = &f.profile.secrets();
        o.clock = &f.clock;
        auto other = Engine::open(o, &error);
        QVERIFY2(other, qPrintable(error));
        QVERIFY(other->lifecycle().snoozeFor(a->id, 10 * kMinute, {}, EventSource::CLI).ok());
        other.reset();
        f.clock.advance(10 * kMinute + 1000); // the driver polls the database once a second
        QCOMPARE(f.engine().alerts().get(a->id)->state, AlertState::Open);
        QVERIFY(f.server.waitForRequests(2));
    }

    void followUpsForChannelsThatTrackState()
    {
        Fixture f(QJsonObject { { QStringLiteral("lifecycle_updates"), true } });
        QVERIFY(f.ok);
        QVERIFY(f.profile.start().isEmpty());
        const auto a = f.submit();
        QVERIFY(a);
        QVERIFY(f.server.waitForRequests(2));
        const LifecycleResult ack = f.lifecycle().acknowledge(a->id, {}, EventSource::UI);
        QVERIFY(ack.ok());
        QCOMPARE(ack.followUps.queued, QStringList { QStringLiteral("tracker") });
        QVERIFY(f.server.waitForRequests(3));
        QVERIFY(f.lifecycle().resolve(a->id, {}, EventSource::UI).ok());
        QVERIFY(f.server.waitForRequests(4));

        QCOMPARE(f.requestsTo("/hook"), 1); // a plain webhook does not track state
        const QList<RecordedRequest> tracked = f.requestsOf("/tracker");
        QCOMPARE(tracked.size(), 3);
        const QStringList states { tracked[0].json()[QStringLiteral("alert")][QStringLiteral("state")].toString(),
            tracked[1].json()[QStringLiteral("alert")][QStringLiteral("state")].toString(),
            tracked[2].json()[QStringLiteral("alert")][QStringLiteral("state")].toString() };
        QCOMPARE(states,
            (QStringList { QStringLiteral("open"), QStringLiteral("acknowledged"), QStringLiteral("resolved") }));
        QCOMPARE(tracked[1].json()[QStringLiteral("alert")][QStringLiteral("title")].toString(),
            QStringLiteral("[Acknowledged] Drawdown limit"));
        QSet<QByteArray> keys;
        for (const auto& r : tracked)
            keys.insert(r.header("Idempotency-Key"));
        QCOMPARE(keys.size(), 3);
    }

    void dedupCountsInsteadOfNotifying()
    {
        Fixture f;
        QVERIFY(f.ok);
        QVERIFY(f.profile.start().isEmpty());
        AlertManager& am = f.engine().alertManager();
        QSignalSpy repeated(&am, &AlertManager::alertRepeated);
        const auto first = f.submit(QStringLiteral("dd-btc"));
        QVERIFY(first);
        QVERIFY(f.server.waitForRequests(1));

        f.clock.advance(30000);
        Alert again = *first;
        again.id.clear();
        again.createdAt = {};
        again.message = QStringLiteral("Drawdown 9%");
        FieldError fe;
        auto adm = am.admit(again, &fe);
        QVERIFY2(adm, qPrintable(fe.toString()));
        QVERIFY(adm->deduplicated);
        QCOMPARE(adm->alert.id, first->id);
        QCOMPARE(adm->alert.occurrences, 2);
        QCOMPARE(adm->alert.lastSeenAt.toMSecsSinceEpoch(), first->createdAt.toMSecsSinceEpoch() + 30000);
        QCOMPARE(adm->toJson().value(QStringLiteral("deduplicated")).toBool(), true);
        QCOMPARE(adm->toJson().value(QStringLiteral("count")).toInt(), 2);
        QCOMPARE(repeated.size(), 1);

        // Acknowledged is still open for dedup; another key is another alert.
        QVERIFY(f.lifecycle().acknowledge(first->id, {}, EventSource::UI).ok());
        adm = am.admit(again, &fe);
        QVERIFY(adm && adm->deduplicated);
        QCOMPARE(adm->alert.occurrences, 3);
        QCOMPARE(adm->alert.state, AlertState::Acknowledged);
        const auto other = f.submit(QStringLiteral("dd-eth"));
        QVERIFY(other && other->id != first->id);
        QVERIFY(f.server.waitForRequests(2));

        QCOMPARE(f.engine().alerts().count(), 2);
        QCOMPARE(f.rowsFor(first->id), 1);
        QCOMPARE(f.engine().alerts().get(first->id)->toJson().value(QStringLiteral("count")).toInt(), 3);

        // Resolved: the key starts a new alert, which is notified.
        QVERIFY(f.lifecycle().resolve(first->id, {}, EventSource::UI).ok());
        adm = am.admit(again, &fe);
        QVERIFY(adm && !adm->deduplicated);
        QVERIFY(adm->alert.id != first->id);
        QCOMPARE(adm->plan.queued, QStringList { QStringLiteral("hook") });
        QVERIFY(f.server.waitForRequests(3));
        QCOMPARE(f.engine().alerts().count(), 3);
    }

    void dedupAcrossTwoProcesses()
    {
        Fixture f;
        QVERIFY(f.ok);
        QString error;
        Engine::Options o;
        o.profileDir = f.profile.dir();
        o.secrets = &f.profile.secrets();
        o.clock = &f.clock;
        auto other = Engine::open(o, &error);
        QVERIFY2(other, qPrintable(error));
        QVERIFY(f.submit(QStringLiteral("k1")));
        QJsonObject in { { QStringLiteral("type"), QStringLiteral("RISK") },
            { QStringLiteral("priority"), QStringLiteral("HIGH") },
            { QStringLiteral("title"), QStringLiteral("Drawdown limit") },
            { QStringLiteral("dedup_key"), QStringLiteral("k1") } };
        FieldError fe;
        AlertParseResult parsed = parseAlert(in, f.clock.now());
        QVERIFY(parsed.ok());
        const auto adm = other->alertManager().admit(*parsed.alert, &fe);
        QVERIFY2(adm, qPrintable(fe.toString()));
        QVERIFY(adm->deduplicated);
        QCOMPARE(f.engine().alerts().count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAlertLifecycle)
#include "TestAlertLifecycle.moc"
