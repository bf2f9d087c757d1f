// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "TestProfile.h"

#include "sources/AlertmanagerBatch.h"
#include "sources/IngestServer.h"
#include "storage/AlertStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// A real Prometheus Alertmanager (Debian's prometheus-alertmanager, on loopback) whose webhook
// points at AlertDesk's ingest API: firing alerts become AlertDesk alerts, repeats stay one
// alert, and resolved ones resolve it.
class TestAlertmanagerReceiver final : public QObject {
    Q_OBJECT

    static constexpr char kToken[] = "adk_alertmanager-test-token";

    static quint16 freePort()
    {
        QTcpServer probe;
        return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
    }

    int postToAlertmanager(QNetworkAccessManager& nam, quint16 port, const QJsonArray& alerts)
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v2/alerts").arg(port)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply = nam.post(req, QJsonDocument(alerts).toJson(QJsonDocument::Compact));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(10000))
            return 0;
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    static QJsonObject amAlert(
        const QString& name, const QString& instance, const QString& severity, const QDateTime& endsAt = {})
    {
        QJsonObject o { { QStringLiteral("labels"),
                            QJsonObject { { QStringLiteral("alertname"), name },
                                { QStringLiteral("instance"), instance }, { QStringLiteral("severity"), severity },
                                { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") } } },
            { QStringLiteral("annotations"),
                QJsonObject { { QStringLiteral("summary"), QString(name + QStringLiteral(" on ") + instance) },
                    { QStringLiteral("description"), QStringLiteral("from Prometheus") } } },
            { QStringLiteral("generatorURL"), QStringLiteral("http://prometheus.local/graph") } };
        if (endsAt.isValid())
            o.insert(QStringLiteral("endsAt"), endsAt.toUTC().toString(Qt::ISODateWithMs));
        return o;
    }

private Q_SLOTS:
    void roundTrip()
    {
        const QString binary = QStandardPaths::findExecutable(QStringLiteral("prometheus-alertmanager"));
        if (binary.isEmpty())
            QSKIP("prometheus-alertmanager is not installed (scripts/install-deps.sh installs it)");

        TestProfile p; // system clock: Alertmanager keeps real time
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QCOMPARE(p.addWebhook(QStringLiteral("hook"), QStringLiteral("http://127.0.0.1:9/in")), QString());
        QVERIFY(p.setSetting(QStringLiteral("ingest.port"), QStringLiteral("0")));
        QString error;
        QVERIFY2(p.engine().startIngest(QString::fromLatin1(kToken), &error), qPrintable(error));
        const quint16 ingestPort = p.engine().ingestServer()->port();
        QList<int> statuses;
        connect(p.engine().ingestServer(), &IngestServer::requestFinished, this, [&](int s) { statuses << s; });

        QTemporaryDir dir;
        const quint16 amPort = freePort();
        QFile config(dir.filePath(QStringLiteral("alertmanager.yml")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("route:\n"
                                    "  receiver: alertdesk\n"
                                    "  group_by: ['alertname']\n"
                                    "  group_wait: 100ms\n"
                                    "  group_interval: 500ms\n"
                                    "  repeat_interval: 1h\n"
                                    "receivers:\n"
                                    "  - name: alertdesk\n"
                                    "    webhook_configs:\n"
                                    "      - url: http://127.0.0.1:%1/v1/alertmanager?channel=hook\n"
                                    "        send_resolved: true\n"
                                    "        http_config:\n"
                                    "          authorization:\n"
                                    "            type: Bearer\n"
                                    "            credentials: %2\n")
                         .arg(ingestPort)
                         .arg(QLatin1String(kToken))
                         .toUtf8());
        config.close();
        QProcess am;
        am.setProcessChannelMode(QProcess::MergedChannels);
        am.start(binary,
            { QStringLiteral("--config.file=") + config.fileName(),
                QStringLiteral("--storage.path=") + dir.filePath(QStringLiteral("data")),
                QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(amPort),
                QStringLiteral("--cluster.listen-address="), QStringLiteral("--log.level=warn") });
        QVERIFY(am.waitForStarted());
        QNetworkAccessManager nam;
        QVERIFY2(
            waitUntil([&] { return postToAlertmanager(nam, amPort, {}) == 200; }, 20000), am.readAll().constData());

        // Two alerts of one group fire: two AlertDesk alerts, each to the chosen channel.
        QCOMPARE(postToAlertmanager(nam, amPort,
                     { amAlert(QStringLiteral("OrderLatency"), QStringLiteral("bot-1"), QStringLiteral("critical")),
                         amAlert(QStringLiteral("OrderLatency"), QStringLiteral("bot-2"), QStringLiteral("warning")) }),
            200);
        QVERIFY2(waitUntil([&] { return p.engine().alerts().count() == 2; }, 20000), am.readAll().constData());
        QVERIFY(statuses.contains(200));
        const QList<Alert> created = p.engine().alerts().recent(2);
        Alert critical, warning;
        for (const Alert& a : created)
            (a.priority == Priority::Critical ? critical : warning) = a;
        QCOMPARE(critical.title, QStringLiteral("OrderLatency on bot-1"));
        QCOMPARE(critical.type, AlertType::Health);
        QCOMPARE(critical.symbol, QStringLiteral("BTCUSDT"));
        QCOMPARE(critical.channels, QStringList { QStringLiteral("hook") });
        QVERIFY(critical.dedupKey.startsWith(QStringLiteral("alertmanager:")));
        QCOMPARE(warning.priority, Priority::Medium);
        QCOMPARE(warning.title, QStringLiteral("OrderLatency on bot-2"));

        // bot-1 recovers: Alertmanager reports it resolved (and bot-2 still firing, again).
        const int before = static_cast<int>(statuses.size());
        QCOMPARE(postToAlertmanager(nam, amPort,
                     { amAlert(QStringLiteral("OrderLatency"), QStringLiteral("bot-1"), QStringLiteral("critical"),
                         QDateTime::currentDateTimeUtc().addSecs(-1)) }),
            200);
        QVERIFY2(waitUntil([&] { return p.engine().alerts().get(critical.id)->state == AlertState::Resolved; }, 20000),
            am.readAll().constData());
        QVERIFY(statuses.size() > before);
        QCOMPARE(p.engine().alerts().get(warning.id)->state, AlertState::Open);
        // The repeat of bot-2 did not make a second alert.
        QCOMPARE(p.engine().alerts().count(), 2);

        am.terminate();
        QVERIFY(am.waitForFinished(10000));
    }

    void wrongTokenIsRefused()
    {
        // What Alertmanager sees when its credentials are wrong: 401, and nothing stored.
        TestProfile p;
        QVERIFY(p.isValid());
        QCOMPARE(p.addWebhook(QStringLiteral("hook"), QStringLiteral("http://127.0.0.1:9/in")), QString());
        QVERIFY(p.setSetting(QStringLiteral("ingest.port"), QStringLiteral("0")));
        QString error;
        QVERIFY(p.engine().startIngest(QString::fromLatin1(kToken), &error));
        QNetworkAccessManager nam;
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1/v1/alertmanager").arg(p.engine().ingestServer()->port())));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        req.setRawHeader("Authorization", "Bearer adk_wrong");
        const QJsonObject body { { QStringLiteral("version"), QStringLiteral("4") },
            { QStringLiteral("alerts"),
                QJsonArray { QJsonObject { { QStringLiteral("status"), QStringLiteral("firing") },
                    { QStringLiteral("labels"), QJsonObject {} } } } } };
        QNetworkReply* reply = nam.post(req, QJsonDocument(body).toJson());
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
        QCOMPARE(p.engine().alerts().count(), 0);
        reply->deleteLater();
    }
};

QTEST_GUILESS_MAIN(TestAlertmanagerReceiver)
#include "TestAlertmanagerReceiver.moc"
