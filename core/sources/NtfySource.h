// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QObject>
#include <QUrl>
#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace alertdesk {

class Clock;
class HttpLineStream;
struct HttpResponse;

// What a source adds to the alerts its messages make, unless a message says otherwise.
struct NtfySourceDefaults {
    QString source; // the source's name, recorded in the alert's data
    QString topic;
    std::optional<AlertType> type; // else CUSTOM
    std::optional<Priority> priority; // else MEDIUM (ntfy's default, 3)
    QStringList channels; // else the routing's
};

// Pure: ntfy's priorities 5..1 as AlertDesk's CRITICAL..INFO; nullopt outside 1..5.
std::optional<Priority> priorityFromNtfy(int ntfyPriority);
// Pure: the alert one ntfy `message` event makes. A message body in the ingest API's form (a
// JSON object that POST /v1/alerts takes) is taken as it is, the defaults filling only what it
// leaves out. Any other body (TradingView's usual plain text) becomes the title (its first
// line, or ntfy's title when the message has one) and the message (the rest), every
// character kept ("{{ticker}}" stays "{{ticker}}"). ntfy's priority and tags (as data.tags,
// which routing matches) map onto the alert's; data.ntfy records the source, topic, id and time.
Alert ntfyMessageAlert(const QJsonObject& event, const NtfySourceDefaults& defaults, const QDateTime& now);
// Pure: <server>/<topic>/json, with since=<position> when there is one.
QUrl ntfySubscribeUrl(const QString& server, const QString& topic, const QString& since);

// A subscriber of one ntfy topic's JSON stream (GET <server>/<topic>/json). Each `message`
// event becomes an alert, handed to the commit function together with the message's id; the
// id is the position the subscription resumes from (since=<id>) after a dropped connection or
// a restart, so commit must store both in one transaction. Until a first message, the position
// is the server's time of the first `open` event, stored the same way. It reconnects with
// exponential backoff, and a stream silent for longer than silenceTimeoutMs (ntfy sends a
// keepalive every 45 s) is taken for dead and opened again. All its timing runs on the Clock.
class NtfySource final : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString server; // https://ntfy.sh
        QString topic;
        QString token; // bearer token; empty for a public topic
        NtfySourceDefaults defaults;
        QString position; // where the stored subscription stands; empty: from now on
        qint64 backoffBaseMs = 1000;
        qint64 backoffCapMs = 60000;
        qint64 silenceTimeoutMs = 120000;
        qint64 maxLineBytes = 256LL * 1024; // ntfy's messages are 4 KiB by default
    };
    // Stores the alert (none: only the position moves) and the position in one transaction.
    // false and *error: nothing was stored; the stream is opened again from the stored position.
    using Commit = std::function<bool(const std::optional<Alert>& alert, const QString& position, QString* error)>;

    enum class State { Off, Connecting, Connected, Reconnecting };
    Q_ENUM(State)

    NtfySource(Options options, QNetworkAccessManager* nam, Clock& clock, Commit commit, QObject* parent = nullptr);
    ~NtfySource() override;

    void start();
    void stop();

    State state() const;
    QString position() const { return m_position; }
    int failedAttempts() const { return m_failures; }
    qint64 messagesTaken() const { return m_taken; }
    qint64 nextReconnectDelayMs() const;
    QString lastError() const { return m_lastError; } // never quotes the token
    qint64 lastActivityMs() const { return m_lastActivityMs; } // the last line or connection (Clock time)
    QString host() const;
    QUrl currentUrl() const { return ntfySubscribeUrl(m_options.server, m_options.topic, m_position); }

Q_SIGNALS:
    void stateChanged(alertdesk::NtfySource::State state); // whenever state() changes
    void messageTaken(const QString& id);

private:
    void connectNow();
    void dropConnection();
    void onLine(const QByteArray& line);
    void onEnded(const HttpResponse& why);
    void failed(const QString& why);
    void scheduleReconnect();
    void scheduleSilenceCheck();
    void updateState();

    Options m_options;
    QNetworkAccessManager* m_nam;
    Clock& m_clock;
    Commit m_commit;
    HttpLineStream* m_stream = nullptr; // child; one per connection
    QString m_position;
    bool m_running = false;
    bool m_connected = false; // the server's `open` event came
    bool m_reconnectPending = false;
    bool m_silenceCheckPending = false;
    int m_failures = 0;
    quint64 m_attempt = 0; // identifies the current connection
    qint64 m_lastActivityMs = 0;
    qint64 m_taken = 0;
    QString m_lastError;
    State m_toldState = State::Off;
};

} // namespace alertdesk
