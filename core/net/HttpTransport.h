// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "channels/Channel.h"

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QNetworkRequest>

class QNetworkAccessManager;

namespace alertdesk {

// The most of an answer a channel reads: far more than any platform's error or result, far
// less than a receiver that never stops talking could make us hold.
inline constexpr qint64 kMaxAnswerBytes = 1024LL * 1024;
// Same-origin 307/308 redirects followed for one request.
inline constexpr int kMaxRedirects = 5;

struct HttpResponse {
    int status = 0; // 0 when no HTTP answer came
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    qint64 latencyMs = 0;
    bool http2 = false; // the answer came over HTTP/2 (an HTTPS server that offered it)
    // Why the answer was not taken although it came: larger than kMaxAnswerBytes, or a
    // redirect that is not followed ("redirected to host"). Empty otherwise.
    QString refused;

    QByteArray header(const QByteArray& name) const; // case-insensitive, first match
};

// POSTs body through nam and calls done once with what came back, unless context is destroyed
// first. The time limit covers the whole exchange from this call, however slowly a server
// drips. At most kMaxAnswerBytes of the answer are read, then the reply is aborted. Redirects
// are never followed to another origin, nor by 301/302/303 (which would turn the POST into a
// GET): only a same-origin 307/308 is, with the same method, body and headers. TLS is verified
// as Qt does (the request's configuration: the system's CA store plus any CA added to it),
// never switched off; a failure names what is wrong with the certificate.
void postHttp(QNetworkAccessManager* nam, const QNetworkRequest& request, const QByteArray& body, int timeoutMs,
    QObject* context, std::function<void(const HttpResponse&)> done);
// The same for another method: GET (a status query such as a Twilio call's progress), DELETE (an
// API that manages what an alert created, such as Alertmanager's silences); a same-origin 307/308
// keeps the method.
void sendHttp(QNetworkAccessManager* nam, const QByteArray& verb, const QNetworkRequest& request,
    const QByteArray& body, int timeoutMs, QObject* context, std::function<void(const HttpResponse&)> done);

// Retry-After as seconds or an HTTP-date, in milliseconds from nowMs; -1 when absent or unreadable.
qint64 parseRetryAfter(const QByteArray& value, qint64 nowMs);

// The answer's body as text for an error message: redacted whole, then cut to maxChars, so
// that no cut can leave part of a secret unrecognised.
QString answerText(const HttpResponse& r, const Redactor& redactor, int maxChars = 600);

// The generic reading of an HTTP answer: 2xx delivered; 429 retry (Retry-After obeyed);
// 408, 425 and 5xx retry; other 4xx failed for good; connection problems retry; TLS
// failures, answers too large and redirects not followed fail for good. Platform channels
// refine this with their own body formats.
SendOutcome classifyHttp(const HttpResponse& r, qint64 nowMs, const Redactor& redactor);

} // namespace alertdesk
