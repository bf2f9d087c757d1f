// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "HttpTransport.h"

#include <QNetworkRequest>
#include <QObject>
#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;

namespace alertdesk {

// A GET whose answer never ends but streams one record per line (ntfy's JSON stream): each
// complete line is handed over as it arrives. The same rules as postHttp where they apply:
// no redirect is followed (a subscription's token never leaves for another origin), TLS is
// verified, and a line longer than maxLineBytes ends the stream, so a server that never sends
// a newline cannot make us hold more. An answer other than 2xx ends it with its first bytes.
class HttpLineStream final : public QObject {
    Q_OBJECT
public:
    HttpLineStream(
        QNetworkAccessManager* nam, const QNetworkRequest& request, qint64 maxLineBytes, QObject* parent = nullptr);
    ~HttpLineStream() override; // aborts a stream still open, without a signal

    void start();

Q_SIGNALS:
    void opened(); // a 2xx answer's head came
    void line(const QByteArray& line); // without its line break; empty lines are skipped
    // The stream is over: closed by the server, failed, refused, or cut for a line too long.
    // status 0 when no answer came; errorString/refused say why; body the start of a non-2xx answer.
    void ended(const alertdesk::HttpResponse& why);

private:
    void onReadyRead();
    void onFinished();
    void finish(const HttpResponse& r);

    QNetworkAccessManager* m_nam;
    QNetworkRequest m_request;
    qint64 m_maxLineBytes;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_buffer;
    bool m_opened = false;
    bool m_ended = false;
};

} // namespace alertdesk
