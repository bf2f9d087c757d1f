// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "ScriptedHttpServer.h"
#include "TestKeychain.h"
#include "TestProfile.h"

#include "storage/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace alertdesk;
using namespace alertdesk::test;

// `alertdesk-cli run` SIGKILLed at random moments while a bot posts alerts one by one through
// the ingest API and three receivers take the deliveries: every alert answered 202 is in the
// history and reached every channel, and a repeated delivery carries the first one's
// Idempotency-Key. With a slow receiver, deliveries are in flight at the kills: repeats
// happen, and are counted.
class TestCliCrashLoop final : public QObject {
    Q_OBJECT

    static constexpr int kKills = 20;
    static constexpr int kAlerts = 300;

    // A bot that posts alerts one at a time and, when an answer is lost, posts the same alert
    // again (same dedup_key) once the API is back: a committed one is then answered as a repeat.
    class Bot final {
    public:
        explicit Bot(QByteArray token)
            : m_token(std::move(token))
        {
        }

        // The API is up on port (0: down; a request in flight finishes on its own).
        void setPort(quint16 port)
        {
            m_port = port;
            post();
        }
        // Posts until this many alerts are accepted.
        void setLimit(int accepted)
        {
            m_limit = accepted;
            post();
        }
        int limit() const { return m_limit; }

        int acceptedCount() const { return static_cast<int>(m_accepted.size()); }
        const QHash<int, QString>& accepted() const { return m_accepted; } // alert number -> id
        const QStringList& failures() const { return m_failures; }
        int lostAnswers() const { return m_lostAnswers; }

    private:
        void post()
        {
            if (m_port == 0 || m_inFlight || acceptedCount() >= m_limit)
                return;
            const int n = m_next;
            QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/alerts").arg(m_port)));
            req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            req.setRawHeader("Authorization", "Bearer " + m_token);
            req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
            const QJsonObject alert { { QStringLiteral("type"), QStringLiteral("PRICE") },
                { QStringLiteral("priority"), QStringLiteral("HIGH") },
                { QStringLiteral("title"), QStringLiteral("crash loop %1").arg(n) },
                { QStringLiteral("message"), QStringLiteral("alert %1 of the crash loop").arg(n) },
                { QStringLiteral("dedup_key"), QStringLiteral("crash-loop-%1").arg(n) } };
            m_inFlight = true;
            QNetworkReply* reply = m_nam.post(req, QJsonDocument(alert).toJson(QJsonDocument::Compact));
            QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply, n] {
                reply->deleteLater();
                m_inFlight = false;
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status == 202) {
                    const QString id
                        = QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("id")).toString();
                    if (m_accepted.contains(n) && m_accepted.value(n) != id)
                        m_failures << QStringLiteral("alert %1 was answered with two ids").arg(n);
                    m_accepted.insert(n, id);
                    ++m_next;
                } else if (status != 0) {
                    m_failures << QStringLiteral("alert %1: %2 %3")
                                      .arg(n)
                                      .arg(status)
                                      .arg(QString::fromUtf8(reply->readAll()));
                    ++m_next;
                } else {
                    ++m_lostAnswers; // killed before its answer: posted again
                    m_nam.clearConnectionCache();
                }
                post();
            });
        }

        QNetworkAccessManager m_nam;
        QByteArray m_token;
        quint16 m_port = 0;
        bool m_inFlight = false;
        int m_limit = 0;
        int m_next = 0;
        int m_lostAnswers = 0;
        QHash<int, QString> m_accepted;
        QStringList m_failures;
    };

    QStringList m_profilesToPurge;

    static quint16 ingestPort(const QByteArray& err)
    {
        static const QRegularExpression re(QStringLiteral("ingest API on http://127\\.0\\.0\\.1:(\\d+)/v1/"));
        return static_cast<quint16>(re.match(QString::fromUtf8(err)).captured(1).toUInt());
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = secretServiceProblem();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
    }

    void cleanupTestCase()
    {
        for (const QString& dir : std::as_const(m_profilesToPurge))
            purgeProfileSecrets(dir);
    }

    void crashLoop_data()
    {
        QTest::addColumn<int>("slowReplyMs"); // one receiver answers this late
        QTest::newRow("prompt receivers") << 0;
        QTest::newRow("a slow receiver") << 250;
    }

    void crashLoop()
    {
        QFETCH(int, slowReplyMs);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        m_profilesToPurge << dir.path();
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());

        const QStringList channels { QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma") };
        std::vector<std::unique_ptr<ScriptedHttpServer>> receivers;
        for (const QString& c : channels) {
            receivers.push_back(std::make_unique<ScriptedHttpServer>());
            QVERIFY(receivers.back()->listen());
            const CliResult add = cli.addWebhook(c, receivers.back()->url(QStringLiteral("/") + c));
            QVERIFY2(add.exitedWith(0), qPrintable(add.describe()));
        }
        if (slowReplyMs > 0)
            receivers.back()->setHandler(
                [slowReplyMs](const RecordedRequest&) { return ScriptedResponse::ok().after(slowReplyMs); });
        const CliResult port = cli.run(
            { QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("ingest.port"), QStringLiteral("0") });
        QVERIFY2(port.exitedWith(0), qPrintable(port.describe()));
        const CliResult token = cli.run({ QStringLiteral("api-token") });
        QVERIFY2(token.exitedWith(0), qPrintable(token.describe()));

        const quint32 seed = QRandomGenerator::global()->generate();
        QRandomGenerator random(seed);
        qInfo("seed %u", seed);
        Bot bot(token.out.trimmed());
        int kills = 0;
        std::unique_ptr<CliProcess> run;
        auto startRun = [&] {
            run = cli.start({ QStringLiteral("run") });
            return run != nullptr;
        };
        auto waitForApi = [&] {
            const bool up = run->waitForStderr("ingest API on", 20000);
            if (up)
                bot.setPort(ingestPort(run->err()));
            return up;
        };

        while (kills < kKills) {
            QVERIFY(startRun());
            // The bot's posts are spread over the runs: about kAlerts / kKills per run.
            bot.setLimit(std::min(kAlerts, (kills + 1) * (kAlerts / kKills)));
            bool due = false;
            QTimer timer;
            timer.setSingleShot(true);
            connect(&timer, &QTimer::timeout, &timer, [&] { due = true; });
            if (random.bounded(4) == 0) {
                // A quarter of the kills strike whatever the engine is doing early on (opening
                // the history, resuming the outbox, starting the API).
                timer.start(random.bounded(0, 300));
                QVERIFY(waitUntil([&] { return due || run->err().contains("ingest API on"); }, 20000));
                if (!due) {
                    bot.setPort(ingestPort(run->err()));
                    QVERIFY(waitUntil([&] { return due; }, 20000));
                }
            } else {
                // The rest while the bot posts: after a random number of this run's alerts and
                // a random few milliseconds more.
                QVERIFY2(waitForApi(), qPrintable(run->result().describe()));
                const int after = random.bounded(bot.acceptedCount(), bot.limit()) + 1;
                QVERIFY2(waitUntil([&] { return bot.acceptedCount() >= after; }, 20000),
                    qPrintable(QStringLiteral("%1 of %2 alerts accepted").arg(bot.acceptedCount()).arg(after)));
                timer.start(random.bounded(0, 30));
                QVERIFY(waitUntil([&] { return due; }, 20000));
            }
            run->kill();
            bot.setPort(0);
            QVERIFY(run->waitForFinished(10000));
            cli.record(*run);
            QCOMPARE(run->result().exitStatus, QProcess::CrashExit);
            ++kills;
        }

        // The last instance lives: the bot goes on to its count, and every delivery lands.
        QVERIFY(startRun());
        bot.setLimit(kAlerts);
        QVERIFY2(waitForApi(), qPrintable(run->result().describe()));
        QVERIFY2(waitUntil([&] { return bot.acceptedCount() >= kAlerts; }, 60000),
            qPrintable(QStringLiteral("%1 alerts accepted").arg(bot.acceptedCount())));
        QVERIFY2(bot.failures().isEmpty(), qPrintable(bot.failures().join(QLatin1Char('\n'))));
        const QHash<int, QString> accepted = bot.accepted();

        // (alert id, channel) -> the Idempotency-Keys of its requests, in order.
        auto received = [&] {
            QHash<QPair<QString, QString>, QList<QByteArray>> out;
            for (size_t i = 0; i < receivers.size(); ++i) {
                for (const RecordedRequest& r : receivers[i]->requests()) {
                    const QString id
                        = r.json().value(QStringLiteral("alert")).toObject().value(QStringLiteral("id")).toString();
                    out[{ id, channels[static_cast<int>(i)] }] << r.header("Idempotency-Key");
                }
            }
            return out;
        };
        auto missing = [&] {
            const auto got = received();
            int n = 0;
            for (const QString& id : accepted) {
                for (const QString& c : channels)
                    n += got.contains({ id, c }) ? 0 : 1;
            }
            return n;
        };
        QVERIFY2(waitUntil([&] { return missing() == 0; }, 60000),
            qPrintable(QStringLiteral("%1 deliveries of accepted alerts never arrived").arg(missing())));
        run->terminate();
        QVERIFY(run->waitForFinished(10000));
        cli.record(*run);
        QVERIFY2(run->result().exitedWith(0), qPrintable(run->result().describe()));

        // Every accepted alert is in the history, and the history is sound.
        QString error;
        auto db = Database::open(dir.path() + QStringLiteral("/history.db"), &error, Database::Mode::ReadOnly);
        QVERIFY2(db, qPrintable(error));
        QSqlQuery integrity(db->db());
        QVERIFY(integrity.exec(QStringLiteral("PRAGMA integrity_check")) && integrity.next());
        QCOMPARE(integrity.value(0).toString(), QStringLiteral("ok"));
        QSet<QString> stored;
        QSqlQuery all(db->db());
        QVERIFY(all.exec(QStringLiteral("SELECT id FROM alerts")));
        while (all.next())
            stored.insert(all.value(0).toString());
        int lost = 0;
        for (auto it = accepted.begin(); it != accepted.end(); ++it) {
            if (!stored.contains(it.value())) {
                ++lost;
                qWarning("alert %d (%s) was answered 202 and is not in the history", it.key(), qPrintable(it.value()));
            }
        }
        // No alert twice for one reposted alert: the repeats were recognised by their dedup_key.
        QSqlQuery titles(db->db());
        QVERIFY(titles.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT title) FROM alerts")) && titles.next());
        QCOMPARE(titles.value(0).toInt(), titles.value(1).toInt());
        QCOMPARE(stored.size(), accepted.size());

        // Repeats only ever with the first delivery's Idempotency-Key.
        int duplicates = 0;
        const auto got = received();
        for (auto it = got.begin(); it != got.end(); ++it) {
            QVERIFY2(stored.contains(it.key().first),
                qPrintable(QStringLiteral("a delivery of unknown alert %1").arg(it.key().first)));
            for (const QByteArray& key : it.value())
                QVERIFY2(key == it.value().first() && !key.isEmpty(),
                    qPrintable(QStringLiteral("alert %1 reached %2 with keys %3 and %4")
                                   .arg(it.key().first, it.key().second, QString::fromLatin1(it.value().first()),
                                       QString::fromLatin1(key))));
            duplicates += static_cast<int>(it.value().size()) - 1;
        }
        qInfo("crash loop (%s): kills %d, accepted %d, lost %d, duplicates %d, answers lost to a kill %d, requests %d",
            QTest::currentDataTag(), kills, static_cast<int>(accepted.size()), lost, duplicates, bot.lostAnswers(),
            static_cast<int>(
                receivers[0]->requestCount() + receivers[1]->requestCount() + receivers[2]->requestCount()));
        QCOMPARE(lost, 0);
        QCOMPARE(kills, kKills);
        QCOMPARE(accepted.size(), kAlerts);
        // A slow receiver has deliveries in flight at the kills: they are sent again.
        if (slowReplyMs > 0)
            QVERIFY2(duplicates > 0, "no delivery was in flight at any kill: the slow receiver tested nothing");
    }
};

QTEST_GUILESS_MAIN(TestCliCrashLoop)
#include "TestCliCrashLoop.moc"
