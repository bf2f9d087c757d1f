// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// Rule evaluation throughput: samples/s through RuleEngine::evaluate with 10,000 rules spread
// over 1,000 metric keys, on one thread, against a reference measured in the same run: the
// same hash look-up and one comparison per rule on plain arrays (the least any evaluator does).
// Prints one JSON object. Usage: bench_rule_engine [--samples N]
#include "rules/RuleEngine.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTextStream>

#include <vector>

using namespace alertdesk;

namespace {

class FixedClock final : public Clock {
public:
    qint64 nowMs() const override { return m_now; }
    void schedule(qint64, QObject*, std::function<void()>) override { }
    qint64 m_now = 1795687200000;
};

constexpr int kRules = 10000;
constexpr int kMetrics = 1000;
constexpr double kTarget = 2000000;

struct Sample {
    int metric;
    double value;
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    qint64 sampleCount = 3000000;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--samples")); i >= 0 && i + 1 < args.size())
        sampleCount = args.at(i + 1).toLongLong();

    QRandomGenerator rng(42);
    QStringList keys;
    for (int m = 0; m < kMetrics; ++m)
        keys << QStringLiteral("SYM%1USDT.price").arg(m);

    // Ten rules per key, a mix of every condition; thresholds around the starting price so
    // that the walk crosses some of them (rules do fire during the run).
    const RuleCondition mix[] = { RuleCondition::Above, RuleCondition::Below, RuleCondition::Crossing,
        RuleCondition::CrossingUp, RuleCondition::CrossingDown, RuleCondition::EnterRange, RuleCondition::LeaveRange,
        RuleCondition::MovedUp, RuleCondition::MovedDown, RuleCondition::Crossing };
    QList<Rule> rules;
    std::vector<double> refThreshold(kRules);
    for (int i = 0; i < kRules; ++i) {
        Rule r;
        r.name = QStringLiteral("rule-%1").arg(i);
        r.metric = keys.at(i % kMetrics);
        r.condition = mix[(i / kMetrics) % 10];
        r.value = 100 + rng.bounded(-20, 21);
        if (isRangeCondition(r.condition))
            r.value2 = r.value + 10;
        if (isMoveCondition(r.condition)) {
            r.value = 5;
            r.windowMs = 3600000;
        }
        r.frequency = RuleFrequency::Every;
        r.cooldownMs = 60000;
        r.revision = i + 1;
        rules << r;
    }
    // The reference: per key, its ten thresholds in a plain array.
    QHash<QString, std::vector<double>> refIndex;
    for (int i = 0; i < kRules; ++i)
        refIndex[keys.at(i % kMetrics)].push_back(rules.at(i).value);

    // A random walk per key, samples round-robin over random keys, 1 ms apart.
    std::vector<double> price(kMetrics, 100.0);
    std::vector<Sample> stream(static_cast<size_t>(sampleCount));
    for (auto& s : stream) {
        s.metric = static_cast<int>(rng.bounded(kMetrics));
        price[static_cast<size_t>(s.metric)] *= 1.0 + (rng.generateDouble() - 0.5) * 0.002;
        s.value = price[static_cast<size_t>(s.metric)];
    }

    FixedClock clock;
    RuleEngine engine(clock);
    engine.setRules(rules);
    const qint64 t0 = clock.m_now - 3600000; // sample times stay behind the clock

    QList<RuleFiring> fired;
    qint64 firedTotal = 0;
    QElapsedTimer timer;
    timer.start();
    for (size_t i = 0; i < stream.size(); ++i) {
        engine.evaluate(keys.at(stream[i].metric), stream[i].value, t0 + static_cast<qint64>(i / 1000), &fired);
        if (!fired.isEmpty()) {
            firedTotal += fired.size();
            fired.clear();
        }
    }
    const qint64 engineNs = timer.nsecsElapsed();

    qint64 refHits = 0;
    timer.restart();
    for (const Sample& s : stream) {
        const auto it = refIndex.constFind(keys.at(s.metric));
        for (double x : *it)
            refHits += s.value > x;
    }
    const qint64 refNs = timer.nsecsElapsed();

    const double rate = static_cast<double>(sampleCount) * 1e9 / static_cast<double>(engineNs);
    const double refRate = static_cast<double>(sampleCount) * 1e9 / static_cast<double>(refNs);
    const QJsonObject out {
        { QStringLiteral("bench"), QStringLiteral("rule_evaluation") },
        { QStringLiteral("rules"), kRules },
        { QStringLiteral("metrics"), kMetrics },
        { QStringLiteral("samples"), sampleCount },
        { QStringLiteral("alerts_fired"), firedTotal },
        { QStringLiteral("seconds"), static_cast<double>(engineNs) / 1e9 },
        { QStringLiteral("samples_per_s"), qRound64(rate) },
        { QStringLiteral("ns_per_sample"), static_cast<double>(engineNs) / static_cast<double>(sampleCount) },
        { QStringLiteral("reference_samples_per_s"), qRound64(refRate) },
        { QStringLiteral("reference_checksum"), refHits },
        { QStringLiteral("ratio_to_reference"), rate / refRate },
        { QStringLiteral("target_samples_per_s"), kTarget },
        { QStringLiteral("meets_target"), rate >= kTarget },
    };
    QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Compact) << '\n';
    return 0;
}
