// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QQueue>
#include <QTcpServer>
#include <functional>

class QTcpSocket;

namespace alertdesk::test {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// One scripted answer: a status with headers and body (optionally after a delay), or a
// connection reset, a connection closed without an answer, or no answer at all (hang).
struct ScriptedResponse {
    enum class Action { Respond, Reset, Close, Hang };
    Action action = Action::Respond;
    int status = 200;
    HeaderList headers;
    QByteArray body = "ok";
    int delayMs = 0; // real time before answering

    static ScriptedResponse ok(const QByteArray& body = "ok") { return withStatus(200, body); }
    static ScriptedResponse withStatus(int status, const QByteArray& body = {});
    static ScriptedResponse json(int status, const QByteArray& jsonBody);
    static ScriptedResponse reset()
    {
        ScriptedResponse r;
        r.action = Action::Reset;
        return r;
    }
    static ScriptedResponse close()
    {
        ScriptedResponse r;
        r.action = Action::Close;
        return r;
    }
    static ScriptedResponse hang()
    {
        ScriptedResponse r;
        r.action = Action::Hang;
        return r;
    }
    ScriptedResponse& header(const QByteArray& name, const QByteArray& value)
    {
        headers.append({ name, value });
        return *this;
    }
    ScriptedResponse& after(int ms)
    {
        delayMs = ms;
        return *this;
    }
};

struct RecordedRequest {
    QByteArray method;
    QByteArray path; // with the query string
    HeaderList headers;
    QByteArray body;
    qint64 receivedAtMs = 0; // real time

    QByteArray header(const QByteArray& name) const; // case-insensitive
    QJsonObject json() const;
};

// An HTTP/1.1 server on 127.0.0.1 (port chosen by the OS) that answers as a test scripts it,
// with keep-alive, and records every request. Stands in for Slack, Discord, a webhook
// receiver... speaking real HTTP over a real socket.
class ScriptedHttpServer final : public QObject {
    Q_OBJECT
public:
    explicit ScriptedHttpServer(QObject* parent = nullptr);
    ~ScriptedHttpServer() override;

    bool listen();
    quint16 port() const;
    QString url(const QString& path = QStringLiteral("/")) const;

    // Answers are taken in order; when none is queued the default answers (200 "ok").
    void enqueue(const ScriptedResponse& r) { m_queue.enqueue(r); }
    void setDefault(const ScriptedResponse& r) { m_default = r; }
    // When set, decides every answer (the queue is not used).
    void setHandler(std::function<ScriptedResponse(const RecordedRequest&)> h) { m_handler = std::move(h); }

    const QList<RecordedRequest>& requests() const { return m_requests; }
    int requestCount() const { return static_cast<int>(m_requests.size()); }
    // Runs the event loop until n requests have arrived or timeoutMs passed.
    bool waitForRequests(int n, int timeoutMs = 5000);
    int connectionCount() const { return m_connections; }

Q_SIGNALS:
    void requestReceived(int index);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void answer(QTcpSocket* socket, const ScriptedResponse& r);

    QTcpServer m_server;
    QQueue<ScriptedResponse> m_queue;
    ScriptedResponse m_default;
    std::function<ScriptedResponse(const RecordedRequest&)> m_handler;
    QList<RecordedRequest> m_requests;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    int m_connections = 0;
};

} // namespace alertdesk::test
