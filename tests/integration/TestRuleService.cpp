// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"
#include "TestProfile.h"

#include "engine/AlertManager.h"
#include "engine/RuleService.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/OutboxStore.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Rules against a real profile database: alerts go through the AlertManager into the outbox,
// rule state is committed with them, and a restart (closing and reopening the profile) between
// two samples neither loses a crossing nor reports one twice.
class TestRuleService final : public QObject {
    Q_OBJECT

    static constexpr qint64 kStart = 1795687200000; // 2026-11-26T10:00:00Z
    static inline const QString kMetric = QStringLiteral("BTCUSDT.price");

    static Rule makeRule(const QString& name, RuleCondition c, double value, double value2 = NAN)
    {
        Rule r;
        r.name = name;
        r.metric = kMetric;
        r.condition = c;
        r.value = value;
        r.value2 = value2;
        r.frequency = defaultFrequency(c);
        r.type = AlertType::Price;
        r.priority = Priority::High;
        return r;
    }

    // A profile with one (never started) webhook channel, so that alerts have a target.
    static bool prepare(TestProfile& p)
    {
        return p.isValid() && p.addWebhook(QStringLiteral("hook"), QStringLiteral("http://127.0.0.1:9/in")).isEmpty();
    }

    static int fire(TestProfile& p, FakeClock& clock, double value, qint64 offsetMs)
    {
        clock.setNow(kStart + offsetMs);
        const SampleResult r = p.engine().rules().submitSample(kMetric, value, kStart + offsetMs);
        if (!r.errors.isEmpty())
            qWarning() << r.errors;
        return static_cast<int>(r.alerts.size());
    }

    // Reads the stored state through a connection of its own, as another process would.
    static QVariantList storedState(const TestProfile& p, const QString& rule)
    {
        QString error;
        auto db
            = Database::open(QDir(p.dir()).filePath(QStringLiteral("history.db")), &error, Database::Mode::ReadOnly);
        if (!db)
            return { error };
        QSqlQuery q(db->db());
        q.prepare(QStringLiteral("SELECT last_value, last_fired_at, fired_count, exhausted FROM rules WHERE name = ?"));
        q.addBindValue(rule);
        if (!q.exec() || !q.next())
            return {};
        return { q.value(0), q.value(1), q.value(2), q.value(3) };
    }

private Q_SLOTS:
    void restartBetweenTwoSamples_data()
    {
        QTest::addColumn<int>("condition");
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("value2");
        QTest::addColumn<double>("before");
        QTest::addColumn<double>("after");
        QTest::newRow("crossing-up") << int(RuleCondition::CrossingUp) << 100.0 << double(NAN) << 99.0 << 100.0;
        QTest::newRow("crossing-down") << int(RuleCondition::CrossingDown) << 100.0 << double(NAN) << 101.0 << 99.0;
        QTest::newRow("crossing") << int(RuleCondition::Crossing) << 100.0 << double(NAN) << 101.0 << 99.0;
        QTest::newRow("enter-range") << int(RuleCondition::EnterRange) << 10.0 << 20.0 << 5.0 << 15.0;
        QTest::newRow("leave-range") << int(RuleCondition::LeaveRange) << 10.0 << 20.0 << 15.0 << 25.0;
    }

    void restartBetweenTwoSamples()
    {
        QFETCH(int, condition);
        QFETCH(double, value);
        QFETCH(double, value2);
        QFETCH(double, before);
        QFETCH(double, after);
        FakeClock clock(kStart);
        TestProfile p(&clock);
        QVERIFY(prepare(p));
        QVERIFY(!p.engine().rules().addRule(makeRule(QStringLiteral("r"), RuleCondition(condition), value, value2)));

        // The first sample is seen, then the process ends before a second one.
        QCOMPARE(fire(p, clock, before, 0), 0);
        QVERIFY2(p.reopen(), qPrintable(p.error()));
        QCOMPARE(p.engine().rules().rule(QStringLiteral("r"))->state.lastValue, before);
        // The crossing that happens across the restart is reported...
        QCOMPARE(fire(p, clock, after, 60000), 1);
        QCOMPARE(p.engine().alerts().count(), 1);
        // ...and after another restart the same position does not report it again.
        QVERIFY2(p.reopen(), qPrintable(p.error()));
        QCOMPARE(fire(p, clock, after, 120000), 0);
        QCOMPARE(p.engine().alerts().count(), 1);
    }

    void firedStateIsCommittedWithTheAlert()
    {
        FakeClock clock(kStart);
        TestProfile p(&clock);
        QVERIFY(prepare(p));
        QVERIFY(!p.engine().rules().addRule(makeRule(QStringLiteral("up"), RuleCondition::CrossingUp, 100)));
        QCOMPARE(fire(p, clock, 99, 0), 0);
        QVERIFY(p.engine().rules().flush());
        QSignalSpy accepted(&p.engine().alertManager(), &AlertManager::alertAccepted);
        QSignalSpy fired(&p.engine().rules(), &RuleService::ruleFired);
        QCOMPARE(fire(p, clock, 101, 1000), 1);
        QCOMPARE(accepted.size(), 1);
        QCOMPARE(fired.size(), 1);
        const Alert alert = accepted.first().first().value<Alert>();
        // No flush has run: what another connection sees is what a kill -9 now would leave.
        const QVariantList st = storedState(p, QStringLiteral("up"));
        QCOMPARE(st.size(), 4);
        QCOMPARE(st.at(0).toDouble(), 101.0);
        QCOMPARE(st.at(1).toLongLong(), kStart + 1000);
        QCOMPARE(st.at(2).toInt(), 1);
        // The alert is stored with its outbox rows, ready for delivery.
        QVERIFY(p.engine().alerts().get(alert.id));
        QCOMPARE(p.engine().outbox().forAlert(alert.id).size(), 1);
        QCOMPARE(alert.title, QStringLiteral("BTCUSDT.price crossed up 100"));
        QCOMPARE(alert.dedupKey, QStringLiteral("rule:up"));
    }

    void refusedAlertStillMovesTheState()
    {
        FakeClock clock(kStart);
        TestProfile p(&clock);
        QVERIFY(prepare(p));
        Rule r = makeRule(QStringLiteral("up"), RuleCondition::CrossingUp, 100);
        r.channels = { QStringLiteral("hook") };
        QVERIFY(!p.engine().rules().addRule(r));
        QCOMPARE(fire(p, clock, 99, 0), 0);
        // The channel is removed after the rule was made: the alert is refused, with the reason.
        bool removed = false;
        p.engine().removeChannel(QStringLiteral("hook"), [&](const QString&) { removed = true; });
        QVERIFY(waitUntil([&] { return removed; }));
        clock.setNow(kStart + 1000);
        const SampleResult res = p.engine().rules().submitSample(kMetric, 101, kStart + 1000);
        QCOMPARE(res.alerts.size(), 0);
        QCOMPARE(res.errors.size(), 1);
        QVERIFY2(res.errors.first().contains(QStringLiteral("hook")), qPrintable(res.errors.first()));
        QCOMPARE(p.engine().alerts().count(), 0);
        QCOMPARE(p.engine().rules().rule(QStringLiteral("up"))->state.lastFiredMs, kStart + 1000);
    }

    void onceAndOncePerSurviveARestart()
    {
        FakeClock clock(kStart);
        TestProfile p(&clock);
        QVERIFY(prepare(p));
        Rule once = makeRule(QStringLiteral("once"), RuleCondition::Above, 100);
        QCOMPARE(once.frequency, RuleFrequency::Once);
        Rule hourly = makeRule(QStringLiteral("hourly"), RuleCondition::Above, 100);
        hourly.frequency = RuleFrequency::OncePer;
        hourly.intervalMs = 3600000;
        QVERIFY(!p.engine().rules().addRule(once));
        QVERIFY(!p.engine().rules().addRule(hourly));
        QCOMPARE(fire(p, clock, 101, 59 * 60000), 2);
        QVERIFY(p.reopen());
        QCOMPARE(fire(p, clock, 102, 59 * 60000 + 30000), 0); // same hour; once is spent
        QCOMPARE(fire(p, clock, 103, 60 * 60000), 1); // a new hour: only the hourly rule
        QVERIFY(p.engine().rules().rule(QStringLiteral("once"))->state.exhausted);
        // Enabling re-arms the spent rule, also across a restart.
        QString error;
        QVERIFY(p.engine().rules().setEnabled(QStringLiteral("once"), true, &error));
        QVERIFY(p.reopen());
        QCOMPARE(fire(p, clock, 104, 61 * 60000), 1);
    }

    void disableAndRemove()
    {
        FakeClock clock(kStart);
        TestProfile p(&clock);
        QVERIFY(prepare(p));
        QVERIFY(!p.engine().rules().addRule(makeRule(QStringLiteral("up"), RuleCondition::CrossingUp, 100)));
        QString error;
        QVERIFY(p.engine().rules().setEnabled(QStringLiteral("up"), false, &error));
        QCOMPARE(fire(p, clock, 99, 0), 0);
        QCOMPARE(fire(p, clock, 101, 1000), 0);
        QVERIFY(!p.engine().rules().rule(QStringLiteral("up"))->enabled);
        // Enabled again, it starts from the latest value (101): no stale crossing from before.
        QVERIFY(p.engine().rules().setEnabled(QStringLiteral("up"), true, &error));
        QCOMPARE(fire(p, clock, 102, 2000), 0);
        QCOMPARE(fire(p, clock, 99, 3000), 0);
        QCOMPARE(fire(p, clock, 100, 4000), 1);
        QVERIFY(p.engine().rules().removeRule(QStringLiteral("up"), &error));
        QVERIFY(!p.engine().rules().removeRule(QStringLiteral("up"), &error));
        QCOMPARE(error, QStringLiteral("no rule named 'up'"));
        QVERIFY(p.reopen());
        QVERIFY(p.engine().rules().rules().isEmpty());
        QCOMPARE(fire(p, clock, 99, 5000), 0);
    }

    void addRuleRefusals()
    {
        FakeClock clock(kStart);
        TestProfile p(&clock);
        QVERIFY(prepare(p));
        QVERIFY(!p.engine().rules().addRule(makeRule(QStringLiteral("up"), RuleCondition::CrossingUp, 100)));
        auto e = p.engine().rules().addRule(makeRule(QStringLiteral("up"), RuleCondition::Above, 1));
        QVERIFY(e);
        QCOMPARE(e->field, QStringLiteral("name"));
        Rule r = makeRule(QStringLiteral("other"), RuleCondition::Above, 1);
        r.channels = { QStringLiteral("nope") };
        e = p.engine().rules().addRule(r);
        QVERIFY(e);
        QCOMPARE(e->field, QStringLiteral("channel"));
        e = p.engine().rules().addRule(makeRule(QStringLiteral("range"), RuleCondition::EnterRange, 20, 10));
        QVERIFY(e);
        QCOMPARE(e->field, QStringLiteral("value2"));
        QCOMPARE(p.engine().rules().rules().size(), 1);
    }

    void changesByAnotherProcessArePickedUp()
    {
        FakeClock clock(kStart);
        TestProfile p(&clock);
        QVERIFY(prepare(p));
        QVERIFY(!p.engine().rules().addRule(makeRule(QStringLiteral("a"), RuleCondition::CrossingUp, 100)));
        p.engine().rules().startSync();
        QCOMPARE(fire(p, clock, 99, 0), 0); // live state, not yet saved

        // Another process (the CLI) opens the same profile and adds a rule.
        {
            Engine::Options o;
            o.profileDir = p.dir();
            o.secrets = &p.secrets();
            o.clock = &clock;
            QString error;
            auto other = Engine::open(o, &error);
            QVERIFY2(other, qPrintable(error));
            QVERIFY(!other->rules().addRule(makeRule(QStringLiteral("b"), RuleCondition::CrossingUp, 100)));
        }
        QVERIFY(!p.engine().rules().rule(QStringLiteral("b")));
        QSignalSpy changed(&p.engine().rules(), &RuleService::rulesChanged);
        clock.advance(RuleService::kSyncIntervalMs);
        QCOMPARE(changed.size(), 1);
        QVERIFY(p.engine().rules().rule(QStringLiteral("b")));
        // Rule a kept its live state; b starts from the metric's latest value: both cross now.
        QCOMPARE(p.engine().rules().rule(QStringLiteral("a"))->state.lastValue, 99.0);
        QCOMPARE(fire(p, clock, 100, 2000), 2);
        // The periodic sync saved a's state too.
        clock.advance(RuleService::kSyncIntervalMs);
        QCOMPARE(storedState(p, QStringLiteral("a")).value(0).toDouble(), 100.0);
        QCOMPARE(changed.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestRuleService)
#include "TestRuleService.moc"
