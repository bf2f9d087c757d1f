#include "IngestServer.h"

#include "AlertmanagerBatch.h"

#include "rules/Rule.h"
#include "util/Clock.h"
#include "util/ConstantTime.h"
#include "util/Duration.h"
#include "util/JsonKey.h"
#include "util/Logging.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <cmath>

namespace alertdesk {

namespace {

// A sample may be stamped at most this far ahead of the clock (the rule engine's limit too).
constexpr qint64 kMaxFutureMs = 5 * 60 * 1000;
// After refusing a body, this much of it is still read (and dropped) so the client sees the
// answer instead of a connection reset; a larger one is cut off.
constexpr qint64 kMaxDrainBytes = 8 * 1024 * 1024;
constexpr int kDrainTimeoutMs = 5000;

QByteArray rawResponse(int status, const QByteArray& reason, const QString& message)
{
    const QByteArray body
        = QJsonDocument(QJsonObject { { QStringLiteral("error"), message } }).toJson(QJsonDocument::Compact);
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
}

// Reads the raw bytes of one connection ahead of QAbstractHttpServer's parser (its readyRead
// slot is connected first) and follows the request framing, so that an oversized body is
// refused from its Content-Length alone, before anything buffers it. Qt 6.4's server has no
// body limit of its own.
class RequestGuard final : public QObject {
public:
    RequestGuard(QTcpSocket* socket, qint64 maxBody)
        : QObject(socket)
        , m_socket(socket)
        , m_maxBody(maxBody)
    {
        connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::onReadyRead);
    }

private:
    enum class State { Headers, Body, Rejected };

    void onReadyRead()
    {
        if (m_state == State::Rejected) {
            drain();
            return;
        }
        const QByteArray chunk = m_socket->peek(m_socket->bytesAvailable());
        qsizetype pos = 0;
        while (pos < chunk.size() && m_state != State::Rejected) {
            if (m_state == State::Body) {
                const qint64 take = std::min<qint64>(m_remaining, chunk.size() - pos);
                m_remaining -= take;
                pos += take;
                if (m_remaining == 0)
                    m_state = State::Headers;
                continue;
            }
            const qsizetype before = m_header.size();
            m_header.append(chunk.constData() + pos, chunk.size() - pos);
            const qsizetype end = m_header.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_header.size() > IngestServer::kMaxHeaderBytes)
                    reject(431, "Request Header Fields Too Large",
                        QStringLiteral("the request headers exceed %1 bytes").arg(IngestServer::kMaxHeaderBytes), 0);
                return;
            }
            pos += end + 4 - before;
            const QByteArray head = m_header.left(end);
            m_header.clear();
            onHeaders(head, chunk.size() - pos);
        }
    }

    void onHeaders(const QByteArray& head, qint64 bodyBytesHere)
    {
        qint64 length = 0;
        bool chunked = false;
        bool expectContinue = false;
        const QList<QByteArray> lines = head.split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length") {
                bool ok = false;
                length = value.toLongLong(&ok);
                if (!ok || length < 0)
                    return reject(400, "Bad Request", QStringLiteral("Content-Length is not a number"), 0);
            } else if (name == "transfer-encoding") {
                chunked = true;
            } else if (name == "expect" && value.toLower() == "100-continue") {
                expectContinue = true;
            }
        }
        if (chunked)
            return reject(
                411, "Length Required", QStringLiteral("send the body with a Content-Length (no chunked encoding)"), 0);
        if (length > m_maxBody)
            return reject(413, "Payload Too Large",
                QStringLiteral("the body is %1 bytes; the limit is %2").arg(length).arg(m_maxBody),
                length - std::min(length, bodyBytesHere));
        if (expectContinue && length > 0)
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        m_remaining = length;
        m_state = length > 0 ? State::Body : State::Headers;
    }

    void reject(int status, const QByteArray& reason, const QString& message, qint64 stillToCome)
    {
        qCInfo(lcSources).noquote() << "ingest: refused a request with" << status << reason;
        m_state = State::Rejected;
        m_socket->write(rawResponse(status, reason, message));
        m_drainLeft = stillToCome > kMaxDrainBytes ? 0 : stillToCome;
        (void)m_socket->readAll(); // the parser behind us sees nothing of this request
        if (m_drainLeft <= 0) {
            m_socket->disconnectFromHost();
            return;
        }
        QTimer::singleShot(kDrainTimeoutMs, this, [this] { m_socket->disconnectFromHost(); });
    }

    void drain()
    {
        m_drainLeft -= m_socket->readAll().size();
        if (m_drainLeft <= 0)
            m_socket->disconnectFromHost();
    }

    QTcpSocket* m_socket;
    qint64 m_maxBody;
    State m_state = State::Headers;
    QByteArray m_header;
    qint64 m_remaining = 0;
    qint64 m_drainLeft = 0;
};

class GuardedTcpServer final : public QTcpServer {
public:
    GuardedTcpServer(qint64 maxBody, QObject* parent)
        : QTcpServer(parent)
        , m_maxBody(maxBody)
    {
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto* socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        new RequestGuard(socket, m_maxBody); // child of the socket; connected before the parser
        addPendingConnection(socket);
    }

private:
    qint64 m_maxBody;
};

QByteArray headerValue(const QHttpServerRequest& request, const QByteArray& name, bool* present = nullptr)
{
    for (const auto& [key, value] : request.headers()) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            if (present)
                *present = true;
            return value;
        }
    }
    if (present)
        *present = false;
    return {};
}

bool isLoopbackHost(const QByteArray& host)
{
    QByteArray h = host.trimmed().toLower();
    if (h.startsWith('[')) {
        const qsizetype close = h.indexOf(']');
        h = close > 0 ? h.mid(1, close - 1) : h;
    } else if (const qsizetype colon = h.lastIndexOf(':'); colon >= 0) {
        h = h.left(colon);
    }
    return h == "127.0.0.1" || h == "localhost" || h == "::1";
}

QJsonObject fieldError(const QString& field, const QString& message)
{
    return { { QStringLiteral("error"),
        QJsonObject { { QStringLiteral("field"), field }, { QStringLiteral("message"), message } } } };
}

QJsonObject plainError(const QString& message)
{
    return { { QStringLiteral("error"), message } };
}

} // namespace

std::optional<QList<IngestSample>> parseIngestSamples(const QByteArray& body, qint64 nowMs, FieldError* error)
{
    auto fail = [error](const QString& field, const QString& message) {
        *error = { field, message };
        return std::nullopt;
    };
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError)
        return fail(QStringLiteral("body"),
            QStringLiteral("not valid JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset));
    if (!doc.isObject())
        return fail(QStringLiteral("body"), QStringLiteral("must be a JSON object with \"samples\""));
    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() != QLatin1String("samples"))
            return fail(jsonKeyField(it.key()), QStringLiteral("is not a known field (known: samples)"));
    }
    const QJsonValue samplesValue = root.value(QStringLiteral("samples"));
    if (!samplesValue.isArray())
        return fail(
            QStringLiteral("samples"), QStringLiteral("is required: an array of {\"metric\", \"value\", \"time\"}"));

    const QJsonArray samples = samplesValue.toArray();
    QList<IngestSample> parsed;
    parsed.reserve(samples.size());
    for (qsizetype i = 0; i < samples.size(); ++i) {
        const QString at = QStringLiteral("samples[%1]").arg(i);
        if (!samples[i].isObject())
            return fail(at, QStringLiteral("must be an object {\"metric\", \"value\", \"time\"}"));
        const QJsonObject s = samples[i].toObject();
        for (auto it = s.begin(); it != s.end(); ++it) {
            if (it.key() != QLatin1String("metric") && it.key() != QLatin1String("value")
                && it.key() != QLatin1String("time"))
                return fail(at + QLatin1Char('.') + jsonKeyField(it.key()),
                    QStringLiteral("is not a known field (known: metric, value, time)"));
        }
        const QJsonValue metric = s.value(QStringLiteral("metric"));
        if (!metric.isString() || !isValidMetricKey(metric.toString()))
            return fail(at + QStringLiteral(".metric"),
                QStringLiteral("must be a metric key: 1-128 letters, digits and . _ - : / @"));
        const QJsonValue value = s.value(QStringLiteral("value"));
        if (!value.isDouble() || !std::isfinite(value.toDouble()))
            return fail(at + QStringLiteral(".value"), QStringLiteral("must be a number"));
        qint64 t = nowMs;
        const QJsonValue time = s.value(QStringLiteral("time"));
        if (!time.isUndefined() && !time.isNull()) {
            QString e;
            const auto parsedTime = time.isString() ? parseIsoTime(time.toString(), &e) : std::nullopt;
            if (!parsedTime)
                return fail(
                    at + QStringLiteral(".time"), time.isString() ? e : QStringLiteral("must be an ISO 8601 string"));
            if (*parsedTime > nowMs + kMaxFutureMs)
                return fail(at + QStringLiteral(".time"),
                    QStringLiteral("is more than 5 minutes ahead of this machine's clock"));
            t = *parsedTime;
        }
        parsed.append({ metric.toString(), value.toDouble(), t });
    }
    return parsed;
}

struct IngestServer::Reply {
    int status = 200;
    QJsonObject body;
    bool authenticate = false; // add WWW-Authenticate
};

IngestServer::IngestServer(Options options, IngestHandlers handlers, Clock& clock, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_options(std::move(options))
    , m_handlers(std::move(handlers))
    , m_clock(clock)
{
}

IngestServer::~IngestServer() = default;

QByteArray IngestServer::generateToken()
{
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(raw.data()), raw.size() / 4);
    return "adk_" + raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool IngestServer::start(QString* error)
{
    auto* tcp = new GuardedTcpServer(m_options.maxBodyBytes, this);
    if (!tcp->listen(QHostAddress::LocalHost, m_options.port)) {
        *error
            = QStringLiteral("cannot listen on 127.0.0.1:%1: %2 (choose another port with: alertdesk-cli settings set "
                             "ingest.port N)")
                  .arg(m_options.port)
                  .arg(tcp->errorString());
        delete tcp;
        return false;
    }
    bind(tcp);
    m_tcp = tcp;
    qCInfo(lcSources) << "ingest API listening on 127.0.0.1:" << tcp->serverPort();
    return true;
}

quint16 IngestServer::port() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

bool IngestServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    const Reply r = route(request);
    QHttpServerResponder responder = makeResponder(request, socket);
    const auto status = static_cast<QHttpServerResponder::StatusCode>(r.status);
    const QByteArray body = QJsonDocument(r.body).toJson(QJsonDocument::Compact);
    if (r.authenticate)
        responder.write(body, { { "Content-Type", "application/json" }, { "WWW-Authenticate", "Bearer" } }, status);
    else
        responder.write(body, "application/json", status);
    qCDebug(lcSources).noquote() << "ingest:" << request.url().path() << r.status;
    Q_EMIT requestFinished(r.status);
    return true;
}

void IngestServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    makeResponder(request, socket)
        .write(QJsonDocument(plainError(QStringLiteral("not found"))), QHttpServerResponder::StatusCode::NotFound);
}

IngestServer::Reply IngestServer::route(const QHttpServerRequest& request)
{
    bool hasOrigin = false;
    headerValue(request, "origin", &hasOrigin);
    if (hasOrigin)
        return { 403, plainError(QStringLiteral("requests from web pages (with an Origin header) are refused")) };
    bool hasHost = false;
    const QByteArray host = headerValue(request, "host", &hasHost);
    if (hasHost && !isLoopbackHost(host))
        return { 403, plainError(QStringLiteral("the Host header must name 127.0.0.1 or localhost")) };

    const QByteArray auth = headerValue(request, "authorization");
    const bool bearer = auth.size() > 7 && auth.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0;
    if (!bearer || m_options.token.isEmpty() || !constantTimeEquals(auth.mid(7).trimmed(), m_options.token))
        return { 401, plainError(QStringLiteral("missing or wrong bearer token (see: alertdesk-cli api-token)")),
            true };

    if (request.body().size() > m_options.maxBodyBytes)
        return { 413,
            plainError(QStringLiteral("the body is %1 bytes; the limit is %2")
                           .arg(request.body().size())
                           .arg(m_options.maxBodyBytes)) };

    const QString path = request.url().path();
    const auto method = request.method();
    auto methodNotAllowed = [](const char* allowed) {
        return Reply { 405, plainError(QStringLiteral("use %1").arg(QLatin1String(allowed))) };
    };
    if (path == QLatin1String("/v1/health")) {
        if (method != QHttpServerRequest::Method::Get)
            return methodNotAllowed("GET");
        QJsonObject h = m_handlers.health ? m_handlers.health() : QJsonObject {};
        h.insert(QStringLiteral("status"), QStringLiteral("ok"));
        return { 200, h };
    }
    if (path == QLatin1String("/v1/alerts")) {
        if (method != QHttpServerRequest::Method::Post)
            return methodNotAllowed("POST");
        return postAlert(request.body());
    }
    if (path == QLatin1String("/v1/metrics")) {
        if (method != QHttpServerRequest::Method::Post)
            return methodNotAllowed("POST");
        return postMetrics(request.body());
    }
    if (path == QLatin1String("/v1/alertmanager")) {
        if (method != QHttpServerRequest::Method::Post)
            return methodNotAllowed("POST");
        return postAlertmanager(request);
    }
    return { 404,
        plainError(QStringLiteral("no such endpoint: %1 (known: /v1/alerts, /v1/metrics, /v1/health, "
                                  "/v1/alertmanager)")
                       .arg(path)) };
}

IngestServer::Reply IngestServer::postAlert(const QByteArray& body)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError)
        return { 400,
            fieldError(QStringLiteral("body"),
                QStringLiteral("not valid JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset)) };
    if (!doc.isObject())
        return { 400, fieldError(QStringLiteral("body"), QStringLiteral("must be a JSON object")) };
    FieldError fe;
    const std::optional<QJsonObject> accepted = m_handlers.submitAlert(doc.object(), &fe);
    if (!accepted) {
        if (fe.field == QLatin1String("storage"))
            return { 500, plainError(QStringLiteral("the alert could not be stored: %1").arg(fe.message)) };
        return { 400, fieldError(fe.field, fe.message) };
    }
    return { 202, *accepted };
}

IngestServer::Reply IngestServer::postMetrics(const QByteArray& body)
{
    FieldError fe;
    const std::optional<QList<IngestSample>> parsed = parseIngestSamples(body, m_clock.nowMs(), &fe);
    if (!parsed)
        return { 400, fieldError(fe.field, fe.message) };

    int accepted = 0;
    QJsonArray ignored, alerts, errors;
    for (qsizetype i = 0; i < parsed->size(); ++i) {
        const IngestSample& sample = parsed->at(i);
        const IngestSampleOutcome o = m_handlers.submitSample(sample.metric, sample.value, sample.timeMs);
        if (o.evaluated)
            ++accepted;
        else
            ignored.append(QJsonObject {
                { QStringLiteral("index"), static_cast<qint64>(i) }, { QStringLiteral("reason"), o.reason } });
        for (const QString& id : o.alertIds)
            alerts.append(id);
        for (const QString& e : o.errors)
            errors.append(e);
    }
    QJsonObject out { { QStringLiteral("accepted"), accepted } };
    if (!ignored.isEmpty())
        out.insert(QStringLiteral("ignored"), ignored);
    if (!alerts.isEmpty())
        out.insert(QStringLiteral("alerts"), alerts);
    if (!errors.isEmpty())
        out.insert(QStringLiteral("errors"), errors);
    return { 202, out };
}

IngestServer::Reply IngestServer::postAlertmanager(const QHttpServerRequest& request)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &pe);
    if (pe.error != QJsonParseError::NoError)
        return { 400,
            fieldError(QStringLiteral("body"),
                QStringLiteral("not valid JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset)) };
    if (!doc.isObject())
        return { 400, fieldError(QStringLiteral("body"), QStringLiteral("must be a JSON object")) };
    QStringList channels;
    for (const QString& c : request.query().allQueryItemValues(QStringLiteral("channel"), QUrl::FullyDecoded)) {
        if (!c.isEmpty() && !channels.contains(c))
            channels << c;
    }
    FieldError fe;
    const auto batch = AlertmanagerBatch::parse(doc.object(), channels, &fe);
    if (!batch)
        return { 400, fieldError(fe.field, fe.message) };
    const AlertmanagerOutcome o = m_handlers.alertmanager(*batch);
    if (!o.error.field.isEmpty())
        return { o.error.field == QLatin1String("storage") ? 500 : 400, fieldError(o.error.field, o.error.message) };
    QJsonObject out { { QStringLiteral("created"), QJsonArray::fromStringList(o.created) },
        { QStringLiteral("duplicates"), o.duplicates }, { QStringLiteral("resolved"), o.resolved },
        { QStringLiteral("unknown_resolved"), o.unknownResolved } };
    if (!o.errors.isEmpty())
        out.insert(QStringLiteral("errors"), QJsonArray::fromStringList(o.errors));
    // A storage failure is worth a retry by Alertmanager (it retries 5xx); anything else is not.
    const bool storageFailed = std::any_of(
        o.errors.begin(), o.errors.end(), [](const QString& e) { return e.startsWith(QLatin1String("storage")); });
    return { storageFailed ? 500 : 200, out };
}

} // namespace alertdesk
