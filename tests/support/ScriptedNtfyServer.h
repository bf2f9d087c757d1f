// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTcpServer>

class QTcpSocket;

namespace alertdesk::test {

// An ntfy server on 127.0.0.1 (port chosen by the OS) for one topic, speaking ntfy's JSON
// stream as its docs say ("Subscribe via API"): GET /<topic>/json answers 200 with
// application/x-ndjson in chunked encoding and never ends; the first line is an `open` event,
// then the cached messages the `since` parameter asks for (a message id: those after it; a
// Unix time: those published at or after it; `all`: every one), then each message as it is
// published and keepalives when the test sends them. A token, when set, is required as
// "Authorization: Bearer <token>" (401 with ntfy's JSON error otherwise).
class ScriptedNtfyServer final : public QObject {
    Q_OBJECT
public:
    explicit ScriptedNtfyServer(QString topic, QObject* parent = nullptr);
    ~ScriptedNtfyServer() override;

    bool listen();
    QString url() const; // http://127.0.0.1:PORT
    QString topic() const { return m_topic; }
    void setToken(const QByteArray& token) { m_token = token; }
    // false: subscriptions are refused with 503 (the server away); what is published is kept.
    void setAccepting(bool accepting) { m_accepting = accepting; }

    // Publishes a message (fields as ntfy's JSON: message, title, priority, tags, ...): it
    // gets an id and the time, goes to the cache and to every open subscription. Returns its id.
    QString publish(const QJsonObject& fields);
    QString publish(const QString& message) { return publish(QJsonObject { { QStringLiteral("message"), message } }); }
    void sendKeepalive();
    // Cuts every open subscription: after half of a line when a message is given (published
    // and cached like any other), else between lines.
    void dropSubscribers(const QString& halfSentMessage = {});

    int openSubscriptions() const { return static_cast<int>(m_subscribers.size()); }
    // The request lines of every subscription so far ("/topic/json?since=..."), and their auth headers.
    const QList<QByteArray>& subscribePaths() const { return m_paths; }
    const QList<QByteArray>& authorizations() const { return m_auth; }
    // since= of the latest subscription ("" without one).
    QString lastSince() const;
    void setTime(qint64 unixSeconds) { m_time = unixSeconds; } // the server's clock

Q_SIGNALS:
    void subscribed(int index);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void writeChunk(QTcpSocket* socket, const QByteArray& data);
    QJsonObject storeMessage(const QJsonObject& fields);

    QString m_topic;
    QTcpServer m_server;
    QByteArray m_token;
    bool m_accepting = true;
    QList<QJsonObject> m_cache;
    QList<QTcpSocket*> m_subscribers;
    QList<QByteArray> m_paths;
    QList<QByteArray> m_auth;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    qint64 m_time = 1795687200; // 2026-11-26T10:00:00Z
    int m_nextId = 1;
};

} // namespace alertdesk::test
