// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "HttpTransport.h"

#include <QElapsedTimer>
#include <QHash>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QPointer>
#include <QSslError>
#include <QTimerEvent>

#include <algorithm>
#include <cmath>

namespace alertdesk {

namespace {

// What a certificate failure means, in the words a user fixes it by.
QString tlsProblem(const QSslError& e)
{
    switch (e.error()) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
        return QStringLiteral("self-signed certificate");
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
        return QStringLiteral("certificate of an unknown authority");
    case QSslError::CertificateExpired:
        return QStringLiteral("expired certificate");
    case QSslError::CertificateNotYetValid:
        return QStringLiteral("certificate not yet valid");
    case QSslError::HostNameMismatch:
        return QStringLiteral("certificate for another host (wrong host)");
    case QSslError::CertificateRevoked:
        return QStringLiteral("revoked certificate");
    default:
        return e.errorString();
    }
}

// The proxy nam sends url through; NoProxy when direct.
QNetworkProxy proxyFor(QNetworkAccessManager* nam, const QUrl& url)
{
    if (QNetworkProxyFactory* f = nam->proxyFactory())
        return f->queryProxy(QNetworkProxyQuery(url)).value(0);
    return nam->proxy().type() == QNetworkProxy::DefaultProxy ? QNetworkProxy::applicationProxy() : nam->proxy();
}

// Qt reports a proxy that cannot be reached as if the destination could not be: say which.
void nameProxyFailure(QNetworkAccessManager* nam, const QUrl& url, HttpResponse& r)
{
    QNetworkReply::NetworkError proxyError = QNetworkReply::NoError;
    QString what;
    switch (r.error) {
    case QNetworkReply::ConnectionRefusedError:
        proxyError = QNetworkReply::ProxyConnectionRefusedError;
        what = QStringLiteral("refused the connection");
        break;
    case QNetworkReply::HostNotFoundError:
        proxyError = QNetworkReply::ProxyNotFoundError;
        what = QStringLiteral("not found");
        break;
    case QNetworkReply::RemoteHostClosedError:
        proxyError = QNetworkReply::ProxyConnectionClosedError;
        what = QStringLiteral("closed the connection");
        break;
    default:
        return;
    }
    const QNetworkProxy proxy = proxyFor(nam, url);
    if (proxy.type() != QNetworkProxy::HttpProxy && proxy.type() != QNetworkProxy::Socks5Proxy)
        return;
    r.error = proxyError;
    r.errorString = QStringLiteral("%1:%2 %3").arg(proxy.hostName()).arg(proxy.port()).arg(what);
}

bool sameOrigin(const QUrl& a, const QUrl& b)
{
    const int defaultPort = a.scheme() == QLatin1String("https") ? 443 : 80;
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(defaultPort) == b.port(defaultPort);
}

// One per QNetworkAccessManager (its child): the state of every exchange in flight, keyed by
// its reply, with the manager's signals connected once rather than each reply's. A reply
// costs one connection of its own (readyRead, for the bound on its answer) and no timer
// object: the deadlines are this object's timers.
class HttpSession final : public QObject {
public:
    explicit HttpSession(QNetworkAccessManager* nam)
        : QObject(nam)
        , m_nam(nam)
    {
        connect(nam, &QNetworkAccessManager::finished, this, &HttpSession::onFinished);
        connect(
            nam, &QNetworkAccessManager::sslErrors, this, [this](QNetworkReply* reply, const QList<QSslError>& errors) {
                if (auto it = m_exchanges.find(reply); it != m_exchanges.end())
                    it->sslErrors = errors;
            });
    }

    static HttpSession* of(QNetworkAccessManager* nam)
    {
        // The session is the manager's first child of its kind; looked up by property, which
        // costs less than walking the children.
        if (auto* s = nam->property(kProperty).value<QObject*>())
            return static_cast<HttpSession*>(s);
        auto* s = new HttpSession(nam);
        nam->setProperty(kProperty, QVariant::fromValue<QObject*>(s));
        return s;
    }

    void send(const QByteArray& verb, QNetworkRequest request, const QByteArray& body, int timeoutMs, QObject* context,
        std::function<void(const HttpResponse&)> done)
    {
        Exchange x;
        x.verb = verb;
        x.timer.start();
        x.context = context;
        x.hadContext = context != nullptr;
        x.done = std::move(done);
        x.body = body;
        // Redirects are ours to judge (see onFinished); the answer's size too.
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        x.request = std::move(request);
        x.timerId = startTimer(std::max(timeoutMs > 0 ? timeoutMs : 30000, 1));
        start(std::move(x));
    }

private:
    static constexpr const char* kProperty = "alertdesk.httpSession";

    struct Exchange {
        QNetworkRequest request;
        QByteArray verb = QByteArrayLiteral("POST");
        QByteArray body;
        QPointer<QObject> context;
        bool hadContext = false;
        std::function<void(const HttpResponse&)> done;
        QElapsedTimer timer;
        int timerId = 0;
        int redirectsLeft = kMaxRedirects;
        bool timedOut = false;
        QString refused;
        QList<QSslError> sslErrors;
    };

    void start(Exchange x)
    {
        QNetworkReply* reply = x.verb == "POST" ? m_nam->post(x.request, x.body)
            : x.verb == "GET"                   ? m_nam->get(x.request)
                                                : m_nam->sendCustomRequest(x.request, x.verb, x.body);
        // Never more than the bound in the reply's buffer: the connection waits, then the
        // readyRead below sees one byte too many and aborts.
        reply->setReadBufferSize(kMaxAnswerBytes + 1);
        connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
            if (reply->bytesAvailable() <= kMaxAnswerBytes)
                return;
            if (auto it = m_exchanges.find(reply); it != m_exchanges.end())
                it->refused = QStringLiteral("answer larger than %1 KiB: cut off").arg(kMaxAnswerBytes / 1024);
            reply->abort();
        });
        m_byTimer.insert(x.timerId, reply);
        m_exchanges.emplace(reply, std::move(x));
    }

    void timerEvent(QTimerEvent* e) override
    {
        killTimer(e->timerId());
        QNetworkReply* reply = m_byTimer.take(e->timerId());
        if (auto it = m_exchanges.find(reply); reply && it != m_exchanges.end()) {
            it->timedOut = true;
            reply->abort(); // finished follows at once
        }
    }

    void onFinished(QNetworkReply* reply)
    {
        auto it = m_exchanges.find(reply);
        if (it == m_exchanges.end())
            return; // a request of the manager's other users
        Exchange x = std::move(*it);
        m_exchanges.erase(it);
        reply->deleteLater();

        HttpResponse r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.headers = reply->rawHeaderPairs();
        r.http2 = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
        r.refused = x.refused;
        if (r.refused.isEmpty() && !x.timedOut) {
            r.error = reply->error();
            r.errorString = reply->errorString();
            r.body = reply->readAll();
        } else if (x.timedOut) {
            r.status = 0; // what came before the deadline is no answer
            r.headers.clear();
            r.error = QNetworkReply::OperationCanceledError;
            r.errorString = QStringLiteral("no complete answer within %1 ms").arg(x.timer.elapsed());
        } else {
            r.error = QNetworkReply::OperationCanceledError;
            r.errorString = r.refused;
        }
        if (r.status == 0)
            nameProxyFailure(m_nam, x.request.url(), r);
        if (r.error == QNetworkReply::SslHandshakeFailedError && !x.sslErrors.isEmpty()) {
            QStringList problems;
            for (const QSslError& e : std::as_const(x.sslErrors)) {
                const QString p = tlsProblem(e);
                if (!problems.contains(p))
                    problems << p;
            }
            r.errorString = QStringLiteral("%1 of %2").arg(problems.join(QStringLiteral(", ")), x.request.url().host());
        }

        if (r.refused.isEmpty() && r.status >= 300 && r.status < 400 && r.status != 304) {
            const QUrl location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
            const QUrl target = location.isEmpty() ? QUrl() : x.request.url().resolved(location);
            const bool follow = (r.status == 307 || r.status == 308) && target.isValid()
                && sameOrigin(target, x.request.url()) && x.redirectsLeft > 0 && !x.timedOut;
            if (follow && !(x.hadContext && !x.context)) {
                // The same POST, body and headers (secrets included: the origin is the same).
                --x.redirectsLeft;
                x.request.setUrl(target);
                x.sslErrors.clear();
                start(std::move(x));
                return;
            }
            if (!follow) {
                const QString host = target.host();
                r.refused = host.isEmpty() ? QStringLiteral("redirected, to no readable location; not followed")
                    : sameOrigin(target, x.request.url())
                    ? QStringLiteral("redirected to %1 by %2; not followed (that would resend the alert as a GET)")
                          .arg(host)
                          .arg(r.status)
                    : QStringLiteral("redirected to %1; not followed (an alert goes to the configured origin only)")
                          .arg(host);
                if (x.redirectsLeft <= 0)
                    r.refused = QStringLiteral("redirected to %1 more than %2 times; not followed")
                                    .arg(host)
                                    .arg(kMaxRedirects);
            }
        }

        if (m_byTimer.remove(x.timerId) > 0)
            killTimer(x.timerId);
        r.latencyMs = x.timer.elapsed();
        if (x.hadContext && !x.context)
            return;
        if (x.done)
            x.done(r);
    }

    QNetworkAccessManager* m_nam = nullptr;
    QHash<QNetworkReply*, Exchange> m_exchanges;
    QHash<int, QNetworkReply*> m_byTimer;
};

} // namespace

QByteArray HttpResponse::header(const QByteArray& name) const
{
    for (const auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

void postHttp(QNetworkAccessManager* nam, const QNetworkRequest& request, const QByteArray& body, int timeoutMs,
    QObject* context, std::function<void(const HttpResponse&)> done)
{
    HttpSession::of(nam)->send(QByteArrayLiteral("POST"), request, body, timeoutMs, context, std::move(done));
}

void sendHttp(QNetworkAccessManager* nam, const QByteArray& verb, const QNetworkRequest& request,
    const QByteArray& body, int timeoutMs, QObject* context, std::function<void(const HttpResponse&)> done)
{
    HttpSession::of(nam)->send(verb, request, body, timeoutMs, context, std::move(done));
}

qint64 parseRetryAfter(const QByteArray& value, qint64 nowMs)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return -1;
    bool ok = false;
    const double seconds = v.toDouble(&ok);
    if (ok) {
        // "nan" and "inf" parse as numbers but are no delay; the bound keeps the cast defined.
        if (!std::isfinite(seconds) || seconds < 0)
            return -1;
        return static_cast<qint64>(std::min(seconds * 1000.0 + 0.5, 9.0e15));
    }
    // HTTP-date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT". Date and time are read apart and joined
    // as UTC: read as one local date-time, a time in a DST gap of the local zone would not exist.
    const QString text = QString::fromLatin1(v);
    if (text.size() != 29 || !text.endsWith(QLatin1String(" GMT")))
        return -1;
    const QDate date = QLocale::c().toDate(text.left(16), QStringLiteral("ddd, dd MMM yyyy"));
    const QTime time = QTime::fromString(text.mid(17, 8), QStringLiteral("HH:mm:ss"));
    if (!date.isValid() || !time.isValid())
        return -1;
    return std::max<qint64>(0, QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch() - nowMs);
}

QString answerText(const HttpResponse& r, const Redactor& redactor, int maxChars)
{
    return redactor.apply(QString::fromUtf8(r.body)).trimmed().left(maxChars);
}

SendOutcome classifyHttp(const HttpResponse& r, qint64 nowMs, const Redactor& redactor)
{
    SendOutcome o;
    o.httpStatus = r.status;
    o.latencyMs = r.latencyMs;
    if (!r.refused.isEmpty()) {
        // Came, but not as an answer to take: retrying would meet the same.
        o.error = r.status > 0 ? QStringLiteral("HTTP %1: %2").arg(r.status).arg(redactor.apply(r.refused))
                               : redactor.apply(r.refused);
        o.kind = SendOutcome::Kind::Failed;
        return o;
    }
    if (r.status >= 200 && r.status < 300) {
        o.kind = SendOutcome::Kind::Delivered;
        return o;
    }
    const QString bodyText = answerText(r, redactor);
    if (r.status > 0) {
        o.error = QStringLiteral("HTTP %1").arg(r.status);
        if (!bodyText.isEmpty())
            o.error += QStringLiteral(": ") + bodyText;
        if (r.status == 429) {
            o.kind = SendOutcome::Kind::Retry;
            o.rateLimited = true;
            o.retryAfterMs = parseRetryAfter(r.header("Retry-After"), nowMs);
        } else if (r.status == 408 || r.status == 425 || r.status >= 500) {
            o.kind = SendOutcome::Kind::Retry;
            o.retryAfterMs = parseRetryAfter(r.header("Retry-After"), nowMs);
        } else {
            o.kind = SendOutcome::Kind::Failed;
        }
        return o;
    }
    o.error = redactor.apply(r.errorString);
    switch (r.error) {
    case QNetworkReply::SslHandshakeFailedError:
        o.error = QStringLiteral("TLS verification failed: ") + o.error;
        o.kind = SendOutcome::Kind::Failed;
        break;
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        o.kind = SendOutcome::Kind::Failed;
        break;
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        o.error = QStringLiteral("no answer in time (%1)").arg(o.error);
        o.kind = SendOutcome::Kind::Retry;
        break;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        o.error = QStringLiteral("proxy: ") + o.error;
        o.kind = SendOutcome::Kind::Retry;
        break;
    case QNetworkReply::ProxyAuthenticationRequiredError:
        o.error
            = QStringLiteral("proxy: ") + o.error + QStringLiteral(" (check the user and password of network.proxy)");
        o.kind = SendOutcome::Kind::Failed;
        break;
    default:
        o.kind = SendOutcome::Kind::Retry;
        break;
    }
    return o;
}

} // namespace alertdesk
