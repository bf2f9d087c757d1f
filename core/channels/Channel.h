// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "config/ChannelConfig.h"
#include "model/Alert.h"
#include "util/Redactor.h"

#include "model/FieldError.h"

#include <QMap>
#include <QObject>
#include <QSslConfiguration>
#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkRequest;

namespace alertdesk {

class Clock;
class DesktopNotifier;

// What one attempt came to, as the dispatcher needs it.
struct SendOutcome {
    enum class Kind { Delivered, Retry, Failed };
    Kind kind = Kind::Failed;
    int httpStatus = 0;
    QString error; // the platform's own text; secrets already redacted
    qint64 retryAfterMs = -1; // the platform asked us to wait exactly this long
    bool rateLimited = false; // a 429-style answer: pause the channel, not a health failure
    qint64 latencyMs = 0;

    static SendOutcome delivered(int status, qint64 latency)
    {
        return { Kind::Delivered, status, {}, -1, false, latency };
    }
};

struct DeliveryContext {
    QString idempotencyKey;
    int attempt = 1;
    int timeoutMs = 10000;
    // Why the outbox row exists (notifyPurposeName(): "alert", "resend", "renotify", ...): a
    // channel that tracks state on the platform (Alertmanager's silences) acts on it.
    QString purpose = QStringLiteral("alert");
};

// Token bucket parameters of a channel; perSecond == 0 means no pacing.
struct RatePolicy {
    double perSecond = 0;
    int burst = 1;
};

// Everything a channel may use from its surroundings; all owned elsewhere.
struct ChannelEnv {
    QNetworkAccessManager* network = nullptr;
    Clock* clock = nullptr;
    DesktopNotifier* desktop = nullptr; // set by the GUI; null in the command line
};

using SecretMap = QMap<QString, QString>; // field -> value

struct HttpResponse;

// The optional ca_file setting of a channel (a PEM file of a private certificate authority,
// trusted in addition to the system's): nullopt when absent or usable, else what is wrong with
// it, the setting called shownName in the message (e.g. "{ca_file}").
std::optional<FieldError> caFileError(const QJsonObject& settings, const QString& shownName);

// One configured destination. send() is asynchronous and calls done exactly once, on the
// channel's thread. Implementations build their payload with pure functions.
class Channel : public QObject {
    Q_OBJECT
public:
    Channel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);
    ~Channel() override;

    QString name() const { return m_config.name; }
    QString kind() const { return m_config.kind; }
    const ChannelConfig& config() const { return m_config; }
    const Redactor& redactor() const { return m_redactor; }

    virtual void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) = 0;
    virtual RatePolicy ratePolicy() const;
    // Whether follow-ups carry their purpose in the title ("[Reminder] ..."). Not where the
    // title names the alert on the platform (Alertmanager's alertname label).
    virtual bool marksFollowUpsInTitle() const { return true; }

Q_SIGNALS:
    // The platform told the channel that a non-secret setting must change (a Telegram group
    // became a supergroup with a new chat id). The channel uses the new settings at once; the
    // owner (NotificationService) saves them in the profile.
    void settingsChanged(const QString& channel, const QJsonObject& settings);

protected:
    QString secret(const QString& field) const { return m_secrets.value(field); }
    // postHttp() through the channel's network with its TLS configuration (the system's CA
    // store, plus its ca_file); done runs unless the channel is gone first.
    void post(
        QNetworkRequest request, const QByteArray& body, int timeoutMs, std::function<void(const HttpResponse&)> done);
    // The same as a GET (a status query, such as a call's progress).
    void get(const QNetworkRequest& query, int timeoutMs, std::function<void(const HttpResponse&)> done);
    // The same with another method (GET, DELETE).
    void request(const QByteArray& verb, QNetworkRequest request, const QByteArray& body, int timeoutMs,
        std::function<void(const HttpResponse&)> done);
    void updateSettings(const QJsonObject& settings)
    {
        m_config.settings = settings;
        Q_EMIT settingsChanged(m_config.name, settings);
    }

    ChannelConfig m_config;
    SecretMap m_secrets;
    ChannelEnv m_env;
    Redactor m_redactor; // knows every secret value of this channel
    std::optional<QSslConfiguration> m_tls; // with the ca_file's authorities; none without one
};

} // namespace alertdesk
