// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QObject>
#include <QStringList>
#include <QUrl>

class QWebSocket;

namespace alertdesk {

class Clock;

struct TickerSample {
    QString metric; // "BTCUSDT.price", "BTCUSDT.change_24h_pct"
    double value = 0;
    qint64 timeMs = 0; // the exchange's event time; 0 when the message had none
};

// Pure: the samples in one message of a Binance-style ticker stream: a 24hrTicker or
// 24hrMiniTicker event, bare, in an array (all-market streams) or wrapped by a combined
// stream ({"stream": ..., "data": ...}). Prices may be strings (as Binance sends them) or
// numbers. Other events give no samples; a message that is not JSON sets *error.
QList<TickerSample> parseTickerMessage(const QByteArray& message, QString* error);
// Pure: the combined-stream URL for the symbols: base?streams=btcusdt@ticker/ethusdt@ticker.
QUrl tickerStreamUrl(const QUrl& base, const QStringList& symbols);
// Pure: the symbols the feed must stream for these metric keys (SYMBOL.price and
// SYMBOL.change_24h_pct), upper case, sorted, without duplicates.
QStringList feedSymbolsForMetrics(const QStringList& metricKeys);
// Pure: the HEALTH alert for a feed gone silent (stale) or back (recovered).
Alert feedHealthAlert(bool stale, qint64 silentMs, const QUrl& url, const QStringList& symbols);

// A WebSocket client of an exchange's public ticker stream. It streams the symbols it is
// given, emits one sample per price it receives, reconnects with exponential backoff when the
// connection fails or drops, and raises a HEALTH alert when no ticker has arrived for
// staleAfterMs (and another when one arrives again). All its timing runs on the Clock.
class PriceFeed final : public QObject {
    Q_OBJECT
public:
    struct Options {
        QUrl url;
        qint64 staleAfterMs = 30000;
        qint64 backoffBaseMs = 1000; // first reconnect delay; doubles per failed attempt
        qint64 backoffCapMs = 60000;
        qint64 connectTimeoutMs = 10000; // a handshake that takes longer is abandoned
    };

    // What the window's status bar shows. Idle: running, but no rule watches a price.
    enum class State { Off, Idle, Connecting, Connected, Reconnecting, Stale };
    Q_ENUM(State)

    PriceFeed(Options options, Clock& clock, QObject* parent = nullptr);
    ~PriceFeed() override;

    // Streams these symbols from now on (reconnecting when the set changes); none: idle.
    void setSymbols(const QStringList& symbols);
    QStringList symbols() const { return m_symbols; }
    void start();
    void stop();

    bool isConnected() const { return m_connected; }
    bool isStale() const { return m_stale; }
    int failedAttempts() const { return m_failures; }
    qint64 nextReconnectDelayMs() const;
    QUrl currentUrl() const;
    qint64 messagesIgnored() const { return m_ignored; }
    State state() const;

Q_SIGNALS:
    void sample(const QString& metric, double value, qint64 timeMs);
    void healthAlert(const alertdesk::Alert& alert);
    void connectedChanged(bool connected);
    void stateChanged(alertdesk::PriceFeed::State state); // whenever state() changes

private:
    void connectNow();
    void dropConnection();
    void onConnected();
    void onDisconnected();
    void onMessage(const QString& message);
    void scheduleReconnect();
    void scheduleStaleCheck(qint64 atMs);
    void checkStale();
    bool active() const { return m_running && !m_symbols.isEmpty(); }
    void updateState(); // emits stateChanged when state() differs from the last one told

    Options m_options;
    Clock& m_clock;
    QWebSocket* m_socket = nullptr; // owned; replaced on every attempt
    QStringList m_symbols;
    bool m_running = false;
    bool m_connected = false;
    bool m_reconnectPending = false;
    bool m_stale = false;
    int m_failures = 0;
    quint64 m_attempt = 0; // identifies the current connection attempt
    qint64 m_lastTickMs = 0; // last ticker (or the start of waiting for one)
    bool m_staleCheckPending = false;
    qint64 m_ignored = 0;
    State m_toldState = State::Off;
};

} // namespace alertdesk
