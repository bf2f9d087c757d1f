// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

namespace alertdesk::test {

namespace {
QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}
} // namespace

ScriptedResponse ScriptedResponse::withStatus(int status, const QByteArray& body)
{
    ScriptedResponse r;
    r.status = status;
    r.body = body;
    return r;
}

ScriptedResponse ScriptedResponse::json(int status, const QByteArray& jsonBody)
{
    ScriptedResponse r = withStatus(status, jsonBody);
    r.header("Content-Type", "application/json");
    return r;
}

QByteArray RecordedRequest::header(const QByteArray& name) const
{
    for (const auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QJsonObject RecordedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

ScriptedHttpServer::ScriptedHttpServer(QObject* parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &ScriptedHttpServer::onNewConnection);
}

ScriptedHttpServer::~ScriptedHttpServer() = default;

bool ScriptedHttpServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

quint16 ScriptedHttpServer::port() const
{
    return m_server.serverPort();
}

QString ScriptedHttpServer::url(const QString& path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path);
}

bool ScriptedHttpServer::waitForRequests(int n, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (requestCount() < n && !deadline.hasExpired()) {
        QEventLoop loop;
        QTimer::singleShot(
            std::max<qint64>(1, std::min<qint64>(50, deadline.remainingTime())), &loop, &QEventLoop::quit);
        connect(this, &ScriptedHttpServer::requestReceived, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return requestCount() >= n;
}

void ScriptedHttpServer::onNewConnection()
{
    while (QTcpSocket* s = m_server.nextPendingConnection()) {
        ++m_connections;
        s->setParent(this);
        connect(s, &QTcpSocket::readyRead, this, [this, s] { onReadyRead(s); });
        connect(s, &QTcpSocket::disconnected, this, [this, s] {
            m_buffers.remove(s);
            s->deleteLater();
        });
    }
}

void ScriptedHttpServer::onReadyRead(QTcpSocket* socket)
{
    QByteArray& buf = m_buffers[socket];
    buf += socket->readAll();
    for (;;) {
        const qsizetype headerEnd = buf.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buf.left(headerEnd).split('\n');
        RecordedRequest req;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        req.method = requestLine.value(0);
        req.path = requestLine.value(1);
        qsizetype contentLength = 0;
        for (int i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed();
            const QByteArray value = line.mid(colon + 1).trimmed();
            req.headers.append({ name, value });
            if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
                contentLength = value.toLongLong();
        }
        if (buf.size() < headerEnd + 4 + contentLength)
            return; // the body is still arriving
        req.body = buf.mid(headerEnd + 4, contentLength);
        buf.remove(0, headerEnd + 4 + contentLength);
        req.receivedAtMs = QDateTime::currentMSecsSinceEpoch();

        ScriptedResponse r = m_handler ? m_handler(req) : (m_queue.isEmpty() ? m_default : m_queue.dequeue());
        m_requests.append(req);
        Q_EMIT requestReceived(static_cast<int>(m_requests.size()) - 1);
        if (r.delayMs > 0) {
            QPointer<QTcpSocket> guard(socket);
            QTimer::singleShot(r.delayMs, this, [this, guard, r] {
                if (guard)
                    answer(guard, r);
            });
        } else {
            answer(socket, r);
        }
    }
}

void ScriptedHttpServer::answer(QTcpSocket* socket, const ScriptedResponse& r)
{
    switch (r.action) {
    case ScriptedResponse::Action::Hang:
        return;
    case ScriptedResponse::Action::Reset: {
        // abort() alone closes with a FIN once the request is read; a zero linger makes the
        // kernel send a RST, so the peer sees a real reset, not a clean close.
        const linger hard { 1, 0 };
        ::setsockopt(static_cast<int>(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        socket->abort();
        return;
    }
    case ScriptedResponse::Action::Close:
        socket->disconnectFromHost();
        return;
    case ScriptedResponse::Action::Respond:
        break;
    }
    QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reasonPhrase(r.status) + "\r\n";
    bool hasType = false;
    for (const auto& h : r.headers) {
        out += h.first + ": " + h.second + "\r\n";
        hasType = hasType || h.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
    }
    if (!hasType)
        out += "Content-Type: text/plain\r\n";
    out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n\r\n" + r.body;
    socket->write(out);
}

} // namespace alertdesk::test
