// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace alertdesk::test {

// Debian's prometheus-alertmanager (0.25), as a cluster of real processes on 127.0.0.1: each
// node with its own free ports and storage, gossiping with the others. Nodes are killed with
// their destructor (or kill()), never left behind.
class AlertmanagerCluster final {
public:
    static constexpr const char* kBinary = "/usr/bin/prometheus-alertmanager";

    AlertmanagerCluster();
    ~AlertmanagerCluster();

    static bool available();
    // Starts `nodes` peers and waits until each is ready and sees all the others; "" or why not.
    // receiverUrl: a webhook the cluster notifies (AlertDesk's POST /v1/alertmanager, with
    // bearerToken), or none.
    QString start(int nodes, const QString& receiverUrl = {}, const QString& bearerToken = {});

    int size() const { return static_cast<int>(m_nodes.size()); }
    QString url(int node) const; // http://127.0.0.1:PORT
    QStringList urls() const;
    void kill(int node); // SIGKILL, waits for the exit
    bool isRunning(int node) const;

    // GET <node>/api/v2/... : the JSON answer (array or object), or an empty array on failure.
    QJsonArray getArray(int node, const QString& pathAndQuery);
    QJsonObject getObject(int node, const QString& pathAndQuery);
    // The node's alerts carrying alertdesk_id=id (active, silenced and inhibited).
    QJsonArray alertsFor(int node, const QString& alertdeskId);
    // A colleague's silence made straight on a node, as Alertmanager's UI or amtool make one
    // (POST /api/v2/silences, matcher alertdesk_id=id, from now to endsAtMs): its id, or "".
    QString silence(
        int node, const QString& alertdeskId, const QString& createdBy, const QString& comment, qint64 endsAtMs);
    // DELETE /api/v2/silence/{id} (expires it at once): the HTTP status.
    int expireSilence(int node, const QString& silenceId);
    // What the node's stderr said, for a failure's message.
    QString log(int node) const;

private:
    struct Node {
        std::unique_ptr<QProcess> process;
        int webPort = 0;
        int clusterPort = 0;
        QByteArray log;
    };
    QByteArray get(int node, const QString& pathAndQuery, int* status);
    QByteArray send(int node, const QByteArray& verb, const QString& pathAndQuery, const QByteArray& body, int* status);

    QTemporaryDir m_dir;
    QNetworkAccessManager m_nam;
    QList<std::shared_ptr<Node>> m_nodes;
};

} // namespace alertdesk::test
