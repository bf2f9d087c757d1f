// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedNtfyServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>

namespace alertdesk::test {

ScriptedNtfyServer::ScriptedNtfyServer(QString topic, QObject* parent)
    : QObject(parent)
    , m_topic(std::move(topic))
{
    connect(&m_server, &QTcpServer::newConnection, this, &ScriptedNtfyServer::onNewConnection);
}

ScriptedNtfyServer::~ScriptedNtfyServer()
{
    // The sockets are the server's children and die after the members declared below it: their
    // disconnected() must not reach this half-destroyed object (AddressSanitizer saw m_buffers
    // used after it was freed).
    for (QTcpSocket* s : m_server.findChildren<QTcpSocket*>()) {
        s->disconnect(this);
        s->abort();
    }
}

bool ScriptedNtfyServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString ScriptedNtfyServer::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort());
}

QString ScriptedNtfyServer::lastSince() const
{
    if (m_paths.isEmpty())
        return {};
    return QUrlQuery(QUrl(QString::fromLatin1(m_paths.last())).query()).queryItemValue(QStringLiteral("since"));
}

void ScriptedNtfyServer::onNewConnection()
{
    while (QTcpSocket* s = m_server.nextPendingConnection()) {
        connect(s, &QTcpSocket::readyRead, this, [this, s] { onReadyRead(s); });
        connect(s, &QTcpSocket::disconnected, this, [this, s] {
            m_subscribers.removeAll(s);
            m_buffers.remove(s);
            s->deleteLater();
        });
    }
}

void ScriptedNtfyServer::onReadyRead(QTcpSocket* socket)
{
    QByteArray& buf = m_buffers[socket];
    buf += socket->readAll();
    const qsizetype end = buf.indexOf("\r\n\r\n");
    if (end < 0 || m_subscribers.contains(socket))
        return;
    const QList<QByteArray> lines = buf.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    QByteArray auth;
    for (const QByteArray& l : lines.mid(1)) {
        const qsizetype colon = l.indexOf(':');
        if (colon > 0 && l.left(colon).trimmed().toLower() == "authorization")
            auth = l.mid(colon + 1).trimmed();
    }
    const QByteArray path = requestLine.value(1);
    buf.clear();
    auto refuse = [socket](int status, const QByteArray& reason, const QByteArray& body) {
        socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
            + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        socket->disconnectFromHost();
    };
    const QByteArray expected = QByteArray("/") + m_topic.toLatin1() + QByteArray("/json");
    if (requestLine.value(0) != "GET" || !path.startsWith(expected))
        return refuse(404, "Not Found", R"({"code":40401,"http":404,"error":"page not found"})");
    m_paths << path;
    m_auth << auth;
    if (!m_token.isEmpty() && auth != "Bearer " + m_token)
        return refuse(401, "Unauthorized", R"({"code":40101,"http":401,"error":"unauthorized"})");
    if (!m_accepting)
        return refuse(503, "Service Unavailable", R"({"code":50301,"http":503,"error":"server away"})");
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson; charset=utf-8\r\n"
                  "Transfer-Encoding: chunked\r\nAccess-Control-Allow-Origin: *\r\n\r\n");
    m_subscribers << socket;
    writeChunk(socket,
        QJsonDocument(QJsonObject { { QStringLiteral("id"), QStringLiteral("open%1").arg(m_nextId) },
                          { QStringLiteral("time"), m_time }, { QStringLiteral("event"), QStringLiteral("open") },
                          { QStringLiteral("topic"), m_topic } })
                .toJson(QJsonDocument::Compact)
            + '\n');
    const QString since = QUrlQuery(QUrl(QString::fromLatin1(path)).query()).queryItemValue(QStringLiteral("since"));
    QList<QJsonObject> replay;
    if (since == QLatin1String("all")) {
        replay = m_cache;
    } else if (!since.isEmpty()) {
        bool isTime = false;
        const qint64 t = since.toLongLong(&isTime);
        for (qsizetype i = 0; i < m_cache.size(); ++i) {
            if (isTime && m_cache[i].value(QStringLiteral("time")).toInteger() >= t) {
                replay = m_cache.mid(i); // published at or after that time
                break;
            }
            if (!isTime && m_cache[i].value(QStringLiteral("id")).toString() == since) {
                replay = m_cache.mid(i + 1); // after that message
                break;
            }
        }
    }
    for (const QJsonObject& m : std::as_const(replay))
        writeChunk(socket, QJsonDocument(m).toJson(QJsonDocument::Compact) + '\n');
    Q_EMIT subscribed(static_cast<int>(m_paths.size()) - 1);
}

void ScriptedNtfyServer::writeChunk(QTcpSocket* socket, const QByteArray& data)
{
    socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    socket->flush();
}

QJsonObject ScriptedNtfyServer::storeMessage(const QJsonObject& fields)
{
    QJsonObject m = fields;
    // ntfy's ids are 12 random letters and digits; these sort in publishing order for the reader.
    m.insert(QStringLiteral("id"), QStringLiteral("msg%1").arg(m_nextId++, 9, 10, QLatin1Char('0')));
    m.insert(QStringLiteral("time"), m_time);
    m.insert(QStringLiteral("expires"), m_time + 43200);
    m.insert(QStringLiteral("event"), QStringLiteral("message"));
    m.insert(QStringLiteral("topic"), m_topic);
    m_cache << m;
    return m;
}

QString ScriptedNtfyServer::publish(const QJsonObject& fields)
{
    const QJsonObject m = storeMessage(fields);
    const QByteArray line = QJsonDocument(m).toJson(QJsonDocument::Compact) + '\n';
    for (QTcpSocket* s : std::as_const(m_subscribers))
        writeChunk(s, line);
    return m.value(QStringLiteral("id")).toString();
}

void ScriptedNtfyServer::sendKeepalive()
{
    const QByteArray line = QJsonDocument(QJsonObject { { QStringLiteral("id"), QStringLiteral("ka%1").arg(m_nextId) },
                                              { QStringLiteral("time"), m_time },
                                              { QStringLiteral("event"), QStringLiteral("keepalive") },
                                              { QStringLiteral("topic"), m_topic } })
                                .toJson(QJsonDocument::Compact)
        + '\n';
    for (QTcpSocket* s : std::as_const(m_subscribers))
        writeChunk(s, line);
}

void ScriptedNtfyServer::dropSubscribers(const QString& halfSentMessage)
{
    QByteArray half;
    if (!halfSentMessage.isEmpty()) {
        const QByteArray line
            = QJsonDocument(storeMessage(QJsonObject { { QStringLiteral("message"), halfSentMessage } }))
                  .toJson(QJsonDocument::Compact);
        half = line.left(line.size() / 2);
    }
    const QList<QTcpSocket*> subscribers = m_subscribers;
    m_subscribers.clear();
    for (QTcpSocket* s : subscribers) {
        if (!half.isEmpty())
            writeChunk(s, half);
        s->flush();
        s->abort();
    }
}

} // namespace alertdesk::test
