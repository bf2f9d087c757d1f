// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QList>
#include <QObject>
#include <QUrl>
#include <QWebSocketServer>

class QWebSocket;

namespace alertdesk::test {

// A local stand-in for the exchange: a WebSocket server on 127.0.0.1 that records the URL of
// every connection and sends ticker events in Binance's combined-stream format.
class FakeExchange final : public QObject {
    Q_OBJECT
public:
    FakeExchange();
    ~FakeExchange() override;

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/stream").arg(m_server.serverPort())); }
    int connectionCount() const { return static_cast<int>(m_urls.size()); } // ever made
    int clientCount() const { return static_cast<int>(m_clients.size()); } // open now
    QUrl lastUrl() const { return m_urls.value(m_urls.size() - 1); }
    void setCloseEveryConnection(bool on) { m_closeEveryConnection = on; }

    // One 24-hour ticker event as Binance's combined stream sends it.
    static QByteArray ticker(
        const QString& symbol, const QString& price, qint64 eventMs, const QString& changePct = QStringLiteral("1.25"));
    void sendToAll(const QByteArray& message);
    void closeAll();

Q_SIGNALS:
    void connected();

private:
    QWebSocketServer m_server;
    QList<QUrl> m_urls;
    QList<QWebSocket*> m_clients;
    bool m_closeEveryConnection = false;
};

} // namespace alertdesk::test
