// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "HttpLineStream.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace alertdesk {

namespace {
constexpr qint64 kErrorBodyBytes = 4096; // of a refusal: enough for any platform's error text
}

HttpLineStream::HttpLineStream(
    QNetworkAccessManager* nam, const QNetworkRequest& request, qint64 maxLineBytes, QObject* parent)
    : QObject(parent)
    , m_nam(nam)
    , m_request(request)
    , m_maxLineBytes(maxLineBytes)
{
    m_request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // A stream is never cached nor shared with another request's connection.
    m_request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    m_request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    m_request.setTransferTimeout(0); // the stream's own silence check decides when it is dead
}

HttpLineStream::~HttpLineStream()
{
    m_ended = true;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void HttpLineStream::start()
{
    if (m_reply || m_ended)
        return;
    m_reply = m_nam->get(m_request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 200 && status < 300 && !m_opened) {
            m_opened = true;
            Q_EMIT opened();
        }
    });
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpLineStream::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpLineStream::onFinished);
}

void HttpLineStream::onReadyRead()
{
    if (m_ended || !m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 200 || status >= 300) {
        // A refusal: keep its start for the error text, the rest is not read.
        m_buffer += m_reply->read(std::max<qint64>(0, kErrorBodyBytes - m_buffer.size()));
        if (m_buffer.size() >= kErrorBodyBytes)
            onFinished();
        return;
    }
    if (!m_opened) {
        m_opened = true;
        Q_EMIT opened();
    }
    const QPointer<HttpLineStream> self(this);
    while (m_reply && m_reply->bytesAvailable() > 0) {
        m_buffer += m_reply->read(m_maxLineBytes + 1);
        qsizetype start = 0;
        for (qsizetype nl = m_buffer.indexOf('\n'); nl >= 0; nl = m_buffer.indexOf('\n', start)) {
            QByteArray l = m_buffer.mid(start, nl - start);
            start = nl + 1;
            if (l.endsWith('\r'))
                l.chop(1);
            if (!l.isEmpty())
                Q_EMIT line(l);
            if (!self || m_ended)
                return; // the receiver stopped the stream
        }
        m_buffer.remove(0, start);
        if (m_buffer.size() > m_maxLineBytes) {
            HttpResponse r;
            r.status = status;
            r.refused = QStringLiteral("a line longer than %1 KiB: cut off").arg(m_maxLineBytes / 1024);
            finish(r);
            return;
        }
    }
}

void HttpLineStream::onFinished()
{
    if (m_ended || !m_reply)
        return;
    HttpResponse r;
    r.status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.error = m_reply->error();
    r.errorString
        = r.error == QNetworkReply::NoError ? QStringLiteral("the server ended the stream") : m_reply->errorString();
    if (r.status >= 300 && r.status < 400) {
        // Only the host: the target's path or query may carry a secret.
        const QUrl target = m_reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
        const QUrl resolved = m_reply->url().resolved(target);
        r.refused = QStringLiteral("redirected to %1")
                        .arg(resolved.host().isEmpty() ? QStringLiteral("another address") : resolved.host());
    } else if (r.status != 0 && (r.status < 200 || r.status >= 300)) {
        m_buffer += m_reply->read(std::max<qint64>(0, kErrorBodyBytes - m_buffer.size()));
        r.body = m_buffer.left(kErrorBodyBytes);
    }
    for (const QByteArray& h : m_reply->rawHeaderList())
        r.headers.append({ h, m_reply->rawHeader(h) });
    finish(r);
}

void HttpLineStream::finish(const HttpResponse& r)
{
    if (m_ended)
        return;
    m_ended = true;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    m_buffer.clear();
    Q_EMIT ended(r);
}

} // namespace alertdesk
