// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "SampleAlerts.h"

#include "channels/AlertmanagerChannel.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/LifecycleStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// What AlertDesk reads of an Alertmanager peer's answers about silences (GET /api/v2/alerts,
// GET /api/v2/silence/{id}), however hostile the peer, and how the history records a
// colleague's silence: once, again when changed, and its end.
class TestClusterSilences final : public QObject {
    Q_OBJECT

    static QByteArray json(const QJsonValue& v)
    {
        return v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                           : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
    }

    static QJsonObject alertOf(const QString& id, const QJsonValue& silencedBy)
    {
        return QJsonObject { { QStringLiteral("labels"), QJsonObject { { QStringLiteral("alertdesk_id"), id } } },
            { QStringLiteral("status"),
                QJsonObject { { QStringLiteral("state"), QStringLiteral("suppressed") },
                    { QStringLiteral("silencedBy"), silencedBy } } } };
    }

    static ClusterSilence silence(const QString& id, const QString& by, qint64 endsAtMs, const QString& comment)
    {
        return ClusterSilence { id, by, comment, QDateTime::fromMSecsSinceEpoch(endsAtMs, Qt::UTC) };
    }

private Q_SLOTS:
    void silencedByOfThatAlertOnly()
    {
        const QJsonArray answer { alertOf(QStringLiteral("a1"), QJsonArray { QStringLiteral("s-1") }),
            alertOf(QStringLiteral("other"), QJsonArray { QStringLiteral("s-2") }),
            alertOf(QStringLiteral("a1"), QJsonArray { QStringLiteral("s-1"), QStringLiteral("s-3") }) };
        const auto ids = alertmanagerSilencedBy(json(answer), QStringLiteral("a1"));
        QVERIFY(ids);
        QCOMPARE(*ids, (QStringList { QStringLiteral("s-1"), QStringLiteral("s-3") }));
    }

    void silencedByHostile_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<bool>("readable");
        QTest::addColumn<QStringList>("ids");
        QTest::newRow("not json") << QByteArray("<html>502</html>") << false << QStringList();
        QTest::newRow("empty") << QByteArray() << false << QStringList();
        QTest::newRow("object, not a list") << QByteArray(R"({"silencedBy":["s-1"]})") << false << QStringList();
        QTest::newRow("no alert") << QByteArray("[]") << false << QStringList();
        QTest::newRow("another alert only")
            << QByteArray(R"([{"labels":{"alertdesk_id":"a2"},"status":{"silencedBy":["s-1"]}}])") << false
            << QStringList();
        QTest::newRow("alerts not objects") << QByteArray(R"([1,"x",null,[]])") << false << QStringList();
        QTest::newRow("no status") << QByteArray(R"([{"labels":{"alertdesk_id":"a1"}}])") << true << QStringList();
        QTest::newRow("labels a string") << QByteArray(
            R"([{"labels":"alertdesk_id=a1","status":{"silencedBy":["s-1"]}}])")
                                         << false << QStringList();
        QTest::newRow("silencedBy a string")
            << QByteArray(R"([{"labels":{"alertdesk_id":"a1"},"status":{"silencedBy":"s-1"}}])") << true
            << QStringList();
        QTest::newRow("ids of wrong types") << QByteArray(
            R"([{"labels":{"alertdesk_id":"a1"},"status":{"silencedBy":[1,{"id":"s"},null,true,"ok-1"]}}])")
                                            << true << QStringList { QStringLiteral("ok-1") };
        QTest::newRow("ids that are no plain token") << QByteArray(
            R"([{"labels":{"alertdesk_id":"a1"},"status":{"silencedBy":["../../api/v2/alerts","a b","",")"
            R"(x?y","ok-2"]}}])") << true << QStringList { QStringLiteral("ok-2") };
        QTest::newRow("an id too long") << (QByteArray(R"([{"labels":{"alertdesk_id":"a1"},"status":{"silencedBy":[")")
            + QByteArray(65, 'a') + QByteArray(R"("]}}])"))
                                        << true << QStringList();
    }

    void silencedByHostile()
    {
        QFETCH(QByteArray, answer);
        QFETCH(bool, readable);
        QFETCH(QStringList, ids);
        const auto got = alertmanagerSilencedBy(answer, QStringLiteral("a1"));
        QCOMPARE(bool(got), readable);
        if (got)
            QCOMPARE(*got, ids);
    }

    // A peer that lists thousands of silences costs at most kMaxClusterSilences look-ups.
    void silencedByIsBounded()
    {
        QJsonArray many;
        for (int i = 0; i < 5000; ++i)
            many << QStringLiteral("s-%1").arg(i);
        const auto ids
            = alertmanagerSilencedBy(json(QJsonArray { alertOf(QStringLiteral("a1"), many) }), QStringLiteral("a1"));
        QVERIFY(ids);
        QCOMPARE(ids->size(), kMaxClusterSilences);
    }

    void silenceAsAlertmanagerDescribesIt()
    {
        const QByteArray answer = R"({"id":"7c1d","status":{"state":"active"},"updatedAt":"2026-12-07T18:00:00.000Z",
            "comment":"maintenance on the feed","createdBy":"ben","endsAt":"2026-12-07T19:30:00.000Z",
            "startsAt":"2026-12-07T18:00:00.000Z","matchers":[{"name":"alertdesk_id","value":"a1","isRegex":false}]})";
        const auto s = alertmanagerSilence(answer, QStringLiteral("7c1d"));
        QVERIFY(s);
        QCOMPARE(s->state, QStringLiteral("active"));
        QCOMPARE(s->silence.id, QStringLiteral("7c1d"));
        QCOMPARE(s->silence.createdBy, QStringLiteral("ben"));
        QCOMPARE(s->silence.comment, QStringLiteral("maintenance on the feed"));
        QCOMPARE(s->silence.endsAt, QDateTime(QDate(2026, 12, 7), QTime(19, 30), Qt::UTC));
    }

    void silenceHostile()
    {
        // Another silence's answer, a list, or no JSON: no silence.
        QVERIFY(!alertmanagerSilence(R"({"id":"other","createdBy":"x"})", QStringLiteral("7c1d")));
        QVERIFY(!alertmanagerSilence(R"([{"id":"7c1d"}])", QStringLiteral("7c1d")));
        QVERIFY(!alertmanagerSilence("not json", QStringLiteral("7c1d")));
        QVERIFY(!alertmanagerSilence(R"({"id":7})", QStringLiteral("7")));

        // Fields missing: a silence still, saying nothing of them.
        auto s = alertmanagerSilence(R"({"id":"7c1d"})", QStringLiteral("7c1d"));
        QVERIFY(s);
        QVERIFY(s->silence.createdBy.isEmpty());
        QVERIFY(s->silence.comment.isEmpty());
        QVERIFY(!s->silence.endsAt.isValid());
        QVERIFY(s->state.isEmpty());

        // Wrong types: read as absent.
        s = alertmanagerSilence(
            R"({"id":"7c1d","createdBy":42,"comment":{"text":"x"},"endsAt":1765130000,"status":"expired"})",
            QStringLiteral("7c1d"));
        QVERIFY(s);
        QVERIFY(s->silence.createdBy.isEmpty());
        QVERIFY(s->silence.comment.isEmpty());
        QVERIFY(!s->silence.endsAt.isValid());
        QVERIFY(s->state.isEmpty());
        s = alertmanagerSilence(R"({"id":"7c1d","endsAt":"tomorrow"})", QStringLiteral("7c1d"));
        QVERIFY(s && !s->silence.endsAt.isValid());
    }

    // A comment of a megabyte is cut to the history's note limit with a visible marker; control
    // characters (a forged second line in a one-line field) become spaces.
    void silenceTextsBounded()
    {
        const QString huge(1024 * 1024, QLatin1Char('x'));
        const QString bigName(5000, QLatin1Char('n'));
        const QJsonObject o { { QStringLiteral("id"), QStringLiteral("s1") }, { QStringLiteral("comment"), huge },
            { QStringLiteral("createdBy"), bigName } };
        auto s = alertmanagerSilence(json(o), QStringLiteral("s1"));
        QVERIFY(s);
        QCOMPARE(s->silence.comment.size(), AlertEvent::kNoteLimit);
        QVERIFY(s->silence.comment.endsWith(QChar(0x2026)));
        QCOMPARE(s->silence.createdBy.size(), ClusterSilence::kCreatedByLimit);
        QVERIFY(checkEventNote(s->silence.comment).isEmpty());

        const QJsonObject c { { QStringLiteral("id"), QStringLiteral("s2") },
            { QStringLiteral("comment"), QStringLiteral("line one\nline two\r\x1b[31mred\x07") },
            { QStringLiteral("createdBy"), QStringLiteral("ben\nAcknowledged by: boss") } };
        s = alertmanagerSilence(json(c), QStringLiteral("s2"));
        QVERIFY(s);
        QCOMPARE(s->silence.comment, QStringLiteral("line one\nline two  [31mred "));
        QCOMPARE(s->silence.createdBy, QStringLiteral("ben Acknowledged by: boss"));
        QVERIFY(checkEventNote(s->silence.comment).isEmpty());
    }

    // Seen once, told once; told again when its end or note changed; its end recorded once,
    // at the cluster's time when it told one, else when AlertDesk noticed.
    void historyRecordsEachSilenceOnceAndItsEnd()
    {
        QTemporaryDir tmp;
        QString error;
        auto db = Database::open(tmp.filePath(QStringLiteral("history.db")), &error);
        QVERIFY2(db, qPrintable(error));
        Alert a = goldenAlert();
        QVERIFY2(AlertStore(*db).insert(a, &error), qPrintable(error));
        LifecycleStore store(*db);
        constexpr qint64 kNow = 1796000000000;
        const ClusterSilence ben = silence(
            QStringLiteral("s-ben"), QStringLiteral("ben"), kNow + 3600000, QStringLiteral("feed maintenance"));
        const ClusterSilence eve
            = silence(QStringLiteral("s-eve"), QStringLiteral("eve"), kNow + 7200000, QStringLiteral("known issue"));

        QCOMPARE(store.recordClusterSilences(a.id, AlertState::Open, { ben }, {}, kNow, &error), 1);
        QCOMPARE(store.recordClusterSilences(a.id, AlertState::Open, { ben }, {}, kNow + 60000, &error), 0);
        QCOMPARE(store.recordClusterSilences(a.id, AlertState::Open, { ben, eve }, {}, kNow + 120000, &error), 1);
        ClusterSilence longer = ben;
        longer.endsAt = longer.endsAt.addSecs(3600);
        QCOMPARE(store.recordClusterSilences(a.id, AlertState::Open, { longer, eve }, {}, kNow + 180000, &error), 1);

        // Ben's expired early (the cluster says when); Eve's vanished without a word.
        ClusterSilence benEnd = ben;
        benEnd.endsAt = QDateTime::fromMSecsSinceEpoch(kNow + 200000, Qt::UTC);
        QCOMPARE(store.recordClusterSilences(a.id, AlertState::Acknowledged, {}, { benEnd }, kNow + 240000, &error), 2);
        QCOMPARE(store.recordClusterSilences(a.id, AlertState::Acknowledged, {}, {}, kNow + 300000, &error), 0);

        const QList<AlertEvent> events = store.events(a.id);
        QCOMPARE(events.size(), 5);
        QCOMPARE(events[0].kind, AlertEvent::Kind::ClusterSilenced);
        QCOMPARE(events[0].source, EventSource::Cluster);
        QCOMPARE(events[0].silence, ben);
        QCOMPARE(events[0].note, QStringLiteral("feed maintenance"));
        QCOMPARE(events[0].from, AlertState::Open);
        QCOMPARE(events[0].to, AlertState::Open);
        QCOMPARE(events[1].silence, eve);
        QCOMPARE(events[2].silence, longer);
        QCOMPARE(events[3].kind, AlertEvent::Kind::ClusterSilenceEnded);
        QCOMPARE(events[3].silence.id, QStringLiteral("s-ben"));
        QCOMPARE(events[3].silence.endsAt, benEnd.endsAt);
        QCOMPARE(events[3].to, AlertState::Acknowledged);
        QCOMPARE(events[4].kind, AlertEvent::Kind::ClusterSilenceEnded);
        QCOMPARE(events[4].silence.id, QStringLiteral("s-eve"));
        QCOMPARE(events[4].silence.endsAt.toMSecsSinceEpoch(), kNow + 240000);
        QCOMPARE(events[4].toJson().value(QStringLiteral("kind")).toString(), QStringLiteral("cluster_silence_ended"));
    }
};

QTEST_GUILESS_MAIN(TestClusterSilences)
#include "TestClusterSilences.moc"
