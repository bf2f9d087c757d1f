// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "policy/Escalation.h"

#include <QJsonDocument>
#include <QTest>

using namespace alertdesk;

Q_DECLARE_METATYPE(alertdesk::EscalationPolicy::Step::Kind)

// Escalation policies: which step is next, and configuration errors that name the field.
class TestEscalationPolicy final : public QObject {
    Q_OBJECT

    static EscalationPolicy policy(const QByteArray& json)
    {
        FieldError e;
        auto p = EscalationPolicy::fromJson(QJsonDocument::fromJson(json).object(), QStringLiteral("e"), &e);
        if (!p)
            qFatal("bad test policy: %s", qPrintable(e.toString()));
        return *p;
    }

private Q_SLOTS:
    void nextStep_data()
    {
        using K = EscalationPolicy::Step::Kind;
        QTest::addColumn<int>("tier");
        QTest::addColumn<int>("reminders");
        QTest::addColumn<qint64>("lastNotifiedMin");
        QTest::addColumn<K>("kind");
        QTest::addColumn<qint64>("atMin");
        // tiers at 5 and 15 minutes, reminders every 10 minutes, at most 2
        QTest::newRow("fresh: first tier before the first reminder") << 0 << 0 << qint64(0) << K::Tier << qint64(5);
        QTest::newRow("after tier 1: tier 2 and a reminder both at 15, the tier wins")
            << 1 << 0 << qint64(5) << K::Tier << qint64(15);
        QTest::newRow("after tier 2: reminder") << 2 << 0 << qint64(15) << K::Reminder << qint64(25);
        QTest::newRow("after one reminder") << 2 << 1 << qint64(25) << K::Reminder << qint64(35);
        QTest::newRow("cap reached") << 2 << 2 << qint64(35) << K::None << qint64(-1);
        QTest::newRow("late tier 1: reminder before tier 2") << 1 << 0 << qint64(2) << K::Reminder << qint64(12);
    }
    void nextStep()
    {
        using K = EscalationPolicy::Step::Kind;
        QFETCH(int, tier);
        QFETCH(int, reminders);
        QFETCH(qint64, lastNotifiedMin);
        QFETCH(K, kind);
        QFETCH(qint64, atMin);
        const EscalationPolicy p = policy(R"({"name":"p","tiers":[{"after_minutes":5,"channels":["sms"]},
            {"after_minutes":15,"channels":["pager"]}],"repeat_minutes":10,"max_reminders":2})");
        const qint64 t0 = 1000000;
        const auto step = p.next({ t0, tier, reminders, t0 + lastNotifiedMin * 60000 });
        QCOMPARE(step.kind, kind);
        QCOMPARE(step.at, atMin < 0 ? qint64(-1) : t0 + atMin * 60000);
    }

    void matchFindsTheFirstPolicy()
    {
        const QList<EscalationPolicy> ps {
            policy(R"({"name":"risk","match":{"types":["RISK"],"priorities":["critical","HIGH"]},"repeat_minutes":5})"),
            policy(R"({"name":"tagged","match":{"tags":["desk-a"]},"repeat_minutes":5})"),
            policy(R"({"name":"any","repeat_minutes":60})"),
        };
        Alert a;
        a.type = AlertType::Risk;
        a.priority = Priority::High;
        QCOMPARE(findEscalationPolicy(ps, a)->name, QStringLiteral("risk"));
        a.priority = Priority::Low;
        QCOMPARE(findEscalationPolicy(ps, a)->name, QStringLiteral("any"));
        a.data = QJsonObject { { QStringLiteral("tags"), QStringLiteral("desk-b, Desk-A") } };
        QCOMPARE(findEscalationPolicy(ps, a)->name, QStringLiteral("tagged"));
        QCOMPARE(findEscalationPolicy(ps, QStringLiteral("any"))->repeatMinutes, 60.0);
        QCOMPARE(findEscalationPolicy(ps, QStringLiteral("none")), nullptr);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("no name") << QByteArray(R"({"repeat_minutes":5})") << "e.name"
                                 << "required";
        QTest::newRow("does nothing") << QByteArray(R"({"name":"n"})") << "e"
                                      << "would do nothing";
        QTest::newRow("bad type") << QByteArray(R"({"name":"n","repeat_minutes":5,"match":{"types":["RISKY"]}})")
                                  << "e.match.types[0]"
                                  << "not one of";
        QTest::newRow("bad priority") << QByteArray(
            R"({"name":"n","repeat_minutes":5,"match":{"priorities":["URGENT"]}})")
                                      << "e.match.priorities[0]"
                                      << "not one of";
        QTest::newRow("unknown match key")
            << QByteArray(R"({"name":"n","repeat_minutes":5,"match":{"type":["RISK"]}})") << "e.match.type"
            << "not a known field";
        QTest::newRow("tier without time")
            << QByteArray(R"({"name":"n","tiers":[{"channels":["sms"]}]})") << "e.tiers[0].after_minutes"
            << "required";
        QTest::newRow("tier without channels")
            << QByteArray(R"({"name":"n","tiers":[{"after_minutes":5,"channels":[]}]})") << "e.tiers[0].channels"
            << "at least one";
        QTest::newRow("tiers out of order") << QByteArray(
            R"({"name":"n","tiers":[{"after_minutes":15,"channels":["a"]},{"after_minutes":5,"channels":["b"]}]})")
                                            << "e.tiers[1].after_minutes"
                                            << "later than";
        QTest::newRow("negative time") << QByteArray(R"({"name":"n","tiers":[{"after_minutes":-1,"channels":["a"]}]})")
                                       << "e.tiers[0].after_minutes"
                                       << "between";
        QTest::newRow("cap without repeat")
            << QByteArray(R"({"name":"n","max_reminders":3,"tiers":[{"after_minutes":1,"channels":["a"]}]})")
            << "e.max_reminders"
            << "repeat_minutes";
        QTest::newRow("fractional cap") << QByteArray(R"({"name":"n","repeat_minutes":5,"max_reminders":2.5})")
                                        << "e.max_reminders"
                                        << "whole";
    }
    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, messagePart);
        FieldError e;
        QVERIFY(!EscalationPolicy::fromJson(QJsonDocument::fromJson(json).object(), QStringLiteral("e"), &e));
        QCOMPARE(e.field, field);
        QVERIFY2(e.message.contains(messagePart), qPrintable(e.message));
    }
};

QTEST_GUILESS_MAIN(TestEscalationPolicy)
#include "TestEscalationPolicy.moc"
