#pragma once

#include "model/Alert.h"

#include <QAbstractHttpServer>
#include <QJsonObject>
#include <functional>
#include <optional>

class QTcpServer;

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
    std::function<AlertmanagerOutcome(const AlertmanagerBatch& batch)> alertmanager;
};

// The local ingest API, on 127.0.0.1 only:
//   POST /v1/alerts   one alert                      -> 202 {"id": ..., "deduplicated", "queued", "held"}
//                                                       once it is committed
//   POST /v1/metrics  {"samples": [{"metric", "value", "time"?}, ...]}
//                                                    -> 202 {"accepted": N, "ignored": [...], "alerts": [...]}
//   GET  /v1/health                                  -> 200 {"status": "ok", ...}
//   POST /v1/alertmanager[?channel=NAME...]          Alertmanager's webhook (payload version 4)
//                                                    -> 200 {"created": [...], "resolved": N, ...}
// Every request needs "Authorization: Bearer TOKEN" (compared in constant time; else 401).
// A request with an Origin header (a browser page) is refused with 403, as is one whose Host
// is not a loopback name (DNS rebinding). A body over the limit gets 413 as soon as its
// Content-Length is read, before it is buffered; a body without Content-Length (chunked) gets
// 411. Bad JSON or a bad field gets 400 with {"error": {"field", "message"}}.
class IngestServer final : public QAbstractHttpServer {
    Q_OBJECT
public:
    static constexpr qint64 kDefaultMaxBodyBytes = 1024 * 1024;
    static constexpr qint64 kMaxHeaderBytes = 64 * 1024;

    struct Options {
        quint16 port = 8765; // 0: any free port
        qint64 maxBodyBytes = kDefaultMaxBodyBytes;
        QByteArray token; // the bearer token; an empty token refuses every request
    };

    IngestServer(Options options, IngestHandlers handlers, Clock& clock, QObject* parent = nullptr);
    ~IngestServer() override;

    bool start(QString* error);
    quint16 port() const;
    // A new bearer token, for the requests from now on (a regenerated one).
    void setToken(const QByteArray& token) { m_options.token = token; }

    // 32 random bytes, base64url, with a prefix that secret scanners can recognise.
    static QByteArray generateToken();

Q_SIGNALS:
    void requestFinished(int status);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    struct Reply;
    Reply route(const QHttpServerRequest& request);
    Reply postAlert(const QByteArray& body);
    Reply postMetrics(const QByteArray& body);
    Reply postAlertmanager(const QHttpServerRequest& request);

    Options m_options;
    IngestHandlers m_handlers;
    Clock& m_clock;
    QTcpServer* m_tcp = nullptr; // child
};

} // namespace alertdesk
