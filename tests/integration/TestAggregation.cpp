// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "channels/PayloadText.h"
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
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QTest>

#include "storage/Database.h"

using namespace alertdesk;
using namespace alertdesk::test;

// Grouping with group wait / group interval on a fake clock, and the storm: 1,000 alerts in
// ten seconds reach a rate-limited Slack webhook as a handful of digests, counted message by
// message at a scripted Slack server.
class TestAggregation final : public QObject {
    Q_OBJECT

    static constexpr qint64 kSec = 1000;

    struct Fixture {
        FakeClock clock;
        TestProfile profile { &clock };
        ScriptedHttpServer server;
        qint64 t0 = 0;
        bool ok = false;

        // "slack" is a webhook channel standing in for Slack, or (realSlack) the Slack channel
        // kind on an incoming webhook URL at the scripted server.
        explicit Fixture(const QByteArray& policies, const QJsonObject& slackSettings = {}, bool realSlack = false)
        {
            if (!profile.isValid() || !server.listen())
                return;
            const QString slackError = realSlack
                ? profile.addChannel(
                    ChannelConfig { QStringLiteral("slack"), QStringLiteral("slack"), true, slackSettings, {} },
                    { { QStringLiteral("webhook_urls"),
                        encodeSecretList({ server.url(QStringLiteral("/services/T0001/B0001/storm")) }) } })
                : profile.addWebhook(QStringLiteral("slack"), server.url(QStringLiteral("/slack")), slackSettings);
            if (!slackError.isEmpty()
                || !profile.addWebhook(QStringLiteral("hook"), server.url(QStringLiteral("/hook"))).isEmpty()) {
                qWarning() << slackError;
                return;
            }
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
            const QStringList& channels = { QStringLiteral("slack") }, const QString& title = {})
        {
            const QJsonObject o { { QStringLiteral("type"), QStringLiteral("PRICE") },
                { QStringLiteral("priority"), priority },
                { QStringLiteral("title"), title.isEmpty() ? symbol + QStringLiteral(" moved") : title },
                { QStringLiteral("symbol"), symbol },
                { QStringLiteral("channels"), QJsonArray::fromStringList(channels) } };
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
        // The digest waits in the lane of its most urgent alert, not behind a backlog of MEDIUM.
        const QList<DigestRecord> digests = f.engine().policyStore().digests(QStringLiteral("slack"));
        QCOMPARE(digests.size(), 1);
        QCOMPARE(f.engine().outbox().get(digests.first().deliveryId)->priority, Priority::High);
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
        const auto a = f.submit(
            QStringLiteral("BTCUSDT"), QStringLiteral("MEDIUM"), { QStringLiteral("slack"), QStringLiteral("hook") });
        QVERIFY(a);
        QCOMPARE(a->plan.queued, QStringList { QStringLiteral("hook") });
        QCOMPARE(a->plan.held.size(), 1);
        const auto critical = f.submit(QStringLiteral("BTCUSDT"), QStringLiteral("CRITICAL"));
        QCOMPARE(critical->plan.queued, QStringList { QStringLiteral("slack") });
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

    void storm_data()
    {
        QTest::addColumn<int>("paceMs");
        QTest::addColumn<int>("expected429");
        QTest::addColumn<QList<qint64>>("offsets"); // when Slack took each message, after the first alert
        // Slack's documented pace, which the channel keeps: never told to slow down. BTCUSDT's
        // flushes at 2, 7 and 12 s go at once; ETHUSDT's, due 10 ms later, wait for the pace.
        QTest::newRow("slack pace") << 1000 << 0 << QList<qint64> { 2000, 3000, 7000, 8000, 12000, 13000 };
        // A workspace stricter than documented (one message per 1.5 s): ETHUSDT's digest at
        // 3 s is told 429 with Retry-After: 2, and comes again at 5 s, as told; each time.
        QTest::newRow("stricter than documented")
            << 1500 << 3 << QList<qint64> { 2000, 5000, 7000, 10000, 12000, 15000 };
    }

    void storm()
    {
        QFETCH(int, paceMs);
        QFETCH(int, expected429);
        QFETCH(QList<qint64>, offsets);
        // The Slack channel kind (incoming webhook; its default pace is Slack's documented one
        // message a second) and a receiver that answers as Slack does, on fake time: 200 "ok",
        // and 429 with Retry-After to anything posted sooner than its pace after the last message.
        // Two groups (PRICE BTCUSDT, PRICE ETHUSDT), group wait 2 s, group interval 5 s, alerts
        // for 10 s: each group is flushed at 2 s (group wait), 7 s and 12 s (group interval),
        // and nothing is left after that: 6 Slack messages, no more.
        constexpr int kExpectedMessages = 6;
        Fixture f(R"({"aggregation":{"group_wait_seconds":2,"group_interval_seconds":5}})", {}, true);
        QVERIFY(f.ok);
        QCOMPARE(f.engine().notifications().channel(QStringLiteral("slack"))->kind(), QStringLiteral("slack"));
        QList<qint64> receivedAt;
        int tooFast = 0;
        qint64 retryAfterUntil = 0;
        bool retryAfterObeyed = true;
        f.server.setHandler([&](const RecordedRequest&) {
            const qint64 now = f.clock.nowMs();
            if (now < retryAfterUntil)
                retryAfterObeyed = false;
            if (!receivedAt.isEmpty() && now - receivedAt.last() < paceMs) {
                ++tooFast;
                const int retryAfterS = (paceMs + 999) / 1000;
                retryAfterUntil = now + retryAfterS * 1000;
                return ScriptedResponse::withStatus(429, "rate_limited")
                    .header("Retry-After", QByteArray::number(retryAfterS));
            }
            receivedAt << now;
            return ScriptedResponse::ok("ok");
        });

        QElapsedTimer real;
        real.start();
        const QStringList symbols { QStringLiteral("BTCUSDT"), QStringLiteral("ETHUSDT") };
        for (int i = 0; i < 1000; ++i) {
            QVERIFY(f.submit(symbols.at(i % 2), i % 100 < 2 ? QStringLiteral("HIGH") : QStringLiteral("MEDIUM"),
                { QStringLiteral("slack") }, QStringLiteral("tick %1").arg(i)));
            f.clock.advance(10); // 1,000 alerts in 10 s
            QVERIFY(f.settle());
        }
        for (qint64 t = f.clock.nowMs(); t < f.t0 + 30 * kSec; t += 100) {
            f.clock.advance(100);
            QVERIFY(f.settle());
        }
        const qint64 realMs = real.elapsed();

        // Message by message, as Slack received them: each is one digest whose header says how
        // many alerts of which group it carries, whose text summarises them, and whose details
        // hold the digest's own numbers.
        QCOMPARE(receivedAt.size(), kExpectedMessages);
        QCOMPARE(f.server.requestCount(), kExpectedMessages + tooFast);
        const QList<DigestRecord> digests = f.engine().policyStore().digests(QStringLiteral("slack"));
        QCOMPARE(digests.size(), kExpectedMessages);
        static const QRegularExpression header(QStringLiteral("^\U0001F7E0 (\\d+) alerts: PRICE (BTCUSDT|ETHUSDT)$"));
        int total = 0;
        QHash<QString, int> perSymbol, messagesPerSymbol;
        QSet<QString> digestIds;
        QSet<QByteArray> bodies; // a message told to wait comes again, the same
        for (const RecordedRequest& r : f.server.requests()) {
            if (bodies.contains(r.body))
                continue;
            bodies.insert(r.body);
            QCOMPARE(r.method, QByteArray("POST"));
            QCOMPARE(r.path, QByteArray("/services/T0001/B0001/storm"));
            const QJsonObject msg = r.json();
            const QJsonArray blocks = msg.value(QStringLiteral("blocks")).toArray();
            QCOMPARE(blocks.size(), 2); // header + the summary section
            const QString head = blocks.at(0)[QStringLiteral("text")][QStringLiteral("text")].toString();
            const QRegularExpressionMatch m = header.match(head);
            QVERIFY2(m.hasMatch(), qPrintable(head));
            const int n = m.captured(1).toInt();
            const QString symbol = m.captured(2);
            QVERIFY(n > 1);
            QCOMPARE(msg.value(QStringLiteral("text")).toString(),
                QStringLiteral("\U0001F7E0 HIGH: %1 alerts: PRICE %2").arg(n).arg(symbol));
            const QString summary = blocks.at(1)[QStringLiteral("text")][QStringLiteral("text")].toString();
            QVERIFY(summary.size() <= 3000); // one Slack section
            QVERIFY2(summary.startsWith(QStringLiteral("%1 alerts from ").arg(n)), qPrintable(summary));
            QVERIFY2(summary.contains(QStringLiteral("By type: %1 PRICE").arg(n)), qPrintable(summary));
            QVERIFY2(summary.contains(QStringLiteral("By symbol: %1 %2").arg(symbol).arg(n)), qPrintable(summary));
            QVERIFY2(summary.contains(QStringLiteral("By priority: ")) && summary.contains(QStringLiteral(" HIGH")),
                qPrintable(summary));
            QVERIFY2(summary.contains(QStringLiteral(" more in the AlertDesk history")), qPrintable(summary));
            // The details section carries the digest itself.
            QString details;
            for (const QJsonValue& b : msg[QStringLiteral("attachments")][0][QStringLiteral("blocks")].toArray()) {
                const QString t = b[QStringLiteral("text")][QStringLiteral("text")].toString();
                if (t.startsWith(QStringLiteral("Details\ndigest: ")))
                    details = t.mid(16);
            }
            const QJsonObject digest = QJsonDocument::fromJson(details.toUtf8()).object();
            QCOMPARE(digest.value(QStringLiteral("count")).toInt(), n);
            QCOMPARE(digest.value(QStringLiteral("group")).toString(), QStringLiteral("PRICE ") + symbol);
            QCOMPARE(digest.value(QStringLiteral("by_symbol")).toObject().value(symbol).toInt(), n);
            digestIds << digest.value(QStringLiteral("id")).toString();
            total += n;
            perSymbol[symbol] += n;
            ++messagesPerSymbol[symbol];
        }
        QCOMPARE(total, 1000);
        QCOMPARE(perSymbol.value(QStringLiteral("BTCUSDT")), 500);
        QCOMPARE(perSymbol.value(QStringLiteral("ETHUSDT")), 500);
        QCOMPARE(messagesPerSymbol.value(QStringLiteral("BTCUSDT")), 3);
        QCOMPARE(messagesPerSymbol.value(QStringLiteral("ETHUSDT")), 3);
        // Per group: the 2 s of the group wait (100 alerts), the next 5 s (250), the last 3 s (150).
        QList<int> counts;
        for (const DigestRecord& d : digests)
            counts << d.count;
        std::sort(counts.begin(), counts.end());
        QCOMPARE(counts, (QList<int> { 100, 100, 150, 150, 250, 250 }));
        QCOMPARE(digestIds.size(), kExpectedMessages);

        // Within Slack's pace: the first message at the end of the group wait, then at least a
        // second apart; never told to slow down (and a Retry-After, had one come, obeyed).
        QCOMPARE(bodies.size(), kExpectedMessages);
        QCOMPARE(receivedAt.first(), f.t0 + 2 * kSec);
        for (qsizetype i = 1; i < receivedAt.size(); ++i)
            QVERIFY2(receivedAt[i] - receivedAt[i - 1] >= paceMs,
                qPrintable(QString::number(receivedAt[i] - receivedAt[i - 1])));
        QVERIFY(retryAfterObeyed);
        QCOMPARE(tooFast, expected429);
        QList<qint64> at;
        for (qint64 t : receivedAt)
            at << t - f.t0;
        QCOMPARE(at, offsets);

        // The history keeps all 1,000, each one tied to the digest that carried it.
        QCOMPARE(f.engine().alerts().count(), 1000);
        QSqlQuery q(f.engine().database().db());
        QVERIFY(q.exec(QStringLiteral(
            "SELECT COUNT(*), COUNT(DISTINCT alert_id), COUNT(DISTINCT digest_id) FROM held_notifications "
            "WHERE status = 'released' AND digest_id IS NOT NULL")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1000);
        QCOMPARE(q.value(1).toInt(), 1000);
        QCOMPARE(q.value(2).toInt(), kExpectedMessages);
        int recorded = 0;
        for (const DigestRecord& d : digests) {
            QCOMPARE(f.engine().outbox().get(d.deliveryId)->status, DeliveryStatus::Delivered);
            recorded += d.count;
        }
        QCOMPARE(recorded, 1000);
        qInfo().noquote() << QStringLiteral(
            "storm: 1000 alerts -> %1 Slack messages (%2) at +%3 s, %4 answered 429, %5 ms real time")
                                 .arg(digests.size())
                                 .arg([&]() -> QString {
                                     QStringList counts;
                                     for (const DigestRecord& d : digests)
                                         counts << QString::number(d.count);
                                     return counts.join(QLatin1Char('+'));
                                 }())
                                 .arg([&]() -> QString {
                                     QStringList at;
                                     for (qint64 t : receivedAt)
                                         at << QString::number((t - f.t0) / 1000.0);
                                     return at.join(QLatin1Char(','));
                                 }())
                                 .arg(tooFast)
                                 .arg(realMs);
    }
};

QTEST_GUILESS_MAIN(TestAggregation)
#include "TestAggregation.moc"
