// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QAbstractHttpServer>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <functional>
#include <optional>
#include <vector>

class QTcpServer;
class QTcpSocket;

namespace alertdesk {

class Clock;

// What became of one posted sample.
struct IngestSampleOutcome {
    bool evaluated = true; // false: ignored, `reason` says why
    QString reason;
    QStringList alertIds; // alerts the rules raised (committed)
    QStringList errors; // alerts the rules raised but that were refused
};

// One sample of POST /v1/metrics, checked.
struct IngestSample {
    QString metric;
    double value = 0;
    qint64 timeMs = 0;
};

// Reads a POST /v1/metrics body, {"samples": [{"metric", "value", "time"?}, ...]}; a sample
// without a time is stamped nowMs. Every sample is checked before any is used: on the first
// bad one, nullopt and *error names the field ("samples[2].value"). Pure: the fuzz target
// tests/fuzz/fuzz_ingest_metrics reads bodies through it.
std::optional<QList<IngestSample>> parseIngestSamples(const QByteArray& body, qint64 nowMs, FieldError* error);

struct AlertmanagerBatch;

// What became of one Alertmanager notification.
struct AlertmanagerOutcome {
    FieldError error; // set: nothing was done (e.g. an unknown channel)
    QStringList created; // ids of the alerts raised
    int duplicates = 0; // firing alerts that are already open
    // Firing alerts that are this desk's own, back from the cluster it pushes to (an
    // alertdesk_id label naming an alert of this history): never raised a second time.
    int ours = 0;
    int resolved = 0;
    int unknownResolved = 0; // resolved alerts AlertDesk has no open alert for
    QStringList errors;
};

// What the server does with a request, supplied by whoever wires it (the engine): the server
// parses, authenticates and validates; it never reaches into the engine itself.
struct IngestHandlers {
    // Validates and commits one alert (parseAlert's wire form) and returns the 202 answer, at
    // least {"id"} (the engine adds what became of it: deduplicated, queued, held); else sets
    // *error (field "storage" when the failure is not the client's).
    std::function<std::optional<QJsonObject>(const QJsonObject& alert, FieldError* error)> submitAlert;
    std::function<IngestSampleOutcome(const QString& metric, double value, qint64 timeMs)> submitSample;
    std::function<QJsonObject()> health;
    // Runs work in one transaction, so the alerts posted together (what arrived while the last
    // group was committed) are synced to the disk once. Returns false and sets *error when that
    // commit failed: then nothing of work was stored. Unset: each alert commits on its own.
    std::function<bool(const std::function<void()>& work, QString* error)> together;
    std::function<AlertmanagerOutcome(const AlertmanagerBatch& batch)> alertmanager;
    // The server was started before any token was made (the window does not make one at
    // start: that could make the keychain prompt) and a request brings one: look in the
    // keychain, then call IngestServer::tokenLookedUp.
    std::function<void()> lookUpToken;
};

// The local ingest API, on 127.0.0.1 only:
//   POST /v1/alerts   one alert                      -> 202 {"id": ..., "deduplicated", "queued", "held"}
//                                                       once it is committed
//   POST /v1/metrics  {"samples": [{"metric", "value", "time"?}, ...]}
//                                                    -> 202 {"accepted": N, "ignored": [...], "alerts": [...]}
//   GET  /v1/health                                  -> 200 {"status": "ok", ...}
//   POST /v1/alertmanager[?channel=NAME...]          Alertmanager's webhook (payload version 4)
//                                                    -> 200 {"created": [...], "resolved": N, ...}
// Alerts are group-committed: the ones posted at once (on many connections) are stored in one
// transaction, after the requests read in the same turn of the event loop, and each is answered
// 202 only after that commit (one sync to the disk for all of them).
// Every request needs "Authorization: Bearer TOKEN" (compared in constant time; else 401).
// A request with an Origin header (a browser page) is refused with 403, as is one whose Host
// is not a loopback name (DNS rebinding); one without exactly one Host header gets 400. A body
// over the limit gets 413 as soon as its Content-Length is read, before it is buffered; a
// POST without Content-Length (chunked, or none) gets 411; a head over 64 KiB, counted over all
// its reads, gets 431. Bad JSON or a bad field gets 400 with {"error": {"field", "message"}}.
// A request's head must arrive within headTimeoutMs of its first byte (a new connection's
// first head within as long of its opening), its body within as long again, else 408 and the
// connection is closed; a keep-alive connection idle for idleTimeoutMs is closed. Beyond
// maxConnections open connections, a new one pushes out the oldest idle one (else the oldest
// unfinished request). Every deadline runs on the Clock given to the constructor.
class IngestServer final : public QAbstractHttpServer {
    Q_OBJECT
public:
    static constexpr qint64 kDefaultMaxBodyBytes = 1024LL * 1024;
    static constexpr qint64 kMaxHeaderBytes = 64LL * 1024;
    static constexpr qint64 kDefaultHeadTimeoutMs = 10LL * 1000;
    static constexpr qint64 kDefaultIdleTimeoutMs = 30LL * 1000;
    static constexpr int kDefaultMaxConnections = 256;

    struct Options {
        quint16 port = 8765; // 0: any free port
        qint64 maxBodyBytes = kDefaultMaxBodyBytes;
        // The bearer token. Empty: none has been made yet; every request is refused (503
        // with Retry-After while IngestHandlers::lookUpToken looks for one made since).
        QByteArray token;
        qint64 headTimeoutMs = kDefaultHeadTimeoutMs; // to send a request's head (and again its body)
        qint64 idleTimeoutMs = kDefaultIdleTimeoutMs; // a keep-alive connection between requests
        int maxConnections = kDefaultMaxConnections;
    };

    IngestServer(Options options, IngestHandlers handlers, Clock& clock, QObject* parent = nullptr);
    ~IngestServer() override;

    bool start(QString* error);
    quint16 port() const;
    // Connections open now (those pushed out or timed out no longer count).
    int openConnections() const;
    // A new bearer token, for the requests from now on (a regenerated one).
    void setToken(const QByteArray& token) { m_options.token = token; }
    // The answer to IngestHandlers::lookUpToken: the token, or empty when none has been made.
    void tokenLookedUp(const QByteArray& token);
    static constexpr qint64 kTokenLookupIntervalMs = 2000; // the same token looked for once in this time

    // 32 random bytes, base64url, with a prefix that secret scanners can recognise.
    static QByteArray generateToken();

Q_SIGNALS:
    void requestFinished(int status);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    struct Reply;
    // An alert read and checked, waiting for the group commit; its connection may be gone.
    struct PendingAlert {
        const QHttpServerRequest* request;
        QPointer<QTcpSocket> socket;
        QJsonObject alert;
    };
    Reply route(const QHttpServerRequest& request);
    void answer(const QHttpServerRequest& request, QTcpSocket* socket, const Reply& r);
    // Commits the pending alerts in one transaction and answers each.
    void commitPending();
    Reply postAlert(const QByteArray& body);
    Reply postMetrics(const QByteArray& body);
    Reply postAlertmanager(const QHttpServerRequest& request);

    Options m_options;
    IngestHandlers m_handlers;
    Clock& m_clock;
    bool m_lookingUpToken = false;
    QByteArray m_lookedUpBearer; // SHA-256 of the token presented when the lookup started
    QByteArray m_refusedBearer; // ... when the last lookup found none
    qint64 m_tokenLookedUpAt = 0; // when the last lookup found none (clock ms)
    QTcpServer* m_tcp = nullptr; // child
    std::vector<PendingAlert> m_pending;
};

} // namespace alertdesk
