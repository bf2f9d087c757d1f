#include "HttpClient.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace alertdesk {

struct HttpClient::Request {
    QUrl url;
    QByteArray method = "POST";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // as the caller set them
    QSslConfiguration ssl;
    QNetworkRequest::RedirectPolicy redirectPolicy = QNetworkRequest::NoLessSafeRedirectPolicy;
    int redirectsLeft = kMaxRedirects;
    QPointer<QObject> context;
    bool hadContext = false;
    std::function<void(const HttpResponse&)> done;
    QElapsedTimer timer;
    qint64 timeoutMs = 0;

    bool https() const { return url.scheme() == QLatin1String("https"); }
    quint16 port() const { return static_cast<quint16>(url.port(https() ? 443 : 80)); }
    QString hostKey() const { return url.scheme() + QLatin1Char('/') + url.host() + QLatin1Char(':') + QString::number(port()); }
    qint64 remainingMs() const { return timeoutMs - timer.elapsed(); }

    QByteArray wire() const
    {
        QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
        if (path.isEmpty())
            path = "/";
        if (url.hasQuery())
            path += '?' + url.query(QUrl::FullyEncoded).toLatin1();
        QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
        if (host.contains(':'))
            host = '[' + host + ']';
        if (url.port() > 0 && url.port() != (https() ? 443 : 80))
            host += ':' + QByteArray::number(url.port());
        QByteArray out;
        out.reserve(256 + body.size());
        out += method + ' ' + path + " HTTP/1.1\r\nHost: " + host + "\r\n";
        bool hasAgent = false, hasAuth = false;
        for (const auto& [name, value] : headers) {
            if (name.compare("Host", Qt::CaseInsensitive) == 0 || name.compare("Content-Length", Qt::CaseInsensitive) == 0
                || name.compare("Connection", Qt::CaseInsensitive) == 0)
                continue;
            hasAgent = hasAgent || name.compare("User-Agent", Qt::CaseInsensitive) == 0;
            hasAuth = hasAuth || name.compare("Authorization", Qt::CaseInsensitive) == 0;
            out += name + ": " + value + "\r\n";
        }
        if (!hasAgent)
            out += "User-Agent: Mozilla/5.0\r\n"; // what QNetworkAccessManager sends
        if (!hasAuth && !url.userName().isEmpty())
            out += "Authorization: Basic "
                + (url.userName(QUrl::FullyDecoded) + QLatin1Char(':') + url.password(QUrl::FullyDecoded)).toUtf8().toBase64()
                + "\r\n";
        if (method != "GET" || !body.isEmpty())
            out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        out += "\r\n";
        out += body;
        return out;
    }
};

struct HttpClient::Connection {
    enum class Stage { Status, Headers, Body, ChunkSize, ChunkData, Trailers, UntilClose };

    QString hostKey;
    QTcpSocket* socket = nullptr; // child of the client
    QTimer* deadline = nullptr;   // child of the socket
    std::shared_ptr<Request> request; // in flight; null while idle
    bool closed = false;
    QStringList sslErrors;

    // The answer being read.
    QByteArray buffer;
    Stage stage = Stage::Status;
    HttpResponse response;
    QByteArray reason;
    qint64 contentLength = -1;
    qint64 chunkLeft = 0;
    bool chunked = false;
    bool closeAfter = false;

    void resetAnswer()
    {
        buffer.clear();
        stage = Stage::Status;
        response = HttpResponse();
        reason.clear();
        contentLength = -1;
        chunkLeft = 0;
        chunked = false;
        closeAfter = false;
    }

    enum class Parse { More, Done, Bad };

    // Reads what has arrived of the answer (HTTP/1.1: Content-Length, chunked, or until close).
    Parse parse(const QByteArray& method)
    {
        for (;;) {
            switch (stage) {
            case Stage::Status: {
                const qsizetype eol = buffer.indexOf("\r\n");
                if (eol < 0)
                    return buffer.size() > 8192 ? Parse::Bad : Parse::More;
                const QByteArray line = buffer.left(eol);
                buffer.remove(0, eol + 2);
                bool ok = false;
                const int status = line.mid(9, 3).toInt(&ok);
                if (!line.startsWith("HTTP/1.") || line.size() < 12 || !ok)
                    return Parse::Bad;
                response.status = status;
                response.headers.clear();
                reason = line.mid(13).trimmed();
                closeAfter = line.startsWith("HTTP/1.0");
                contentLength = -1;
                chunked = false;
                stage = Stage::Headers;
                break;
            }
            case Stage::Headers: {
                const qsizetype eol = buffer.indexOf("\r\n");
                if (eol < 0)
                    return buffer.size() > 65536 ? Parse::Bad : Parse::More;
                if (eol == 0) {
                    buffer.remove(0, 2);
                    const int s = response.status;
                    if (s >= 100 && s < 200) { // 100 Continue, 103 Early Hints: the answer follows
                        stage = Stage::Status;
                        break;
                    }
                    if (s == 204 || s == 304 || method == "HEAD")
                        return Parse::Done;
                    if (chunked)
                        stage = Stage::ChunkSize;
                    else if (contentLength >= 0)
                        stage = Stage::Body;
                    else {
                        stage = Stage::UntilClose;
                        closeAfter = true;
                    }
                    break;
                }
                const QByteArray line = buffer.left(eol);
                buffer.remove(0, eol + 2);
                const qsizetype colon = line.indexOf(':');
                if (colon <= 0)
                    return Parse::Bad;
                const QByteArray name = line.left(colon).trimmed();
                const QByteArray value = line.mid(colon + 1).trimmed();
                if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
                    bool ok = false;
                    contentLength = value.toLongLong(&ok);
                    if (!ok || contentLength < 0)
                        return Parse::Bad;
                } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
                    chunked = value.toLower().contains("chunked");
                } else if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
                    const QByteArray v = value.toLower();
                    if (v.contains("close"))
                        closeAfter = true;
                    else if (v.contains("keep-alive"))
                        closeAfter = false;
                }
                response.headers.append({name, value});
                break;
            }
            case Stage::Body:
                if (buffer.size() < contentLength)
                    return Parse::More;
                response.body = buffer.left(contentLength);
                buffer.remove(0, contentLength);
                return Parse::Done;
            case Stage::ChunkSize: {
                const qsizetype eol = buffer.indexOf("\r\n");
                if (eol < 0)
                    return buffer.size() > 1024 ? Parse::Bad : Parse::More;
                QByteArray size = buffer.left(eol);
                buffer.remove(0, eol + 2);
                if (const qsizetype semi = size.indexOf(';'); semi >= 0)
                    size.truncate(semi);
                bool ok = false;
                chunkLeft = size.trimmed().toLongLong(&ok, 16);
                // The bound keeps chunkLeft + 2 (the data and its CRLF) from overflowing.
                if (!ok || chunkLeft < 0 || chunkLeft > std::numeric_limits<qint64>::max() - 2)
                    return Parse::Bad;
                stage = chunkLeft == 0 ? Stage::Trailers : Stage::ChunkData;
                break;
            }
            case Stage::ChunkData:
                if (buffer.size() < chunkLeft + 2)
                    return Parse::More;
                response.body += buffer.left(chunkLeft);
                buffer.remove(0, chunkLeft + 2);
                stage = Stage::ChunkSize;
                break;
            case Stage::Trailers: {
                const qsizetype eol = buffer.indexOf("\r\n");
                if (eol < 0)
                    return Parse::More;
                buffer.remove(0, eol + 2);
                if (eol == 0)
                    return Parse::Done;
                break;
            }
            case Stage::UntilClose:
                response.body += buffer;
                buffer.clear();
                return Parse::More;
            }
        }
    }
};

namespace {

// QNetworkAccessManager's codes for HTTP error statuses, so callers see the same.
QNetworkReply::NetworkError statusError(int status)
{
    switch (status) {
    case 400: return QNetworkReply::ProtocolInvalidOperationError;
    case 401: return QNetworkReply::AuthenticationRequiredError;
    case 403: return QNetworkReply::ContentAccessDenied;
    case 404: return QNetworkReply::ContentNotFoundError;
    case 405: return QNetworkReply::ContentOperationNotPermittedError;
    case 407: return QNetworkReply::ProxyAuthenticationRequiredError;
    case 409: return QNetworkReply::ContentConflictError;
    case 410: return QNetworkReply::ContentGoneError;
    case 418: return QNetworkReply::ProtocolInvalidOperationError;
    case 500: return QNetworkReply::InternalServerError;
    case 501: return QNetworkReply::OperationNotImplementedError;
    case 503: return QNetworkReply::ServiceUnavailableError;
    default: break;
    }
    if (status >= 400 && status < 500)
        return QNetworkReply::UnknownContentError;
    if (status >= 500)
        return QNetworkReply::UnknownServerError;
    return QNetworkReply::NoError;
}

bool isRedirect(int status) { return status == 301 || status == 302 || status == 303 || status == 307 || status == 308; }

bool usesNoProxy(const QNetworkProxy& p) { return p.type() == QNetworkProxy::NoProxy || p.type() == QNetworkProxy::DefaultProxy; }

} // namespace

HttpClient::HttpClient(QObject* parent)
    : QObject(parent)
{
}

HttpClient::~HttpClient()
{
    // Pending requests are dropped without their callbacks, as replies die with their manager.
    for (auto& host : m_hosts) {
        for (Connection* c : std::as_const(host.connections)) {
            QObject::disconnect(c->socket, nullptr, this, nullptr);
            delete c;
        }
    }
}

HttpClient* HttpClient::forManager(QNetworkAccessManager* nam)
{
    if (auto* c = nam->findChild<HttpClient*>(QString(), Qt::FindDirectChildrenOnly))
        return c;
    return new HttpClient(nam);
}

bool HttpClient::canHandle(const QNetworkRequest& request)
{
    const QUrl& url = request.url();
    const QString scheme = url.scheme();
    if ((scheme != QLatin1String("http") && scheme != QLatin1String("https")) || url.host().isEmpty())
        return false;
    const QString origin = scheme + QLatin1String("://") + url.host() + QLatin1Char(':') + QString::number(url.port());
    if (auto it = m_direct.constFind(origin); it != m_direct.constEnd())
        return *it;
    const auto* nam = qobject_cast<const QNetworkAccessManager*>(parent());
    bool direct = nam && nam->proxyFactory() == nullptr && usesNoProxy(nam->proxy())
        && usesNoProxy(QNetworkProxy::applicationProxy());
    if (direct && QNetworkProxyFactory::usesSystemConfiguration()) {
        // The system's answer: the environment ($https_proxy, $no_proxy) or desktop settings.
        const QList<QNetworkProxy> proxies = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(url));
        direct = proxies.isEmpty() || proxies.first().type() == QNetworkProxy::NoProxy;
    }
    m_direct.insert(origin, direct);
    return direct;
}

int HttpClient::openConnections() const
{
    int n = 0;
    for (const auto& host : m_hosts)
        n += static_cast<int>(host.connections.size());
    return n;
}

void HttpClient::post(const QNetworkRequest& request, const QByteArray& body, int timeoutMs, QObject* context,
                      std::function<void(const HttpResponse&)> done)
{
    auto r = std::make_shared<Request>();
    r->timer.start();
    r->url = request.url();
    r->body = body;
    for (const QByteArray& name : request.rawHeaderList())
        r->headers.append({name, request.rawHeader(name)});
    if (r->https())
        r->ssl = request.sslConfiguration();
    r->redirectPolicy = static_cast<QNetworkRequest::RedirectPolicy>(
        request.attribute(QNetworkRequest::RedirectPolicyAttribute, int(QNetworkRequest::NoLessSafeRedirectPolicy)).toInt());
    r->redirectsLeft = std::min(request.maximumRedirectsAllowed(), int(kMaxRedirects));
    r->context = context;
    r->hadContext = context != nullptr;
    r->done = std::move(done);
    r->timeoutMs = timeoutMs > 0 ? timeoutMs : 30000;
    enqueue(std::move(r));
}

void HttpClient::enqueue(std::shared_ptr<Request> r)
{
    const QString key = r->hostKey();
    m_hosts[key].waiting.enqueue(std::move(r));
    dispatch(key);
}

void HttpClient::dispatch(const QString& hostKey)
{
    QList<std::shared_ptr<Request>> expired;
    for (;;) {
        // Looked up again each time: a callback below may add hosts.
        auto it = m_hosts.find(hostKey);
        if (it == m_hosts.end() || it->waiting.isEmpty())
            break;
        Host& host = *it;
        if (host.waiting.head()->remainingMs() <= 0) {
            expired << host.waiting.dequeue();
            continue;
        }
        Connection* idle = nullptr;
        for (Connection* c : std::as_const(host.connections)) {
            if (!c->request && !c->closed) {
                idle = c;
                break;
            }
        }
        if (!idle && host.connections.size() >= m_maxPerHost)
            break; // a connection that frees up dispatches again
        std::shared_ptr<Request> r = host.waiting.dequeue();
        Connection* c = idle ? idle : openConnection(hostKey, *r);
        start(c, std::move(r));
    }
    for (const auto& r : std::as_const(expired))
        fail(r, QNetworkReply::OperationCanceledError, QStringLiteral("Operation canceled"));
}

HttpClient::Connection* HttpClient::openConnection(const QString& hostKey, const Request& r)
{
    auto* c = new Connection;
    c->hostKey = hostKey;
    QSslSocket* ssl = r.https() ? new QSslSocket(this) : nullptr;
    c->socket = ssl ? ssl : new QTcpSocket(this);
    c->socket->setProxy(QNetworkProxy::NoProxy);
    c->deadline = new QTimer(c->socket);
    c->deadline->setSingleShot(true);
    m_hosts[hostKey].connections << c;

    QTcpSocket* s = c->socket;
    connect(s, &QTcpSocket::connected, this, [s] { s->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
    connect(s, &QTcpSocket::readyRead, this, [this, c] { onReadyRead(c); });
    connect(s, &QTcpSocket::disconnected, this, [this, c] { onClosed(c, {}); });
    connect(s, &QTcpSocket::errorOccurred, this, [this, c](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError)
            onClosed(c, {});
        else
            onClosed(c, QString::number(int(e)));
    });
    connect(c->deadline, &QTimer::timeout, this, [this, c] {
        std::shared_ptr<Request> r = std::exchange(c->request, nullptr);
        removeConnection(c);
        if (r)
            fail(r, QNetworkReply::OperationCanceledError, QStringLiteral("Operation canceled"));
    });
    if (ssl) {
        connect(ssl, &QSslSocket::sslErrors, this, [c](const QList<QSslError>& errors) {
            for (const QSslError& e : errors)
                c->sslErrors << e.errorString();
        });
        ssl->setSslConfiguration(r.ssl);
        ssl->connectToHostEncrypted(r.url.host(), r.port());
    } else {
        c->socket->connectToHost(r.url.host(), r.port());
    }
    return c;
}

void HttpClient::start(Connection* c, std::shared_ptr<Request> r)
{
    c->resetAnswer();
    c->deadline->start(static_cast<int>(std::clamp<qint64>(r->remainingMs(), 1, std::numeric_limits<int>::max())));
    const QByteArray bytes = r->wire();
    c->request = std::move(r);
    c->socket->write(bytes);
    if (c->socket->state() == QAbstractSocket::ConnectedState)
        c->socket->flush(); // now, not on the next turn of the event loop
}

void HttpClient::onReadyRead(Connection* c)
{
    if (c->closed)
        return;
    c->buffer += c->socket->readAll();
    if (!c->request) {
        removeConnection(c); // bytes nobody asked for: this connection cannot be trusted
        return;
    }
    switch (c->parse(c->request->method)) {
    case Connection::Parse::More:
        return;
    case Connection::Parse::Done:
        finish(c, !c->closeAfter);
        return;
    case Connection::Parse::Bad: {
        std::shared_ptr<Request> r = std::exchange(c->request, nullptr);
        removeConnection(c);
        fail(r, QNetworkReply::ProtocolFailure, QStringLiteral("Error reading from server: invalid HTTP answer"));
        return;
    }
    }
}

void HttpClient::onClosed(Connection* c, const QString& socketError)
{
    if (c->closed)
        return;
    c->buffer += c->socket->readAll();
    std::shared_ptr<Request> r = std::exchange(c->request, nullptr);
    const QAbstractSocket::SocketError error = c->socket->error();
    const QString errorText = c->socket->errorString();
    if (r && socketError.isEmpty() && c->parse(r->method) != Connection::Parse::Bad && c->stage == Connection::Stage::UntilClose) {
        c->request = r; // an answer whose end is the end of the connection
        finish(c, false);
        return;
    }
    const QStringList sslErrors = c->sslErrors;
    removeConnection(c);
    if (!r)
        return;
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        fail(r, QNetworkReply::ConnectionRefusedError, QStringLiteral("Connection refused"));
        break;
    case QAbstractSocket::HostNotFoundError:
        fail(r, QNetworkReply::HostNotFoundError, QStringLiteral("Host %1 not found").arg(r->url.host()));
        break;
    case QAbstractSocket::SocketTimeoutError:
        fail(r, QNetworkReply::TimeoutError, QStringLiteral("Connection timed out"));
        break;
    case QAbstractSocket::SslHandshakeFailedError:
        fail(r, QNetworkReply::SslHandshakeFailedError,
             QStringLiteral("SSL handshake failed: %1").arg(sslErrors.isEmpty() ? errorText : sslErrors.join(QStringLiteral(", "))));
        break;
    case QAbstractSocket::RemoteHostClosedError:
    case QAbstractSocket::UnknownSocketError: // a close with no error set
        fail(r, QNetworkReply::RemoteHostClosedError, QStringLiteral("Connection closed"));
        break;
    default:
        fail(r, QNetworkReply::UnknownNetworkError, errorText);
        break;
    }
}

void HttpClient::finish(Connection* c, bool keepAlive)
{
    std::shared_ptr<Request> r = std::exchange(c->request, nullptr);
    HttpResponse response = std::move(c->response);
    const QByteArray reason = c->reason;
    c->deadline->stop();
    const QString key = c->hostKey;
    if (keepAlive)
        c->resetAnswer();
    else
        removeConnection(c);

    response.latencyMs = r->timer.elapsed();
    const QByteArray location = response.header("Location");
    if (isRedirect(response.status) && !location.isEmpty() && r->redirectPolicy != QNetworkRequest::ManualRedirectPolicy
        && r->redirectsLeft > 0) {
        const QUrl next = r->url.resolved(QUrl::fromEncoded(location));
        const bool lessSafe = r->url.scheme() == QLatin1String("https") && next.scheme() != QLatin1String("https");
        const bool otherOrigin = next.scheme() != r->url.scheme() || next.host() != r->url.host() || next.port() != r->url.port();
        const bool allowed = (next.scheme() == QLatin1String("http") || next.scheme() == QLatin1String("https"))
            && !(r->redirectPolicy == QNetworkRequest::NoLessSafeRedirectPolicy && lessSafe)
            && !(r->redirectPolicy == QNetworkRequest::SameOriginRedirectPolicy && otherOrigin);
        if (allowed) {
            auto again = std::make_shared<Request>(*r);
            again->url = next;
            again->redirectsLeft = r->redirectsLeft - 1;
            if (response.status == 303 || ((response.status == 301 || response.status == 302) && r->method == "POST")) {
                again->method = "GET";
                again->body.clear();
                again->headers.removeIf([](const QPair<QByteArray, QByteArray>& h) {
                    return h.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
                });
            }
            if (keepAlive)
                dispatch(key);
            enqueue(std::move(again));
            return;
        }
    }
    if (response.status >= 400) {
        response.error = statusError(response.status);
        response.errorString = QStringLiteral("Server replied: %1 %2").arg(response.status).arg(QString::fromLatin1(reason));
    }
    // The connection takes its next request first, then the caller hears of this one.
    dispatch(key);
    complete(r, response);
}

void HttpClient::fail(std::shared_ptr<Request> r, int error, const QString& text)
{
    HttpResponse response;
    response.error = static_cast<QNetworkReply::NetworkError>(error);
    response.errorString = text;
    response.latencyMs = r->timer.elapsed();
    complete(r, response);
}

void HttpClient::complete(const std::shared_ptr<Request>& r, HttpResponse& response)
{
    if (r->hadContext && !r->context)
        return;
    if (r->done)
        r->done(response);
}

void HttpClient::removeConnection(Connection* c)
{
    c->closed = true;
    c->deadline->stop();
    QObject::disconnect(c->socket, nullptr, this, nullptr);
    QObject::disconnect(c->deadline, nullptr, this, nullptr);
    c->socket->abort();
    c->socket->deleteLater();
    const QString key = c->hostKey;
    if (auto it = m_hosts.find(key); it != m_hosts.end())
        it->connections.removeOne(c);
    delete c;
    // Requests that waited for a free slot may now open a connection.
    QMetaObject::invokeMethod(this, [this, key] { dispatch(key); }, Qt::QueuedConnection);
}

} // namespace alertdesk
