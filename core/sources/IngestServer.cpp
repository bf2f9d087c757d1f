// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "IngestServer.h"

#include "AlertmanagerBatch.h"

#include "rules/Rule.h"
#include "util/Clock.h"
#include "util/ConstantTime.h"
#include "util/Duration.h"
#include "util/JsonKey.h"
#include "util/Logging.h"

#include <QCryptographicHash>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <utility>

#include <cmath>

namespace alertdesk {

namespace {

// A sample may be stamped at most this far ahead of the clock (the rule engine's limit too).
constexpr qint64 kMaxFutureMs = 5LL * 60 * 1000;
// After refusing a body, this much of it is still read (and dropped) so the client sees the
// answer instead of a connection reset; a larger one is cut off.
constexpr qint64 kMaxDrainBytes = 8LL * 1024 * 1024;
constexpr int kDrainTimeoutMs = 5000;
// A burst of new connections waits in the kernel's queue rather than being turned away.
constexpr int kListenBacklog = 1024;

QByteArray rawResponse(int status, const QByteArray& reason, const QString& message)
{
    const QByteArray body
        = QJsonDocument(QJsonObject { { QStringLiteral("error"), message } }).toJson(QJsonDocument::Compact);
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
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

class GuardedTcpServer;

// Reads the raw bytes of one connection ahead of QAbstractHttpServer's parser (its readyRead
// slot is connected first) and follows the request framing, so that a request is refused from
// its head alone, before anything buffers its body. Qt 6.4's server has no limits of its own:
// this guard also gives every connection its deadlines (the head, the body, the idle time
// between requests), on the server's Clock.
class ConnectionGuard final : public QObject {
public:
    // Idle: between requests (or before the first one); Head, Body: a request arriving;
    // Closing: refused or timed out, its answer leaving and the rest of the request drained.
    enum class State { Idle, Head, Body, Closing };

    ConnectionGuard(QTcpSocket* socket, GuardedTcpServer& server);

    State state() const { return m_state; }
    // Order of the moment the connection opened, last finished a request or began closing:
    // the smaller, the older.
    quint64 since() const { return m_since; }
    // Idle after at least one request (a keep-alive connection), not a new one.
    bool served() const { return m_served; }
    QTcpSocket* socket() const { return m_socket; }

private:
    void onReadyRead();
    void beginRequest();
    void endRequest();
    void onHead(const QByteArray& head, qint64 bodyBytesHere);
    void reject(int status, const QByteArray& reason, const QString& message, qint64 stillToCome);
    void drain();
    void enter(State state, qint64 timeoutMs);
    void setDeadline(qint64 atMs);
    void onTimer(qint64 dueMs);
    void expire();

    QTcpSocket* m_socket;
    GuardedTcpServer& m_server;
    State m_state = State::Idle;
    bool m_served = false;
    quint64 m_since = 0;
    QByteArray m_header;
    qint64 m_remaining = 0;
    qint64 m_drainLeft = 0;
    qint64 m_deadlineMs = -1; // when the current state times out
    qint64 m_timerDueMs = -1; // when the one live timer fires (-1: none)
};

// Hands every accepted socket a ConnectionGuard and keeps the number of open connections
// under the cap: a new connection beyond it pushes out the oldest idle keep-alive one, else
// the oldest of those that have not sent a whole request (new or dripping), so a crowd of idle
// or dripping clients never locks a new one out.
class GuardedTcpServer final : public QTcpServer {
public:
    GuardedTcpServer(IngestServer::Options options, Clock& clock, QObject* parent)
        : QTcpServer(parent)
        , m_options(std::move(options))
        , m_clock(clock)
    {
    }

    const IngestServer::Options& options() const { return m_options; }
    Clock& clock() const { return m_clock; }
    quint64 nextTick() { return ++m_tick; }

    int openConnections()
    {
        prune();
        return static_cast<int>(m_guards.size());
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto* socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        prune();
        while (!m_guards.isEmpty() && m_guards.size() >= std::max(1, m_options.maxConnections))
            dropOne();
        m_guards.append(new ConnectionGuard(socket, *this)); // child of the socket; connected before the parser
        addPendingConnection(socket);
    }

private:
    void prune()
    {
        m_guards.removeIf([](const QPointer<ConnectionGuard>& g) {
            return !g || g->socket()->state() == QAbstractSocket::UnconnectedState;
        });
    }

    // Closing connections first (they are on their way out), then keep-alive ones between
    // requests, then new ones and requests still arriving; the oldest of its kind.
    void dropOne()
    {
        auto rank = [](const ConnectionGuard& g) {
            switch (g.state()) {
            case ConnectionGuard::State::Closing:
                return 0;
            case ConnectionGuard::State::Idle:
                return g.served() ? 1 : 2;
            case ConnectionGuard::State::Head:
            case ConnectionGuard::State::Body:
                break;
            }
            return 2;
        };
        const auto victim = std::min_element(m_guards.begin(), m_guards.end(),
            [&](const QPointer<ConnectionGuard>& a, const QPointer<ConnectionGuard>& b) {
                return std::pair(rank(*a), a->since()) < std::pair(rank(*b), b->since());
            });
        qCDebug(lcSources) << "ingest: at the limit of" << m_options.maxConnections << "connections; dropped the oldest"
                           << (rank(**victim) == 2 ? "unfinished" : "idle") << "one";
        QTcpSocket* socket = (*victim)->socket();
        m_guards.erase(victim);
        socket->abort();
    }

    IngestServer::Options m_options;
    Clock& m_clock;
    quint64 m_tick = 0;
    QList<QPointer<ConnectionGuard>> m_guards; // oldest first
};

ConnectionGuard::ConnectionGuard(QTcpSocket* socket, GuardedTcpServer& server)
    : QObject(socket)
    , m_socket(socket)
    , m_server(server)
{
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
    // A new connection has as long to send its first head as any request has.
    enter(State::Idle, m_server.options().headTimeoutMs);
}

void ConnectionGuard::onReadyRead()
{
    if (m_state == State::Closing) {
        drain();
        return;
    }
    const qint64 maxHead = IngestServer::kMaxHeaderBytes;
    const QByteArray chunk = m_socket->peek(m_socket->bytesAvailable());
    qsizetype pos = 0;
    while (pos < chunk.size() && m_state != State::Closing) {
        if (m_state == State::Body) {
            const qint64 take = std::min<qint64>(m_remaining, chunk.size() - pos);
            m_remaining -= take;
            pos += take;
            if (m_remaining == 0)
                endRequest();
            continue;
        }
        if (m_state == State::Idle)
            beginRequest();
        // The head is counted over all its reads, and never buffered beyond the limit.
        const qsizetype before = m_header.size();
        m_header.append(chunk.constData() + pos, std::min<qsizetype>(chunk.size() - pos, maxHead + 4 - before));
        const qsizetype end = m_header.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
        if (end < 0 ? m_header.size() > maxHead : end + 4 > maxHead)
            return reject(431, "Request Header Fields Too Large",
                QStringLiteral("the request headers exceed %1 bytes").arg(maxHead), 0);
        if (end < 0)
            return;
        pos += end + 4 - before;
        const QByteArray head = m_header.left(end);
        m_header.clear();
        onHead(head, chunk.size() - pos);
    }
}

void ConnectionGuard::beginRequest()
{
    // Its age for the connection cap still counts from its last whole request (or its opening).
    m_state = State::Head;
    setDeadline(m_server.clock().nowMs() + m_server.options().headTimeoutMs);
}

void ConnectionGuard::endRequest()
{
    m_served = true;
    // The parser behind us answers it within this same readyRead; then the connection idles.
    enter(State::Idle, m_server.options().idleTimeoutMs);
}

void ConnectionGuard::onHead(const QByteArray& head, qint64 bodyBytesHere)
{
    const QList<QByteArray> lines = head.split('\n');
    const QByteArray method = lines.first().left(lines.first().indexOf(' ')).trimmed();
    qint64 length = -1;
    bool chunked = false;
    bool expectContinue = false;
    QList<QByteArray> hosts;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            if (!ok || n < 0)
                return reject(400, "Bad Request", QStringLiteral("Content-Length is not a number"), 0);
            if (length >= 0 && n != length)
                return reject(400, "Bad Request", QStringLiteral("the request has two different Content-Lengths"), 0);
            length = n;
        } else if (name == "transfer-encoding") {
            chunked = true;
        } else if (name == "expect" && value.toLower() == "100-continue") {
            expectContinue = true;
        } else if (name == "host") {
            hosts << value;
        }
    }
    // Exactly one Host, and a loopback one: a page that rebinds its DNS name to 127.0.0.1 sends
    // its own name, and a second Host must not smuggle one past the check of the first.
    if (hosts.size() != 1)
        return reject(400, "Bad Request",
            QStringLiteral("a request needs exactly one Host header (it has %1)").arg(hosts.size()), 0);
    if (!isLoopbackHost(hosts.first()))
        return reject(403, "Forbidden", QStringLiteral("the Host header must name 127.0.0.1 or localhost"), 0);
    const bool carriesBody = method == "POST" || method == "PUT" || method == "PATCH";
    if (chunked || (length < 0 && carriesBody))
        return reject(
            411, "Length Required", QStringLiteral("send the body with a Content-Length (no chunked encoding)"), 0);
    length = std::max<qint64>(length, 0);
    if (length > m_server.options().maxBodyBytes)
        return reject(413, "Payload Too Large",
            QStringLiteral("the body is %1 bytes; the limit is %2").arg(length).arg(m_server.options().maxBodyBytes),
            length - std::min(length, bodyBytesHere));
    if (expectContinue && length > 0)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_remaining = length;
    if (length == 0)
        return endRequest();
    // The body has as long again as the head had.
    m_state = State::Body;
    setDeadline(m_server.clock().nowMs() + m_server.options().headTimeoutMs);
}

void ConnectionGuard::reject(int status, const QByteArray& reason, const QString& message, qint64 stillToCome)
{
    qCInfo(lcSources).noquote() << "ingest: refused a request with" << status << reason;
    enter(State::Closing, kDrainTimeoutMs);
    m_socket->write(rawResponse(status, reason, message));
    m_drainLeft = stillToCome > kMaxDrainBytes ? 0 : stillToCome;
    (void)m_socket->readAll(); // the parser behind us sees nothing of this request
    if (m_drainLeft <= 0)
        m_socket->disconnectFromHost();
}

void ConnectionGuard::drain()
{
    m_drainLeft -= m_socket->readAll().size();
    if (m_drainLeft <= 0)
        m_socket->disconnectFromHost();
}

void ConnectionGuard::enter(State state, qint64 timeoutMs)
{
    m_state = state;
    m_since = m_server.nextTick();
    setDeadline(m_server.clock().nowMs() + timeoutMs);
}

// One live timer per connection: a later deadline lets it fire and re-arm, an earlier one
// arms a new timer (the old one then finds it is no longer the live one).
void ConnectionGuard::setDeadline(qint64 atMs)
{
    m_deadlineMs = atMs;
    if (m_timerDueMs >= 0 && m_timerDueMs <= atMs)
        return;
    m_timerDueMs = atMs;
    m_server.clock().schedule(atMs - m_server.clock().nowMs(), this, [this, atMs] { onTimer(atMs); });
}

void ConnectionGuard::onTimer(qint64 dueMs)
{
    if (dueMs != m_timerDueMs)
        return;
    m_timerDueMs = -1;
    if (m_server.clock().nowMs() < m_deadlineMs)
        return setDeadline(m_deadlineMs);
    expire();
}

void ConnectionGuard::expire()
{
    switch (m_state) {
    case State::Idle:
    case State::Closing:
        qCDebug(lcSources) << "ingest: closed a connection idle for too long";
        m_socket->abort();
        return;
    case State::Head:
    case State::Body:
        qCDebug(lcSources) << "ingest: a request took too long to arrive";
        enter(State::Closing, kDrainTimeoutMs);
        m_socket->write(rawResponse(408, "Request Timeout",
            QStringLiteral("the request did not arrive within %1 ms").arg(m_server.options().headTimeoutMs)));
        (void)m_socket->readAll();
        m_socket->disconnectFromHost();
        return;
    }
}

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
    bool pending = false; // an alert to commit with the group: body is the alert
    int retryAfterSeconds = 0; // add Retry-After
};

IngestServer::IngestServer(Options options, IngestHandlers handlers, Clock& clock, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_options(std::move(options))
    , m_handlers(std::move(handlers))
    , m_clock(clock)
{
    // Qt's own categories print every request with its headers (the bearer token among them).
    guardQtNetworkLogging();
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
    auto* tcp = new GuardedTcpServer(m_options, m_clock, this);
    tcp->setListenBacklogSize(kListenBacklog);
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

int IngestServer::openConnections() const
{
    return m_tcp ? static_cast<GuardedTcpServer*>(m_tcp)->openConnections() : 0;
}

bool IngestServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    // A connection's answers go out in the order of its requests (pipelining).
    for (const PendingAlert& p : m_pending) {
        if (p.socket == socket) {
            commitPending();
            break;
        }
    }
    const Reply r = route(request);
    if (!r.pending) {
        answer(request, socket, r);
        return true;
    }
    // The other connections' requests read in this turn of the event loop join this one.
    if (m_pending.empty())
        QMetaObject::invokeMethod(this, &IngestServer::commitPending, Qt::QueuedConnection);
    m_pending.push_back({ &request, socket, r.body });
    return true;
}

void IngestServer::tokenLookedUp(const QByteArray& token)
{
    m_lookingUpToken = false;
    if (!token.isEmpty()) {
        m_options.token = token;
        return;
    }
    m_refusedBearer = m_lookedUpBearer;
    m_tokenLookedUpAt = m_clock.nowMs();
}

void IngestServer::answer(const QHttpServerRequest& request, QTcpSocket* socket, const Reply& r)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    const auto status = static_cast<QHttpServerResponder::StatusCode>(r.status);
    const QByteArray body = QJsonDocument(r.body).toJson(QJsonDocument::Compact);
    if (r.authenticate)
        responder.write(body, { { "Content-Type", "application/json" }, { "WWW-Authenticate", "Bearer" } }, status);
    else if (r.retryAfterSeconds > 0)
        responder.write(body,
            { { "Content-Type", "application/json" }, { "Retry-After", QByteArray::number(r.retryAfterSeconds) } },
            status);
    else
        responder.write(body, "application/json", status);
    qCDebug(lcSources).noquote() << "ingest:" << request.url().path() << r.status;
    Q_EMIT requestFinished(r.status);
}

void IngestServer::commitPending()
{
    if (m_pending.empty())
        return;
    const std::vector<PendingAlert> group = std::exchange(m_pending, {});
    std::vector<Reply> replies(group.size());
    auto submitAll = [&] {
        for (size_t i = 0; i < group.size(); ++i) {
            FieldError fe;
            const std::optional<QJsonObject> accepted = m_handlers.submitAlert(group[i].alert, &fe);
            if (accepted)
                replies[i] = { 202, *accepted };
            else if (fe.field == QLatin1String("storage"))
                replies[i] = { 500, plainError(QStringLiteral("the alert could not be stored: %1").arg(fe.message)) };
            else
                replies[i] = { 400, fieldError(fe.field, fe.message) };
        }
    };
    QString error;
    if (!m_handlers.together) {
        submitAll();
    } else if (!m_handlers.together(submitAll, &error)) {
        for (Reply& r : replies) {
            if (r.status == 202)
                r = { 500, plainError(QStringLiteral("the alert could not be stored: %1").arg(error)) };
        }
    }
    qCDebug(lcSources) << "ingest: committed" << group.size() << "alerts together";
    for (size_t i = 0; i < group.size(); ++i) {
        // Gone before its answer: the client retries (an alert committed twice is deduplicated
        // by its dedup key, when it has one).
        if (!group[i].socket || group[i].socket->state() != QAbstractSocket::ConnectedState)
            continue;
        answer(*group[i].request, group[i].socket, replies[i]);
    }
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
    // The Host header was checked from the raw request (ConnectionGuard): exactly one, loopback.

    const QByteArray auth = headerValue(request, "authorization");
    const bool bearer = auth.size() > 7 && auth.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0;
    if (bearer && m_options.token.isEmpty() && m_handlers.lookUpToken) {
        // `alertdesk-cli api-token` may have made one since: look (a keychain call, answered
        // later; one at a time) and ask the client to come back. A token already looked for
        // in vain is refused for a while without looking again.
        const QByteArray presented = QCryptographicHash::hash(auth.mid(7).trimmed(), QCryptographicHash::Sha256);
        if (!m_lookingUpToken && presented == m_refusedBearer
            && m_clock.nowMs() - m_tokenLookedUpAt < kTokenLookupIntervalMs)
            return { 401,
                plainError(QStringLiteral(
                    "no ingest API token has been made for this profile yet (make one: alertdesk-cli api-token)")),
                true };
        if (!m_lookingUpToken) {
            m_lookingUpToken = true;
            m_lookedUpBearer = presented;
            m_handlers.lookUpToken();
            if (!m_options.token.isEmpty()) // answered at once
                return route(request);
        }
        Reply r { 503,
            plainError(QStringLiteral("the ingest API's token is being read from the keychain; ask again")) };
        r.retryAfterSeconds = 1;
        return r;
    }
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
    Reply r { 0, doc.object() };
    r.pending = true; // submitted with the group: commitPending()
    return r;
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
        { QStringLiteral("duplicates"), o.duplicates }, { QStringLiteral("ours"), o.ours },
        { QStringLiteral("resolved"), o.resolved }, { QStringLiteral("unknown_resolved"), o.unknownResolved } };
    if (!o.errors.isEmpty())
        out.insert(QStringLiteral("errors"), QJsonArray::fromStringList(o.errors));
    // A storage failure is worth a retry by Alertmanager (it retries 5xx); anything else is not.
    const bool storageFailed = std::any_of(
        o.errors.begin(), o.errors.end(), [](const QString& e) { return e.startsWith(QLatin1String("storage")); });
    return { storageFailed ? 500 : 200, out };
}

} // namespace alertdesk
