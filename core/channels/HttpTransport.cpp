#include "HttpTransport.h"

#include "HttpClient.h"
#include "util/Logging.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QNetworkAccessManager>

#include <algorithm>
#include <cmath>

namespace alertdesk {

QByteArray HttpResponse::header(const QByteArray& name) const
{
    for (const auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

void postHttp(QNetworkAccessManager* nam, QNetworkRequest request, const QByteArray& body, int timeoutMs,
              QObject* context, std::function<void(const HttpResponse&)> done)
{
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    // QNetworkAccessManager spends more per request than all the rest of a delivery together
    // (a thread hop and dozens of signal connections each); HttpClient speaks the same HTTP/1.1
    // on the same thread. Proxies and other schemes stay with QNetworkAccessManager.
    if (HttpClient* client = HttpClient::forManager(nam); client->canHandle(request)) {
        client->post(request, body, timeoutMs, context, std::move(done));
        return;
    }
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    QNetworkReply* reply = nam->post(request, body);
    QObject::connect(reply, &QNetworkReply::finished, context, [reply, timer, done = std::move(done)] {
        HttpResponse r;
        r.latencyMs = timer->elapsed();
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.error = reply->error();
        r.errorString = reply->errorString();
        r.body = reply->isOpen() ? reply->readAll() : QByteArray(); // closed after a timeout's abort
        r.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        done(r);
    });
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

SendOutcome classifyHttp(const HttpResponse& r, qint64 nowMs, const Redactor& redactor)
{
    SendOutcome o;
    o.httpStatus = r.status;
    o.latencyMs = r.latencyMs;
    if (r.status >= 200 && r.status < 300) {
        o.kind = SendOutcome::Kind::Delivered;
        return o;
    }
    const QString bodyText = redactor.apply(QString::fromUtf8(r.body.left(600)).trimmed());
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
    default:
        o.kind = SendOutcome::Kind::Retry;
        break;
    }
    return o;
}

} // namespace alertdesk
