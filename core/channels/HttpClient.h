#pragma once

#include "HttpTransport.h"

#include <QHash>
#include <QObject>
#include <QQueue>
#include <memory>

class QNetworkAccessManager;

namespace alertdesk {

// A lean HTTP/1.1 client for the channels' POSTs: keep-alive connections per host on
// QTcpSocket, or QSslSocket with the request's own TLS configuration (verified as Qt verifies,
// never switched off). It answers on its own thread with no thread hop and no per-request
// signal wiring: a request costs a small fraction of what QNetworkAccessManager spends on one,
// which bounds the delivery rate. Errors come as QNetworkReply codes and texts, as
// QNetworkAccessManager reports them, so classifyHttp() reads both alike. Like
// QNetworkAccessManager it never resends a POST by itself: retrying is the dispatcher's job.
class HttpClient final : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultMaxConnectionsPerHost = 6;
    static constexpr int kMaxRedirects = 10;

    explicit HttpClient(QObject* parent = nullptr);
    ~HttpClient() override;

    // The client that serves postHttp() for nam: its child, made on first use.
    static HttpClient* forManager(QNetworkAccessManager* nam);
    // Whether this client handles the request as its manager would: http or https, and no
    // proxy for it (the manager's, the application's, or the system's, e.g. $https_proxy).
    // postHttp() leaves the rest to QNetworkAccessManager.
    bool canHandle(const QNetworkRequest& request);

    void setMaxConnectionsPerHost(int n) { m_maxPerHost = std::max(1, n); }
    int openConnections() const;

    // POSTs body; done runs once, unless context is destroyed first. The time limit covers
    // the whole exchange, waiting for a free connection included.
    void post(const QNetworkRequest& request, const QByteArray& body, int timeoutMs, QObject* context,
              std::function<void(const HttpResponse&)> done);

private:
    struct Request;
    struct Connection;
    struct Host {
        QList<Connection*> connections;
        QQueue<std::shared_ptr<Request>> waiting;
    };

    void enqueue(std::shared_ptr<Request> r);
    void dispatch(const QString& hostKey);
    Connection* openConnection(const QString& hostKey, const Request& r);
    void start(Connection* c, std::shared_ptr<Request> r);
    void onReadyRead(Connection* c);
    void onClosed(Connection* c, const QString& error);
    void finish(Connection* c, bool keepAlive);
    void fail(std::shared_ptr<Request> r, int error, const QString& text);
    void complete(const std::shared_ptr<Request>& r, HttpResponse& response);
    void removeConnection(Connection* c);

    QHash<QString, Host> m_hosts;
    // scheme://host:port -> no proxy in the way. Asked once per origin: proxy settings are
    // made at start-up, and asking costs more than the rest of a request.
    QHash<QString, bool> m_direct;
    int m_maxPerHost = kDefaultMaxConnectionsPerHost;
};

} // namespace alertdesk
