// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "PriceFeed.h"

#include "rules/Rule.h"
#include "util/Clock.h"
#include "util/Duration.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>
#include <cmath>

namespace alertdesk {

namespace {
double number(const QJsonValue& v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nan("");
}

void collect(const QJsonValue& v, QList<TickerSample>* out, int depth = 0)
{
    if (depth > 2)
        return;
    if (v.isArray()) {
        for (const QJsonValue& item : v.toArray())
            collect(item, out, depth + 1);
        return;
    }
    if (!v.isObject())
        return;
    const QJsonObject o = v.toObject();
    if (o.contains(QStringLiteral("data")) && o.contains(QStringLiteral("stream"))) { // combined stream
        collect(o.value(QStringLiteral("data")), out, depth + 1);
        return;
    }
    const QString event = o.value(QStringLiteral("e")).toString();
    if (event != QLatin1String("24hrTicker") && event != QLatin1String("24hrMiniTicker"))
        return;
    const QString symbol = o.value(QStringLiteral("s")).toString().toUpper();
    if (symbol.isEmpty() || !isValidMetricKey(symbol + QStringLiteral(".change_24h_pct")))
        return;
    const qint64 t = o.value(QStringLiteral("E")).toInteger();
    const double price = number(o.value(QStringLiteral("c")));
    if (std::isfinite(price))
        out->append({ symbol + QStringLiteral(".price"), price, t });
    if (event == QLatin1String("24hrTicker")) {
        const double change = number(o.value(QStringLiteral("P")));
        if (std::isfinite(change))
            out->append({ symbol + QStringLiteral(".change_24h_pct"), change, t });
    }
}

QString symbolList(const QStringList& symbols)
{
    constexpr int kShown = 20;
    if (symbols.size() <= kShown)
        return symbols.join(QStringLiteral(", "));
    return symbols.mid(0, kShown).join(QStringLiteral(", "))
        + QStringLiteral(" and %1 more").arg(symbols.size() - kShown);
}
} // namespace

QList<TickerSample> parseTickerMessage(const QByteArray& message, QString* error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(message, &pe);
    if (pe.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset);
        return {};
    }
    QList<TickerSample> out;
    collect(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()), &out);
    return out;
}

QUrl tickerStreamUrl(const QUrl& base, const QStringList& symbols)
{
    QStringList streams;
    for (const QString& s : symbols)
        streams << s.toLower() + QStringLiteral("@ticker");
    QUrl url = base;
    QUrlQuery q(base);
    q.removeAllQueryItems(QStringLiteral("streams"));
    q.addQueryItem(QStringLiteral("streams"), streams.join(QLatin1Char('/')));
    url.setQuery(q);
    return url;
}

QStringList feedSymbolsForMetrics(const QStringList& metricKeys)
{
    QStringList out;
    for (const QString& key : metricKeys) {
        const qsizetype dot = key.indexOf(QLatin1Char('.'));
        if (dot <= 0)
            continue;
        const QString symbol = key.left(dot);
        const QString field = key.mid(dot + 1);
        if ((field == QLatin1String("price") || field == QLatin1String("change_24h_pct"))
            && symbolOfMetric(key) == symbol && !out.contains(symbol))
            out << symbol;
    }
    std::sort(out.begin(), out.end());
    return out;
}

Alert feedHealthAlert(bool stale, qint64 silentMs, const QUrl& url, const QStringList& symbols)
{
    // Only the host: a feed URL may carry a key in its query.
    const QString host = url.host().isEmpty() ? QStringLiteral("the feed") : url.host();
    const QString silence = formatDuration(silentMs / 1000 * 1000);
    Alert a;
    a.type = AlertType::Health;
    a.dedupKey = QStringLiteral("price-feed");
    if (stale) {
        a.priority = Priority::High;
        a.title = QStringLiteral("Price feed silent for %1").arg(silence);
        a.message = QStringLiteral(
            "No ticker from %1 for %2 (%3). Rules on these prices see no new values until it recovers.")
                        .arg(host, silence, symbolList(symbols));
    } else {
        a.priority = Priority::Low;
        a.title = QStringLiteral("Price feed recovered after %1").arg(silence);
        a.message = QStringLiteral("Tickers from %1 arrive again after %2 of silence (%3).")
                        .arg(host, silence, symbolList(symbols));
    }
    a.data = QJsonObject { { QStringLiteral("feed_host"), host },
        { QStringLiteral("state"), stale ? QStringLiteral("stale") : QStringLiteral("recovered") },
        { QStringLiteral("silent_ms"), silentMs }, { QStringLiteral("symbols"), QJsonArray::fromStringList(symbols) } };
    return a;
}

PriceFeed::PriceFeed(Options options, Clock& clock, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(clock)
{
}

PriceFeed::~PriceFeed()
{
    dropConnection();
}

QUrl PriceFeed::currentUrl() const
{
    return tickerStreamUrl(m_options.url, m_symbols);
}

qint64 PriceFeed::nextReconnectDelayMs() const
{
    const int doublings = std::clamp(m_failures - 1, 0, 30);
    return std::min(m_options.backoffCapMs, m_options.backoffBaseMs << doublings);
}

void PriceFeed::setSymbols(const QStringList& symbols)
{
    QStringList normalized;
    for (const QString& s : symbols) {
        if (!normalized.contains(s.toUpper()))
            normalized << s.toUpper();
    }
    std::sort(normalized.begin(), normalized.end());
    if (normalized == m_symbols)
        return;
    const bool wasActive = active();
    m_symbols = normalized;
    if (!m_running)
        return;
    if (!active()) {
        dropConnection();
        updateState();
        return;
    }
    if (!wasActive && !m_stale) {
        m_lastTickMs = m_clock.nowMs();
        scheduleStaleCheck(m_lastTickMs + m_options.staleAfterMs);
    }
    m_failures = 0;
    connectNow();
    updateState();
}

void PriceFeed::start()
{
    if (m_running)
        return;
    m_running = true;
    if (active()) {
        m_lastTickMs = m_clock.nowMs();
        scheduleStaleCheck(m_lastTickMs + m_options.staleAfterMs);
        connectNow();
    }
    updateState();
}

void PriceFeed::stop()
{
    m_running = false;
    dropConnection();
    updateState();
}

PriceFeed::State PriceFeed::state() const
{
    if (!m_running)
        return State::Off;
    if (m_symbols.isEmpty())
        return State::Idle;
    if (!m_connected)
        return m_failures > 0 ? State::Reconnecting : State::Connecting;
    return m_stale ? State::Stale : State::Connected;
}

void PriceFeed::updateState()
{
    const State now = state();
    if (now == m_toldState)
        return;
    m_toldState = now;
    Q_EMIT stateChanged(now);
}

void PriceFeed::dropConnection()
{
    ++m_attempt; // whatever is scheduled for the old attempt no longer applies
    m_reconnectPending = false;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (m_connected) {
        m_connected = false;
        Q_EMIT connectedChanged(false);
    }
}

void PriceFeed::connectNow()
{
    if (!active())
        return;
    dropConnection();
    const quint64 attempt = m_attempt;
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, &PriceFeed::onConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &PriceFeed::onDisconnected);
    connect(
        m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this, &PriceFeed::onDisconnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &PriceFeed::onMessage);
    qCDebug(lcSources).noquote() << "price feed: connecting to" << m_options.url.host() << "for" << m_symbols.size()
                                 << "symbols";
    m_socket->open(currentUrl());
    m_clock.schedule(m_options.connectTimeoutMs, this, [this, attempt] {
        if (attempt != m_attempt || m_connected)
            return;
        qCInfo(lcSources) << "price feed: no handshake after" << m_options.connectTimeoutMs << "ms; trying again";
        onDisconnected();
    });
}

void PriceFeed::onConnected()
{
    m_connected = true;
    qCInfo(lcSources).noquote() << "price feed: connected to" << m_options.url.host();
    Q_EMIT connectedChanged(true);
    updateState();
}

void PriceFeed::onDisconnected()
{
    if (m_reconnectPending || !m_socket)
        return; // error and disconnected both report one failure
    QWebSocket* old = m_socket;
    m_socket = nullptr;
    old->disconnect(this);
    old->abort();
    old->deleteLater();
    if (m_connected) {
        m_connected = false;
        Q_EMIT connectedChanged(false);
    }
    ++m_failures;
    scheduleReconnect();
    updateState();
}

void PriceFeed::scheduleReconnect()
{
    if (!active() || m_reconnectPending)
        return;
    m_reconnectPending = true;
    const qint64 delay = nextReconnectDelayMs();
    qCInfo(lcSources) << "price feed: connection lost; reconnecting in" << delay << "ms (attempt" << m_failures << ")";
    const quint64 attempt = m_attempt;
    m_clock.schedule(delay, this, [this, attempt] {
        if (attempt != m_attempt)
            return;
        m_reconnectPending = false;
        connectNow();
    });
}

void PriceFeed::onMessage(const QString& message)
{
    QString error;
    const QList<TickerSample> samples = parseTickerMessage(message.toUtf8(), &error);
    if (samples.isEmpty()) {
        ++m_ignored;
        return;
    }
    const qint64 now = m_clock.nowMs();
    m_failures = 0;
    for (const TickerSample& s : samples)
        Q_EMIT sample(s.metric, s.value, s.timeMs > 0 ? s.timeMs : now);
    if (m_stale) {
        m_stale = false;
        Q_EMIT healthAlert(feedHealthAlert(false, now - m_lastTickMs, m_options.url, m_symbols));
        m_lastTickMs = now;
        scheduleStaleCheck(now + m_options.staleAfterMs);
        updateState();
        return;
    }
    m_lastTickMs = now;
}

void PriceFeed::scheduleStaleCheck(qint64 atMs)
{
    if (m_staleCheckPending)
        return;
    m_staleCheckPending = true;
    m_clock.schedule(std::max<qint64>(0, atMs - m_clock.nowMs()), this, [this] {
        m_staleCheckPending = false;
        checkStale();
    });
}

void PriceFeed::checkStale()
{
    if (!active() || m_stale)
        return;
    const qint64 now = m_clock.nowMs();
    const qint64 silent = now - m_lastTickMs;
    if (silent >= m_options.staleAfterMs) {
        m_stale = true;
        qCWarning(lcSources) << "price feed: silent for" << silent << "ms";
        Q_EMIT healthAlert(feedHealthAlert(true, silent, m_options.url, m_symbols));
        updateState();
        return; // the next ticker schedules the next check
    }
    scheduleStaleCheck(m_lastTickMs + m_options.staleAfterMs);
}

} // namespace alertdesk
