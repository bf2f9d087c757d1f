// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "channels/TargetFanout.h"

#include <QTest>

using namespace alertdesk;

// One delivery to a channel with several targets: how outcomes combine, and that a retry
// goes only to the targets that still need it.
class TestTargetFanout final : public QObject {
    Q_OBJECT

    static SendOutcome outcome(SendOutcome::Kind k, const QString& error = {}, qint64 wait = -1, bool limited = false)
    {
        SendOutcome o;
        o.kind = k;
        o.error = error;
        o.retryAfterMs = wait;
        o.rateLimited = limited;
        o.httpStatus = k == SendOutcome::Kind::Delivered ? 200 : 500;
        return o;
    }

    static QList<ChannelTarget> targets(const QStringList& ids)
    {
        QList<ChannelTarget> out;
        for (const QString& id : ids)
            out << ChannelTarget { id, QStringLiteral("target ") + id };
        return out;
    }

private Q_SLOTS:
    void combine_data()
    {
        using K = SendOutcome::Kind;
        QTest::addColumn<QList<int>>("kinds");
        QTest::addColumn<QList<qint64>>("waits");
        QTest::addColumn<int>("expected");
        QTest::addColumn<qint64>("expectedWait");
        QTest::addColumn<QString>("expectedError");

        QTest::newRow("all delivered") << QList<int> { int(K::Delivered), int(K::Delivered) }
                                       << QList<qint64> { -1, -1 } << int(K::Delivered) << qint64(-1) << QString();
        QTest::newRow("one retry") << QList<int> { int(K::Delivered), int(K::Retry) } << QList<qint64> { -1, 2000 }
                                   << int(K::Retry) << qint64(2000) << QStringLiteral("t1: e1");
        QTest::newRow("failed and retry") << QList<int> { int(K::Failed), int(K::Retry) } << QList<qint64> { -1, -1 }
                                          << int(K::Retry) << qint64(-1) << QStringLiteral("t0: e0; t1: e1");
        QTest::newRow("longest wait") << QList<int> { int(K::Retry), int(K::Retry) } << QList<qint64> { 5000, 1500 }
                                      << int(K::Retry) << qint64(5000) << QStringLiteral("t0: e0; t1: e1");
        QTest::newRow("failed only") << QList<int> { int(K::Delivered), int(K::Failed) } << QList<qint64> { -1, -1 }
                                     << int(K::Failed) << qint64(-1) << QStringLiteral("t1: e1");
        QTest::newRow("single target: no prefix") << QList<int> { int(K::Failed) } << QList<qint64> { -1 }
                                                  << int(K::Failed) << qint64(-1) << QStringLiteral("e0");
        QTest::newRow("none") << QList<int> {} << QList<qint64> {} << int(K::Failed) << qint64(-1)
                              << QStringLiteral("no target configured");
    }

    void combine()
    {
        QFETCH(QList<int>, kinds);
        QFETCH(QList<qint64>, waits);
        QFETCH(int, expected);
        QFETCH(qint64, expectedWait);
        QFETCH(QString, expectedError);
        QList<TargetResult> results;
        for (int i = 0; i < kinds.size(); ++i)
            results << TargetResult { QStringLiteral("t%1").arg(i),
                outcome(SendOutcome::Kind(kinds[i]), QStringLiteral("e%1").arg(i), waits[i]) };
        const SendOutcome o = combineTargetOutcomes(results);
        QCOMPARE(int(o.kind), expected);
        QCOMPARE(o.retryAfterMs, expectedWait);
        QCOMPARE(o.error, expectedError);
    }

    // Replicas (Alertmanager peers): one taking the delivery is enough, the others' errors kept;
    // every attempt goes to all of them, nothing remembered.
    void anyTargetIsEnough()
    {
        TargetFanout fanout;
        QStringList sent;
        auto sendOne = [&](const ChannelTarget& t, std::function<void(SendOutcome)> done) {
            sent << t.id;
            done(t.id == QLatin1String("a") ? outcome(SendOutcome::Kind::Delivered)
                                            : outcome(SendOutcome::Kind::Retry, QStringLiteral("refused")));
        };
        std::optional<SendOutcome> result;
        for (int attempt = 0; attempt < 2; ++attempt) {
            fanout.run(
                QStringLiteral("k"), targets({ QStringLiteral("a"), QStringLiteral("b") }), sendOne,
                [&](SendOutcome o) { result = o; }, TargetFanout::Need::Any);
            QVERIFY(result);
            QCOMPARE(int(result->kind), int(SendOutcome::Kind::Delivered));
            QCOMPARE(result->error, QStringLiteral("target b: refused"));
        }
        QCOMPARE(sent.size(), 4);
        QCOMPARE(fanout.rememberedDeliveries(), 0);

        const SendOutcome none = combineAnyTargetOutcome(
            { { QStringLiteral("a"), outcome(SendOutcome::Kind::Failed, QStringLiteral("x")) },
                { QStringLiteral("b"), outcome(SendOutcome::Kind::Retry, QStringLiteral("y"), 700) } });
        QCOMPARE(int(none.kind), int(SendOutcome::Kind::Retry));
        QCOMPARE(none.retryAfterMs, qint64(700));
    }

    void rateLimitedWhenAnyIs()
    {
        const SendOutcome o = combineTargetOutcomes(
            { { QStringLiteral("a"), outcome(SendOutcome::Kind::Retry, QStringLiteral("x"), 10, true) },
                { QStringLiteral("b"), outcome(SendOutcome::Kind::Retry, QStringLiteral("y")) } });
        QVERIFY(o.rateLimited);
    }

    void retryGoesOnlyToUnfinishedTargets()
    {
        TargetFanout fanout;
        QStringList sent;
        QHash<QString, QList<SendOutcome>> script {
            { QStringLiteral("a"), { outcome(SendOutcome::Kind::Delivered) } },
            { QStringLiteral("b"),
                { outcome(SendOutcome::Kind::Retry, QStringLiteral("busy")), outcome(SendOutcome::Kind::Delivered) } },
            { QStringLiteral("c"), { outcome(SendOutcome::Kind::Failed, QStringLiteral("gone")) } },
        };
        auto sendOne = [&](const ChannelTarget& t, std::function<void(SendOutcome)> done) {
            sent << t.id;
            done(script[t.id].takeFirst());
        };
        std::optional<SendOutcome> result;
        fanout.run(QStringLiteral("k"), targets({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }),
            sendOne, [&](SendOutcome o) { result = o; });
        QVERIFY(result);
        QCOMPARE(int(result->kind), int(SendOutcome::Kind::Retry));
        QCOMPARE(result->error, QStringLiteral("target b: busy; target c: gone"));
        QCOMPARE(sent, (QStringList { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }));
        QStringList finished = fanout.finishedTargets(QStringLiteral("k"));
        finished.sort();
        QCOMPARE(finished, (QStringList { QStringLiteral("a"), QStringLiteral("c") }));

        sent.clear();
        result.reset();
        fanout.run(QStringLiteral("k"), targets({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }),
            sendOne, [&](SendOutcome o) { result = o; });
        QVERIFY(result);
        QCOMPARE(sent, QStringList { QStringLiteral("b") });
        // c failed for good in the first attempt: the delivery as a whole failed.
        QCOMPARE(int(result->kind), int(SendOutcome::Kind::Failed));
        QCOMPARE(result->error, QStringLiteral("target c: gone"));
        QCOMPARE(fanout.rememberedDeliveries(), 0);
    }

    void otherDeliveriesAreIndependent()
    {
        TargetFanout fanout;
        int calls = 0;
        auto retryAll = [&](const ChannelTarget&, std::function<void(SendOutcome)> done) {
            ++calls;
            done(outcome(calls == 1 ? SendOutcome::Kind::Delivered : SendOutcome::Kind::Retry));
        };
        fanout.run(
            QStringLiteral("k1"), targets({ QStringLiteral("a"), QStringLiteral("b") }), retryAll, [](SendOutcome) {});
        QCOMPARE(fanout.finishedTargets(QStringLiteral("k1")), QStringList { QStringLiteral("a") });
        QVERIFY(fanout.finishedTargets(QStringLiteral("k2")).isEmpty());
    }

    void memoryIsBounded()
    {
        TargetFanout fanout;
        bool first = true;
        auto halfDone = [&](const ChannelTarget&, std::function<void(SendOutcome)> done) {
            done(outcome(first ? SendOutcome::Kind::Delivered : SendOutcome::Kind::Retry));
            first = !first;
        };
        for (int i = 0; i < TargetFanout::kMaxRemembered + 10; ++i)
            fanout.run(QStringLiteral("k%1").arg(i), targets({ QStringLiteral("a"), QStringLiteral("b") }), halfDone,
                [](SendOutcome) {});
        QCOMPARE(fanout.rememberedDeliveries(), TargetFanout::kMaxRemembered);
        QVERIFY(fanout.finishedTargets(QStringLiteral("k0")).isEmpty()); // the oldest went first
    }
};

QTEST_GUILESS_MAIN(TestTargetFanout)
#include "TestTargetFanout.moc"
