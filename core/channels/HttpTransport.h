#pragma once

#include "Channel.h"

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPair>

namespace alertdesk {

struct HttpResponse {
    int status = 0; // 0 when no HTTP answer came
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    qint64 latencyMs = 0;

    QByteArray header(const QByteArray& name) const; // case-insensitive, first match
};

// POSTs body and calls done once with what came back. The time limit covers the whole
// exchange; TLS is verified as Qt does by default and never switched off here.
void postHttp(QNetworkAccessManager* nam, QNetworkRequest request, const QByteArray& body, int timeoutMs,
              QObject* context, std::function<void(const HttpResponse&)> done);

// Retry-After as seconds or an HTTP-date, in milliseconds from nowMs; -1 when absent or unreadable.
qint64 parseRetryAfter(const QByteArray& value, qint64 nowMs);

// The generic reading of an HTTP answer: 2xx delivered; 429 retry (Retry-After obeyed);
// 408, 425 and 5xx retry; other 4xx failed for good; connection problems retry; TLS
// failures fail for good. Platform channels refine this with their own body formats.
SendOutcome classifyHttp(const HttpResponse& r, qint64 nowMs, const Redactor& redactor);

} // namespace alertdesk
