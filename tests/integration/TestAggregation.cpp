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
#include "storage/AlertStore.h"
#include "storage/OutboxStore.h"
#include "storage/PolicyStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>

#include "storage/Database.h"

using namespace alertdesk;
using namespace alertdesk::test;

// Grouping with group wait / group interval on a fake clock, and the storm: 1,000 alerts in
// ten seconds reach a rate-limited receiver as a handful of digests, counted message by message.
class TestAggregation final : public QObject {
    Q_OBJECT

    static constexpr qint64 kSec = 1000;

    struct Fixture {
        FakeClock clock;
        TestProfile profile{&clock};
        ScriptedHttpServer server;
        qint64 t0 = 0;
        bool ok = false;

        Fixture(const QByteArray& policies, const QJsonObject& slackSettings = {})
        {
            if (!profile.isValid() || !server.listen())
                return;
            if (!profile.addWebhook(QStringLiteral("slack"), server.url(QStringLiteral("/slack")), slackSettings).isEmpty()
                || !profile.addWebhook(QStringLiteral("hook"), server.url(QStringLiteral("/hook"))).isEmpty())
                return;
            QString error;
            if (!profile.engine().profile().setPolicies(QJsonDocument::fromJson(policies).object(), &error)) {
                qWarning() << error;
                return;
            }
            profile.engine().notifications().dispatcher().setPollIntervalMs(0);
            profile.engine().policy().setPollIntervalMs(0);
            profile.engine().lifecycle().setPollIntervalMs(0);
            t0 = clock.nowMs();
            ok = profile.start().isEmpty();
        }
        Engine& engine() { return profile.engine(); }
        std::optional<Admission> submit(const QString& symbol, const QString& priority = QStringLiteral("MEDIUM"),
                                        const QStringList& channels = {QStringLiteral("slack")}, const QString& title = {})
        {
            const QJsonObject o{{QStringLiteral("type"), QStringLiteral("PRICE")},
                                {QStringLiteral("priority"), priority},
                                {QStringLiteral("title"), title.isEmpty() ? symbol + QStringLiteral(" moved") : title},
                                {QStringLiteral("symbol"), symbol},
                                {QStringLiteral("channels"), QJsonArray::fromStringList(channels)}};
            AlertParseResult r = parseAlert(o, clock.now());
            FieldError fe;
            auto adm = r.ok() ? engine().alertManager().admit(*r.alert, &fe) : std::nullopt;
            if (!adm)
                qWarning() << fe.toString();
            return adm;
        }
        void at(qint64 ms) { clock.advance(t0 + ms - clock.nowMs()); }
        QJsonObject sent(int i) { return server.requests().at(i).json().value(QStringLiteral("alert")).toObject(); }
        // Lets every send that is due finish before fake time moves on.
        bool settle()
        {
            QCoreApplication::processEvents();
            return waitUntil([&] { return engine().notifications().dispatcher().inFlightCount() == 0; });
        }
    };

    static QByteArray grouping(const char* extra = "")
    {
        return QByteArray(R"({"aggregation":{"group_wait_seconds":30,"group_interval_seconds":300)") + extra + "}}";
    }

private Q_SLOTS:
    void groupWaitThenGroupInterval()
    {
        Fixture f(grouping());
        QVERIFY(f.ok);
        const auto a1 = f.submit(QStringLiteral("BTCUSDT"));
        QVERIFY(a1 && a1->plan.queued.isEmpty());
        QCOMPARE(a1->plan.held.first().reason, HoldReason::Grouping);
        QCOMPARE(a1->plan.held.first().until.toMSecsSinceEpoch(), f.t0 + 30 * kSec);
        f.at(10 * kSec);
        const auto a2 = f.submit(QStringLiteral("BTCUSDT"), QStringLiteral("HIGH"));
        QCOMPARE(a2->plan.held.first().until.toMSecsSinceEpoch(), f.t0 + 30 * kSec); // joins the waiting group
        f.at(12 * kSec);
        const auto b1 = f.submit(QStringLiteral("ETHUSDT"));
        QCOMPARE(b1->plan.held.first().until.toMSecsSinceEpoch(), f.t0 + 42 * kSec); // a group of its own

        f.at(30 * kSec - 1);
        QCOMPARE(f.server.requestCount(), 0);
        f.at(30 * kSec);
        QVERIFY(f.server.waitForRequests(1));
        QCOMPARE(f.sent(0).value(QStringLiteral("title")).toString(), QStringLiteral("2 alerts: PRICE BTCUSDT"));
        QCOMPARE(f.sent(0).value(QStringLiteral("priority")).toString(), QStringLiteral("HIGH"));
        QCOMPARE(f.sent(0).value(QStringLiteral("symbol")).toString(), QStringLiteral("BTCUSDT"));
        f.at(42 * kSec);
        QVERIFY(f.server.waitForRequests(2));
        QCOMPARE(f.sent(1).value(QStringLiteral("id")).toString(), b1->alert.id); // alone: sent as itself

        // After a flush the group's next alerts wait for the group interval.
        f.at(60 * kSec);
        const auto a3 = f.submit(QStringLiteral("BTCUSDT"));
        QCOMPARE(a3->plan.held.first().until.toMSecsSinceEpoch(), f.t0 + 330 * kSec);
        f.at(100 * kSec);
        QVERIFY(f.submit(QStringLiteral("BTCUSDT")));
        f.at(330 * kSec);
        QVERIFY(f.server.waitForRequests(3));
        QCOMPARE(f.sent(2).value(QStringLiteral("title")).toString(), QStringLiteral("2 alerts: PRICE BTCUSDT"));
        // Long after, a new storm starts with the group wait again.
        f.at(1000 * kSec);
        const auto a5 = f.submit(QStringLiteral("BTCUSDT"));
        QCOMPARE(a5->plan.held.first().until.toMSecsSinceEpoch(), f.t0 + 1030 * kSec);
    }

    void onlyTheChannelsAndAlertsConfigured()
    {
        Fixture f(grouping(R"(,"channels":["slack"],"match":{"priorities":["HIGH","MEDIUM","LOW","INFO"]})"));
        QVERIFY(f.ok);
        const auto a = f.submit(QStringLiteral("BTCUSDT"), QStringLiteral("MEDIUM"), {QStringLiteral("slack"), QStringLiteral("hook")});
        QVERIFY(a);
        QCOMPARE(a->plan.queued, QStringList{QStringLiteral("hook")});
        QCOMPARE(a->plan.held.size(), 1);
        const auto critical = f.submit(QStringLiteral("BTCUSDT"), QStringLiteral("CRITICAL"));
        QCOMPARE(critical->plan.queued, QStringList{QStringLiteral("slack")});
        QVERIFY(f.server.waitForRequests(2));
    }

    void acknowledgedBeforeTheFlushIsLeftOut()
    {
        Fixture f(grouping());
        QVERIFY(f.ok);
        const auto a = f.submit(QStringLiteral("BTCUSDT"));
        const auto b = f.submit(QStringLiteral("BTCUSDT"));
        const auto c = f.submit(QStringLiteral("BTCUSDT"));
        QVERIFY(a && b && c);
        QVERIFY(f.engine().lifecycle().resolve(b->alert.id, {}, EventSource::UI).ok());
        f.at(30 * kSec);
        QVERIFY(f.server.waitForRequests(1));
        QCOMPARE(f.sent(0)[QStringLiteral("data")][QStringLiteral("digest")][QStringLiteral("count")].toInt(), 2);
        QCOMPARE(f.engine().policyStore().heldFor(b->alert.id).first().status, QStringLiteral("dropped"));
    }

    void storm()
    {
        Fixture f(R"({"aggregation":{"group_wait_seconds":2,"group_interval_seconds":5}})",
                  QJsonObject{{QStringLiteral("rate_per_second"), 1}});
        QVERIFY(f.ok);
        // A Slack-like receiver on fake time: faster than one message a second gets a 429.
        QList<qint64> receivedAt;
        int tooFast = 0;
        f.server.setHandler([&](const RecordedRequest&) {
            const qint64 now = f.clock.nowMs();
            if (!receivedAt.isEmpty() && now - receivedAt.last() < 1000) {
                ++tooFast;
                return ScriptedResponse::withStatus(429, "rate_limited").header("Retry-After", "1");
            }
            receivedAt << now;
            return ScriptedResponse::ok();
        });

        QElapsedTimer real;
        real.start();
        const QStringList symbols{QStringLiteral("BTCUSDT"), QStringLiteral("ETHUSDT")};
        for (int i = 0; i < 1000; ++i) {
            QVERIFY(f.submit(symbols.at(i % 2), i % 100 < 2 ? QStringLiteral("HIGH") : QStringLiteral("MEDIUM"), {QStringLiteral("slack")},
                             QStringLiteral("tick %1").arg(i)));
            f.clock.advance(10); // 1,000 alerts in 10 s
            QVERIFY(f.settle());
        }
        for (qint64 t = f.clock.nowMs(); t < f.t0 + 30 * kSec; t += 100) {
            f.clock.advance(100);
            QVERIFY(f.settle());
        }
        const qint64 realMs = real.elapsed();

        // Message by message: every request is a digest, the counts add up to 1,000.
        const QList<DigestRecord> digests = f.engine().policyStore().digests(QStringLiteral("slack"));
        QCOMPARE(f.server.requestCount(), static_cast<int>(digests.size()));
        QVERIFY2(digests.size() <= 6, qPrintable(QString::number(digests.size())));
        int total = 0;
        QHash<QString, int> perSymbol;
        for (int i = 0; i < f.server.requestCount(); ++i) {
            const QJsonObject alert = f.sent(i);
            const QJsonObject info = alert[QStringLiteral("data")][QStringLiteral("digest")].toObject();
            const int n = info.value(QStringLiteral("count")).toInt();
            QVERIFY(n > 1);
            total += n;
            perSymbol[alert.value(QStringLiteral("symbol")).toString()] += n;
            QVERIFY2(alert.value(QStringLiteral("title")).toString().startsWith(QStringLiteral("%1 alerts: PRICE ").arg(n)),
                     qPrintable(alert.value(QStringLiteral("title")).toString()));
            QVERIFY(alert.value(QStringLiteral("message")).toString().size() < 3000); // one Slack section
            QCOMPARE(alert.value(QStringLiteral("priority")).toString(), QStringLiteral("HIGH"));
        }
        QCOMPARE(total, 1000);
        QCOMPARE(perSymbol.value(QStringLiteral("BTCUSDT")), 500);
        QCOMPARE(perSymbol.value(QStringLiteral("ETHUSDT")), 500);
        // Within the receiver's pace, never told to slow down.
        QCOMPARE(tooFast, 0);
        for (qsizetype i = 1; i < receivedAt.size(); ++i)
            QVERIFY(receivedAt[i] - receivedAt[i - 1] >= 1000);

        // The history keeps all 1,000, each one tied to the digest that carried it.
        QCOMPARE(f.engine().alerts().count(), 1000);
        QSqlQuery q(f.engine().database().db());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT alert_id) FROM held_notifications "
                                      "WHERE status = 'released' AND digest_id IS NOT NULL")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1000);
        QCOMPARE(q.value(1).toInt(), 1000);
        for (const DigestRecord& d : digests)
            QCOMPARE(f.engine().outbox().get(d.deliveryId)->status, DeliveryStatus::Delivered);
        qInfo().noquote() << QStringLiteral("storm: 1000 alerts -> %1 messages (%2), %3 ms real time")
                                 .arg(digests.size())
                                 .arg([&] {
                                     QStringList counts;
                                     for (const DigestRecord& d : digests)
                                         counts << QString::number(d.count);
                                     return counts.join(QLatin1Char('+'));
                                 }())
                                 .arg(realMs);
    }
};

QTEST_GUILESS_MAIN(TestAggregation)
#include "TestAggregation.moc"
