// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertmanagerCluster.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTimer>
#include <QUdpSocket>
#include <QUrlQuery>

namespace alertdesk::test {

namespace {
// A port free for TCP and UDP alike (the cluster's gossip speaks both on one port).
int freePort()
{
    for (int i = 0; i < 50; ++i) {
        QTcpServer tcp;
        if (!tcp.listen(QHostAddress::LocalHost, 0))
            continue;
        QUdpSocket udp;
        if (udp.bind(QHostAddress::LocalHost, tcp.serverPort()))
            return tcp.serverPort();
    }
    return 0;
}

void pump(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}
} // namespace

AlertmanagerCluster::AlertmanagerCluster() = default;

AlertmanagerCluster::~AlertmanagerCluster()
{
    for (int i = 0; i < size(); ++i)
        kill(i);
}

bool AlertmanagerCluster::available()
{
    return QFileInfo(QString::fromLatin1(kBinary)).isExecutable();
}

QString AlertmanagerCluster::start(int nodes, const QString& receiverUrl, const QString& bearerToken)
{
    if (!m_dir.isValid())
        return QStringLiteral("no temporary folder");
    // Notifications go nowhere unless a receiver is given; group_wait short so a test sees them.
    QByteArray config = "route:\n  receiver: desk\n  group_by: ['alertdesk_id']\n  group_wait: 100ms\n"
                        "  group_interval: 1s\n  repeat_interval: 1h\nreceivers:\n  - name: desk\n";
    if (!receiverUrl.isEmpty())
        config += "    webhook_configs:\n      - url: '" + receiverUrl.toUtf8() + "'\n        send_resolved: true\n";
    if (!receiverUrl.isEmpty() && !bearerToken.isEmpty())
        config += "        http_config:\n          authorization:\n            type: Bearer\n            credentials: '"
            + bearerToken.toUtf8() + "'\n";
    const QString configPath = m_dir.filePath(QStringLiteral("alertmanager.yml"));
    QFile f(configPath);
    if (!f.open(QIODevice::WriteOnly) || f.write(config) != config.size())
        return QStringLiteral("cannot write %1").arg(configPath);
    f.close();

    for (int i = 0; i < nodes; ++i) {
        auto n = std::make_shared<Node>();
        n->webPort = freePort();
        n->clusterPort = freePort();
        if (n->webPort == 0 || n->clusterPort == 0)
            return QStringLiteral("no free port");
        m_nodes << n;
    }
    for (int i = 0; i < nodes; ++i) {
        Node& n = *m_nodes[i];
        QStringList args { QStringLiteral("--config.file=") + configPath,
            QStringLiteral("--storage.path=") + m_dir.filePath(QStringLiteral("node%1").arg(i)),
            QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(n.webPort),
            QStringLiteral("--cluster.listen-address=127.0.0.1:%1").arg(n.clusterPort),
            QStringLiteral("--cluster.advertise-address=127.0.0.1:%1").arg(n.clusterPort),
            // Quick gossip keeps the settling at start (10 gossip intervals) short.
            QStringLiteral("--cluster.gossip-interval=50ms"), QStringLiteral("--cluster.pushpull-interval=2s"),
            QStringLiteral("--log.level=warn") };
        for (int j = 0; j < nodes; ++j) {
            if (j != i)
                args << QStringLiteral("--cluster.peer=127.0.0.1:%1").arg(m_nodes[j]->clusterPort);
        }
        n.process = std::make_unique<QProcess>();
        n.process->setProcessChannelMode(QProcess::SeparateChannels);
        Node* raw = &n;
        QObject::connect(n.process.get(), &QProcess::readyReadStandardError, n.process.get(),
            [raw] { raw->log += raw->process->readAllStandardError(); });
        n.process->start(QString::fromLatin1(kBinary), args);
        if (!n.process->waitForStarted(5000))
            return QStringLiteral("%1 did not start: %2").arg(QString::fromLatin1(kBinary), n.process->errorString());
    }
    // Ready (settled) and every node sees the others: polled with a deadline.
    QDeadlineTimer deadline(30000);
    for (int i = 0; i < nodes; ++i) {
        for (;;) {
            int status = 0;
            get(i, QStringLiteral("/-/ready"), &status);
            const QJsonArray peers = getObject(i, QStringLiteral("/api/v2/status"))
                                         .value(QStringLiteral("cluster"))
                                         .toObject()
                                         .value(QStringLiteral("peers"))
                                         .toArray();
            if (status == 200 && peers.size() == nodes)
                break;
            if (deadline.hasExpired() || m_nodes[i]->process->state() != QProcess::Running)
                return QStringLiteral("node %1 not ready with %2 peers: %3").arg(i).arg(nodes).arg(log(i));
            pump(50);
        }
    }
    return {};
}

QString AlertmanagerCluster::url(int node) const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_nodes.at(node)->webPort);
}

QStringList AlertmanagerCluster::urls() const
{
    QStringList out;
    for (int i = 0; i < size(); ++i)
        out << url(i);
    return out;
}

void AlertmanagerCluster::kill(int node)
{
    QProcess* p = m_nodes.at(node)->process.get();
    if (!p || p->state() == QProcess::NotRunning)
        return;
    p->kill();
    p->waitForFinished(5000);
}

bool AlertmanagerCluster::isRunning(int node) const
{
    const QProcess* p = m_nodes.at(node)->process.get();
    return p && p->state() == QProcess::Running;
}

QByteArray AlertmanagerCluster::get(int node, const QString& pathAndQuery, int* status)
{
    return send(node, "GET", pathAndQuery, {}, status);
}

QByteArray AlertmanagerCluster::send(
    int node, const QByteArray& verb, const QString& pathAndQuery, const QByteArray& body, int* status)
{
    QNetworkRequest req(QUrl(url(node) + pathAndQuery));
    req.setTransferTimeout(5000);
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply* reply = m_nam.sendCustomRequest(req, verb, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = reply->readAll();
    reply->deleteLater();
    return answer;
}

QJsonArray AlertmanagerCluster::getArray(int node, const QString& pathAndQuery)
{
    int status = 0;
    return QJsonDocument::fromJson(get(node, pathAndQuery, &status)).array();
}

QJsonObject AlertmanagerCluster::getObject(int node, const QString& pathAndQuery)
{
    int status = 0;
    return QJsonDocument::fromJson(get(node, pathAndQuery, &status)).object();
}

QJsonArray AlertmanagerCluster::alertsFor(int node, const QString& alertdeskId)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("filter"), QStringLiteral("alertdesk_id=\"%1\"").arg(alertdeskId));
    return getArray(node, QStringLiteral("/api/v2/alerts?") + q.toString(QUrl::FullyEncoded));
}

QString AlertmanagerCluster::silence(
    int node, const QString& alertdeskId, const QString& createdBy, const QString& comment, qint64 endsAtMs)
{
    const QJsonObject matcher { { QStringLiteral("name"), QStringLiteral("alertdesk_id") },
        { QStringLiteral("value"), alertdeskId }, { QStringLiteral("isRegex"), false },
        { QStringLiteral("isEqual"), true } };
    const QJsonObject s { { QStringLiteral("matchers"), QJsonArray { matcher } },
        { QStringLiteral("startsAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) },
        { QStringLiteral("endsAt"), QDateTime::fromMSecsSinceEpoch(endsAtMs, Qt::UTC).toString(Qt::ISODateWithMs) },
        { QStringLiteral("createdBy"), createdBy }, { QStringLiteral("comment"), comment } };
    int status = 0;
    const QByteArray answer = send(
        node, "POST", QStringLiteral("/api/v2/silences"), QJsonDocument(s).toJson(QJsonDocument::Compact), &status);
    return status == 200 ? QJsonDocument::fromJson(answer).object().value(QStringLiteral("silenceID")).toString()
                         : QString();
}

int AlertmanagerCluster::expireSilence(int node, const QString& silenceId)
{
    int status = 0;
    send(node, "DELETE", QStringLiteral("/api/v2/silence/") + silenceId, {}, &status);
    return status;
}

QString AlertmanagerCluster::log(int node) const
{
    return QString::fromUtf8(m_nodes.at(node)->log.right(2000));
}

} // namespace alertdesk::test
