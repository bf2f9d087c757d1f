// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"

#include "rules/RuleEngine.h"
#include "util/Duration.h"

#include <QTest>

#include <cmath>

using namespace alertdesk;
using namespace alertdesk::test;

// Every condition, frequency, cooldown and expiry of the rule engine, on a fake clock.
class TestRuleEngine final : public QObject {
    Q_OBJECT

    // 2026-11-26T10:00:00Z: a whole hour, so once-per intervals line up with the offsets below.
    static constexpr qint64 kStart = 1795687200000;

    static Rule makeRule(const QString& when, double value, double value2 = NAN, qint64 windowMs = 0)
    {
        Rule r;
        r.name = QStringLiteral("r1");
        r.metric = QStringLiteral("BTCUSDT.price");
        r.condition = *ruleConditionFromString(when);
        r.value = value;
        r.value2 = value2;
        r.windowMs = windowMs;
        r.frequency = RuleFrequency::Every;
        r.revision = 1;
        return r;
    }

    struct Sample {
        qint64 t;
        double v;
    };

    // "0:99 10s:101 1m:99" -> samples at kStart + offset.
    static QList<Sample> samples(const QString& spec)
    {
        QList<Sample> out;
        for (const QString& part : spec.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            const QStringList tv = part.split(QLatin1Char(':'));
            QString error;
            const auto offset = parseDuration(tv[0] == QLatin1String("0") ? QStringLiteral("0s") : tv[0], &error);
            Q_ASSERT(offset);
            out.append({ kStart + *offset, tv[1].toDouble() });
        }
        return out;
    }

    // Feeds the samples (moving the clock along) and returns the indices of those that fired.
    static QList<int> run(
        RuleEngine& engine, FakeClock& clock, const QList<Sample>& in, QList<RuleFiring>* all = nullptr)
    {
        QList<int> firedAt;
        for (int i = 0; i < in.size(); ++i) {
            clock.setNow(std::max(clock.nowMs(), in[i].t));
            QList<RuleFiring> fired;
            const auto status = engine.evaluate(QStringLiteral("BTCUSDT.price"), in[i].v, in[i].t, &fired);
            if (status != RuleEngine::SampleStatus::Evaluated)
                qWarning() << "sample" << i << RuleEngine::statusText(status);
            if (!fired.isEmpty())
                firedAt << i;
            if (all)
                *all << fired;
        }
        return firedAt;
    }

    static QList<int> indices(const QString& s)
    {
        QList<int> out;
        for (const QString& p : s.split(QLatin1Char(' '), Qt::SkipEmptyParts))
            out << p.toInt();
        return out;
    }

private Q_SLOTS:
    void conditions_data()
    {
        QTest::addColumn<QString>("when");
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("value2");
        QTest::addColumn<QString>("window");
        QTest::addColumn<QString>("series");
        QTest::addColumn<QString>("expected"); // indices of the samples that fire

        const double none = NAN;
        // Levels are strict: exactly at the threshold is neither above nor below.
        QTest::newRow("above") << "above" << 100.0 << none << ""
                               << "0:99 1s:100 2s:101 3s:102 4s:100"
                               << "2 3";
        QTest::newRow("below") << "below" << 100.0 << none << ""
                               << "0:101 1s:100 2s:99 3s:98 4s:100"
                               << "2 3";
        // Reaching the threshold is a crossing; leaving it on the same side is not a second one.
        QTest::newRow("crossing-up exactly at threshold") << "crossing-up" << 100.0 << none << ""
                                                          << "0:99 1s:100 2s:101 3s:99 4s:101"
                                                          << "1 4";
        QTest::newRow("crossing-up needs a previous value") << "crossing-up" << 100.0 << none << ""
                                                            << "0:101 1s:102"
                                                            << "";
        QTest::newRow("crossing-up ignores a dip to the threshold") << "crossing-up" << 100.0 << none << ""
                                                                    << "0:101 1s:100 2s:101"
                                                                    << "";
        QTest::newRow("crossing-down exactly at threshold") << "crossing-down" << 100.0 << none << ""
                                                            << "0:101 1s:100 2s:99 3s:101 4s:99"
                                                            << "1 4";
        QTest::newRow("crossing both ways") << "crossing" << 100.0 << none << ""
                                            << "0:99 1s:101 2s:99 3s:100 4s:100 5s:101 6s:98"
                                            << "1 2 3 6";
        // A gap in the data does not lose a crossing: the value is on the other side now.
        QTest::newRow("crossing across a gap") << "crossing-up" << 100.0 << none << ""
                                               << "0:99 6h:105"
                                               << "1";
        QTest::newRow("enter-range, bounds inside") << "enter-range" << 10.0 << 20.0 << ""
                                                    << "0:5 1s:10 2s:15 3s:25 4s:20 5s:21 6s:9"
                                                    << "1 4";
        QTest::newRow("leave-range, bounds inside") << "leave-range" << 10.0 << 20.0 << ""
                                                    << "0:15 1s:20 2s:21 3s:15 4s:9 5s:10"
                                                    << "2 4";
        QTest::newRow("enter-range needs a previous value") << "enter-range" << 10.0 << 20.0 << ""
                                                            << "0:15 1s:16"
                                                            << "";
        // moved-up 5 % within 60 s: measured from the lowest sample still in the window.
        QTest::newRow("moved-up") << "moved-up" << 5.0 << none << "60s"
                                  << "0:100 10s:103 20s:105 70s:106 75s:109 80s:111"
                                  << "2 5";
        // Exactly at the window's edge the old sample still counts; a moment later it does not.
        QTest::newRow("moved-down at the window edge") << "moved-down" << 10.0 << none << "1h"
                                                       << "0:200 30m:190 59m:181 60m:180 61m:179"
                                                       << "3";
        // A gap longer than the window leaves nothing to compare with.
        QTest::newRow("moved-up across a gap") << "moved-up" << 5.0 << none << "60s"
                                               << "0:100 2m:110 130s:116"
                                               << "2";
        QTest::newRow("moved-up, a fall is not a rise") << "moved-up" << 5.0 << none << "60s"
                                                        << "0:100 10s:90 20s:80"
                                                        << "";
        QTest::newRow("moved-down, small steps add up") << "moved-down" << 3.0 << none << "5m"
                                                        << "0:100 1m:99 2m:98 3m:97.5 4m:96.9"
                                                        << "4";
        QTest::newRow("moved-up on negative values") << "moved-up" << 50.0 << none << "1h"
                                                     << "0:-200 10m:-100"
                                                     << "1";
    }

    void conditions()
    {
        QFETCH(QString, when);
        QFETCH(double, value);
        QFETCH(double, value2);
        QFETCH(QString, window);
        QFETCH(QString, series);
        QFETCH(QString, expected);
        QString error;
        const qint64 windowMs = window.isEmpty() ? 0 : *parseDuration(window, &error);
        Rule r = makeRule(when, value, value2, windowMs);
        QVERIFY2(!validateRule(r), qPrintable(validateRule(r) ? validateRule(r)->toString() : QString()));
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        engine.setRules({ r });
        QCOMPARE(run(engine, clock, samples(series)), indices(expected));
    }

    void alertCarriesTheRule()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        Rule r = makeRule(QStringLiteral("crossing-up"), 100000);
        r.type = AlertType::Price;
        r.priority = Priority::High;
        r.channels = { QStringLiteral("ops") };
        r.titleTemplate = QStringLiteral("{symbol} {condition} {threshold}");
        r.messageTemplate = QStringLiteral("{metric}={value} at {time} ({rule}, {priority} {type}) {unknown");
        engine.setRules({ r });
        QList<RuleFiring> fired;
        run(engine, clock, samples(QStringLiteral("0:99999.5 1s:100500.25")), &fired);
        QCOMPARE(fired.size(), 1);
        const Alert& a = fired.first().alert;
        QCOMPARE(a.title, QStringLiteral("BTCUSDT crossed up 100000"));
        QCOMPARE(
            a.message, QStringLiteral("BTCUSDT.price=100500.25 at 2026-11-26T10:00:01Z (r1, HIGH PRICE) {unknown"));
        QCOMPARE(a.symbol, QStringLiteral("BTCUSDT"));
        QCOMPARE(a.priority, Priority::High);
        QCOMPARE(a.type, AlertType::Price);
        QCOMPARE(a.channels, QStringList { QStringLiteral("ops") });
        QCOMPARE(a.data.value(QStringLiteral("rule")).toString(), QStringLiteral("r1"));
        QCOMPARE(a.data.value(QStringLiteral("value")).toDouble(), 100500.25);
        QVERIFY(!validateAlert(a));
        QCOMPARE(fired.first().state.lastFiredMs, kStart + 1000);
        QCOMPARE(fired.first().state.firedCount, 1);
    }

    void defaultTemplates_data()
    {
        QTest::addColumn<QString>("when");
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("value2");
        QTest::addColumn<qint64>("window");
        QTest::addColumn<QString>("title");
        QTest::newRow("crossing") << "crossing" << 100.0 << double(NAN) << qint64(0) << "BTCUSDT.price crossed 100";
        QTest::newRow("range") << "leave-range" << 95000.0 << 105000.0 << qint64(0)
                               << "BTCUSDT.price left range 95000..105000";
        QTest::newRow("move") << "moved-down" << 2.5 << double(NAN) << qint64(3600000)
                              << "BTCUSDT.price moved down 2.5% within 1h";
    }

    void defaultTemplates()
    {
        QFETCH(QString, when);
        QFETCH(double, value);
        QFETCH(double, value2);
        QFETCH(qint64, window);
        QFETCH(QString, title);
        const Rule r = makeRule(when, value, value2, window);
        const Alert a = buildRuleAlert(r, 1.5, kStart);
        QCOMPARE(a.title, title);
        QCOMPARE(a.message, QStringLiteral("BTCUSDT.price is 1.5 at 2026-11-26T10:00:00Z (rule r1)."));
    }

    void onceFiresOnceUntilReenabled()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        Rule r = makeRule(QStringLiteral("above"), 100);
        r.frequency = RuleFrequency::Once;
        engine.setRules({ r });
        QCOMPARE(
            run(engine, clock, samples(QStringLiteral("0:101 1s:102 2s:99 3s:105"))), indices(QStringLiteral("0")));
        QVERIFY(engine.rule(r.name)->state.exhausted);
        // A new revision with a fresh state (what enabling does) re-arms it.
        Rule again = *engine.rule(r.name);
        again.revision = 2;
        again.state = RuleState {};
        engine.upsertRule(again);
        QVERIFY(!engine.rule(r.name)->state.exhausted);
        QCOMPARE(run(engine, clock, samples(QStringLiteral("4s:106 5s:107"))), indices(QStringLiteral("0")));
    }

    void everyWithCooldown()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        Rule r = makeRule(QStringLiteral("above"), 100);
        r.cooldownMs = 10000;
        engine.setRules({ r });
        // Fires, is held for 10 s of sample time (exactly 10 s later is allowed), fires again.
        QCOMPARE(run(engine, clock, samples(QStringLiteral("0:101 5s:101 9999ms:101 10s:101 15s:101 19s:99 20s:101"))),
            indices(QStringLiteral("0 3 6")));
    }

    void crossingSuppressedByCooldownIsDropped()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        Rule r = makeRule(QStringLiteral("crossing-up"), 100);
        r.cooldownMs = 60000;
        engine.setRules({ r });
        // The second crossing falls in the cooldown: it is not reported late when the cooldown ends.
        QCOMPARE(run(engine, clock, samples(QStringLiteral("0:99 10s:101 20s:99 30s:101 75s:102 80s:99 90s:101"))),
            indices(QStringLiteral("1 6")));
    }

    void oncePerAlignedInterval()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        Rule r = makeRule(QStringLiteral("above"), 100);
        r.frequency = RuleFrequency::OncePer;
        r.intervalMs = 3600000;
        engine.setRules({ r });
        // Once per clock hour (UTC): 10:59 fires, 11:00 is a new hour, 11:30 is not, 12:00:01 is.
        QCOMPARE(run(engine, clock, samples(QStringLiteral("59m:101 59m30s:101 60m:101 90m:101 2h1s:101 2h2s:101"))),
            indices(QStringLiteral("0 2 4")));
    }

    void oncePerWithCooldown()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        Rule r = makeRule(QStringLiteral("above"), 100);
        r.frequency = RuleFrequency::OncePer;
        r.intervalMs = 3600000;
        r.cooldownMs = 30 * 60000;
        engine.setRules({ r });
        // A new hour alone is not enough while the cooldown lasts.
        QCOMPARE(run(engine, clock, samples(QStringLiteral("59m:101 60m:101 88m:101 90m:101"))),
            indices(QStringLiteral("0 3")));
    }

    void expiryFollowsTheClock()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        Rule r = makeRule(QStringLiteral("above"), 100);
        r.expiresAtMs = kStart + 3600000;
        engine.setRules({ r });
        QCOMPARE(run(engine, clock, samples(QStringLiteral("0:101"))), indices(QStringLiteral("0")));
        clock.setNow(kStart + 3600000 - 1);
        QCOMPARE(run(engine, clock, samples(QStringLiteral("59m59s:101"))), indices(QStringLiteral("0")));
        clock.setNow(kStart + 3600000);
        QCOMPARE(run(engine, clock, samples(QStringLiteral("60m:101 61m:150"))), QList<int> {});
        QVERIFY(engine.rule(r.name)->toJson(clock.nowMs()).value(QStringLiteral("expired")).toBool());
        // An expired rule does not move: its state is the one it had when it expired.
        QCOMPARE(engine.rule(r.name)->state.lastValue, 101.0);
    }

    void disabledRuleDoesNotEvaluate()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        Rule r = makeRule(QStringLiteral("above"), 100);
        r.enabled = false;
        engine.setRules({ r });
        QCOMPARE(run(engine, clock, samples(QStringLiteral("0:101 1s:102"))), QList<int> {});
        QVERIFY(!engine.rule(r.name)->state.hasLastValue());
    }

    void samplesThatAreRefused()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        engine.setRules({ makeRule(QStringLiteral("crossing-up"), 100) });
        QList<RuleFiring> fired;
        const QString m = QStringLiteral("BTCUSDT.price");
        QCOMPARE(
            engine.evaluate(QStringLiteral("ETHUSDT.price"), 1, kStart, &fired), RuleEngine::SampleStatus::NoRules);
        QCOMPARE(engine.evaluate(m, std::nan(""), kStart, &fired), RuleEngine::SampleStatus::InvalidValue);
        QCOMPARE(engine.evaluate(m, INFINITY, kStart, &fired), RuleEngine::SampleStatus::InvalidValue);
        QCOMPARE(engine.evaluate(m, 99, kStart + 10000, &fired), RuleEngine::SampleStatus::Evaluated);
        // Older than the latest sample of the metric: ignored, the state does not move.
        QCOMPARE(engine.evaluate(m, 101, kStart + 5000, &fired), RuleEngine::SampleStatus::OutOfOrder);
        QCOMPARE(engine.rule(QStringLiteral("r1"))->state.lastValue, 99.0);
        // Stamped more than five minutes ahead of the clock: refused.
        QCOMPARE(engine.evaluate(m, 101, kStart + RuleEngine::kMaxFutureMs + 1, &fired),
            RuleEngine::SampleStatus::TooFarAhead);
        QCOMPARE(
            engine.evaluate(m, 101, kStart + RuleEngine::kMaxFutureMs, &fired), RuleEngine::SampleStatus::Evaluated);
        QCOMPARE(fired.size(), 1);
    }

    void stateSurvivesASetRulesWithTheSameRevision()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        const Rule r = makeRule(QStringLiteral("crossing-up"), 100);
        engine.setRules({ r });
        run(engine, clock, samples(QStringLiteral("0:99")));
        // A reload of the stored rules (older state, same revision) keeps the live state.
        engine.setRules({ r });
        QCOMPARE(engine.rule(r.name)->state.lastValue, 99.0);
        QCOMPARE(run(engine, clock, samples(QStringLiteral("1s:101"))), indices(QStringLiteral("0")));
    }

    void newRuleStartsFromTheLatestSample()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        Rule a = makeRule(QStringLiteral("above"), 1000);
        engine.setRules({ a });
        run(engine, clock, samples(QStringLiteral("0:99")));
        Rule b = makeRule(QStringLiteral("crossing-up"), 100);
        b.name = QStringLiteral("r2");
        engine.upsertRule(b);
        QCOMPARE(engine.rule(b.name)->state.lastValue, 99.0);
        QList<RuleFiring> fired;
        run(engine, clock, samples(QStringLiteral("1s:100")), &fired);
        QCOMPARE(fired.size(), 1);
        QCOMPARE(fired.first().rule, QStringLiteral("r2"));
    }

    void dirtyStatesAreReportedOnce()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        Rule a = makeRule(QStringLiteral("above"), 100);
        Rule b = makeRule(QStringLiteral("below"), 50);
        b.name = QStringLiteral("r2");
        b.metric = QStringLiteral("ETHUSDT.price");
        engine.setRules({ a, b });
        QVERIFY(!engine.hasDirtyState());
        run(engine, clock, samples(QStringLiteral("0:99 1s:101")));
        const QList<RuleStateUpdate> dirty = engine.takeDirtyStates();
        QCOMPARE(dirty.size(), 1);
        QCOMPARE(dirty.first().rule, QStringLiteral("r1"));
        QCOMPARE(dirty.first().state.lastValue, 101.0);
        QVERIFY(!engine.hasDirtyState());
        QVERIFY(engine.takeDirtyStates().isEmpty());
    }

    void windowStaysBounded()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        // A rising series keeps every point in the lows queue: the queue must stop at its bound
        // and the rule must still work (measuring from the oldest point it kept).
        engine.setRules({ makeRule(QStringLiteral("moved-up"), 50, NAN, 24 * 3600000LL) });
        const int n = RuleEngine::kWindowCapacity * 3;
        QList<RuleFiring> fired;
        for (int i = 0; i < n; ++i) {
            clock.setNow(kStart + i);
            QCOMPARE(engine.evaluate(QStringLiteral("BTCUSDT.price"), 1000 + i * 0.01, kStart + i, &fired),
                RuleEngine::SampleStatus::Evaluated);
        }
        QVERIFY(fired.isEmpty()); // +12 % at most
        // +50 % over the true lowest value (1000), but not over the oldest point kept: no alert.
        clock.setNow(kStart + n);
        QCOMPARE(engine.evaluate(QStringLiteral("BTCUSDT.price"), 1500.5, kStart + n, &fired),
            RuleEngine::SampleStatus::Evaluated);
        QVERIFY(fired.isEmpty());
        // That sample pushed one more point out; +50 % over the oldest one kept fires.
        const double oldestKept = 1000 + (n + 1 - RuleEngine::kWindowCapacity) * 0.01;
        QCOMPARE(engine.evaluate(QStringLiteral("BTCUSDT.price"), oldestKept * 1.5, kStart + n + 1, &fired),
            RuleEngine::SampleStatus::Evaluated);
        QCOMPARE(fired.size(), 1);
    }

    void manyRulesOnManyMetrics()
    {
        FakeClock clock(kStart);
        RuleEngine engine(clock);
        QList<Rule> rules;
        for (int i = 0; i < 300; ++i) {
            Rule r = makeRule(QStringLiteral("crossing-up"), 100 + i % 10);
            r.name = QStringLiteral("rule-%1").arg(i);
            r.metric = QStringLiteral("M%1.price").arg(i % 30);
            r.value = 100 + (i / 30) % 10;
            rules << r;
        }
        engine.setRules(rules);
        QCOMPARE(engine.ruleCount(), 300);
        QCOMPARE(engine.metricCount(), 30);
        QList<RuleFiring> fired;
        for (int m = 0; m < 30; ++m)
            engine.evaluate(QStringLiteral("M%1.price").arg(m), 99, kStart, &fired);
        QVERIFY(fired.isEmpty());
        // 104.5 crosses thresholds 100..104: 5 of the 10 rules of each metric.
        engine.evaluate(QStringLiteral("M7.price"), 104.5, kStart + 1, &fired);
        QCOMPARE(fired.size(), 5);
        for (const RuleFiring& f : fired)
            QVERIFY(engine.rule(f.rule)->metric == QStringLiteral("M7.price"));
        QVERIFY(engine.removeRule(QStringLiteral("rule-7")));
        QVERIFY(!engine.removeRule(QStringLiteral("rule-7")));
        QCOMPARE(engine.ruleCount(), 299);
        // The others kept their state through the rebuild.
        QCOMPARE(engine.rule(QStringLiteral("rule-37"))->state.lastValue, 104.5);
        QCOMPARE(engine.rule(QStringLiteral("rule-17"))->state.lastValue, 99.0);
    }
};

QTEST_GUILESS_MAIN(TestRuleEngine)
#include "TestRuleEngine.moc"
