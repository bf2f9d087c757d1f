// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeExchange.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

namespace alertdesk::test {

FakeExchange::FakeExchange()
    : m_server(QStringLiteral("fake-exchange"), QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket* s = m_server.nextPendingConnection()) {
            s->setParent(this);
            m_urls << s->requestUrl();
            m_clients << s;
            connect(s, &QWebSocket::disconnected, this, [this, s] {
                m_clients.removeAll(s);
                s->deleteLater();
            });
            if (m_closeEveryConnection)
                s->close();
            Q_EMIT connected();
        }
    });
}

FakeExchange::~FakeExchange()
{
    // The client sockets are children: cut their signals before the members they touch go.
    for (QWebSocket* s : findChildren<QWebSocket*>())
        s->disconnect(this);
}

QByteArray FakeExchange::ticker(const QString& symbol, const QString& price, qint64 eventMs, const QString& changePct)
{
    const QJsonObject data { { QStringLiteral("e"), QStringLiteral("24hrTicker") }, { QStringLiteral("E"), eventMs },
        { QStringLiteral("s"), symbol }, { QStringLiteral("c"), price }, { QStringLiteral("P"), changePct },
        { QStringLiteral("v"), QStringLiteral("1000") } };
    return QJsonDocument(
        QJsonObject { { QStringLiteral("stream"), QString(symbol.toLower() + QStringLiteral("@ticker")) },
            { QStringLiteral("data"), data } })
        .toJson(QJsonDocument::Compact);
}

void FakeExchange::sendToAll(const QByteArray& message)
{
    for (QWebSocket* s : std::as_const(m_clients))
        s->sendTextMessage(QString::fromUtf8(message));
}

void FakeExchange::closeAll()
{
    for (QWebSocket* s : std::as_const(m_clients))
        s->close();
}

} // namespace alertdesk::test
