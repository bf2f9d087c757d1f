// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "NtfySource.h"

#include "net/HttpLineStream.h"
#include "util/Clock.h"
#include "util/Logging.h"
#include "util/Redactor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QUrlQuery>

#include <algorithm>

namespace alertdesk {

std::optional<Priority> priorityFromNtfy(int ntfyPriority)
{
    switch (ntfyPriority) {
    case 5:
        return Priority::Critical;
    case 4:
        return Priority::High;
    case 3:
        return Priority::Medium;
    case 2:
        return Priority::Low;
    case 1:
        return Priority::Info;
    default:
        return std::nullopt;
    }
}

Alert ntfyMessageAlert(const QJsonObject& event, const NtfySourceDefaults& defaults, const QDateTime& now)
{
    const QString text = event.value(QStringLiteral("message")).toString();
    const QString ntfyTitle = event.value(QStringLiteral("title")).toString().trimmed();
    const std::optional<Priority> ntfyPriority = priorityFromNtfy(event.value(QStringLiteral("priority")).toInt());
    QJsonArray tags;
    for (const QJsonValue& t : event.value(QStringLiteral("tags")).toArray()) {
        if (t.isString())
            tags.append(t);
    }
    const Priority priority = ntfyPriority.value_or(defaults.priority.value_or(Priority::Medium));
    const AlertType type = defaults.type.value_or(AlertType::Custom);
    QJsonObject origin { { QStringLiteral("source"), defaults.source }, { QStringLiteral("topic"), defaults.topic },
        { QStringLiteral("id"), event.value(QStringLiteral("id")).toString() } };
    if (const qint64 t = event.value(QStringLiteral("time")).toInteger(); t > 0)
        origin.insert(QStringLiteral("time"), QDateTime::fromSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODate));
    const QString click = event.value(QStringLiteral("click")).toString();

    // The ingest API's form: taken as it is, the defaults filling only what it leaves out.
    if (text.trimmed().startsWith(QLatin1Char('{'))) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &pe);
        if (pe.error == QJsonParseError::NoError && doc.isObject()) {
            QJsonObject in = doc.object();
            if (!in.contains(QStringLiteral("type")))
                in.insert(QStringLiteral("type"), alertTypeName(type));
            if (!in.contains(QStringLiteral("priority")))
                in.insert(QStringLiteral("priority"), priorityName(priority));
            if (!in.contains(QStringLiteral("channels")) && !defaults.channels.isEmpty())
                in.insert(QStringLiteral("channels"), QJsonArray::fromStringList(defaults.channels));
            if (!in.contains(QStringLiteral("title")) && !ntfyTitle.isEmpty())
                in.insert(QStringLiteral("title"), ntfyTitle);
            AlertParseResult r = parseAlert(in, now);
            if (r.ok()) {
                Alert a = *r.alert;
                if (!a.data.contains(QStringLiteral("tags")) && !tags.isEmpty())
                    a.data.insert(QStringLiteral("tags"), tags);
                if (!a.data.contains(QStringLiteral("ntfy")))
                    a.data.insert(QStringLiteral("ntfy"), origin);
                return a;
            }
            // Not the ingest form (a bot's own JSON): kept whole as text below.
        }
    }

    Alert a;
    a.type = type;
    a.priority = priority;
    a.channels = defaults.channels;
    if (!ntfyTitle.isEmpty()) {
        a.title = ntfyTitle;
        a.message = text;
    } else {
        const qsizetype nl = text.indexOf(QLatin1Char('\n'));
        a.title = (nl < 0 ? text : text.left(nl)).trimmed();
        a.message = nl < 0 ? QString() : text.mid(nl + 1).trimmed();
    }
    if (a.title.isEmpty() && a.message.trimmed().isEmpty())
        a.title = QStringLiteral("Empty message on ntfy topic %1").arg(defaults.topic);
    QJsonObject data { { QStringLiteral("ntfy"), origin } };
    if (!tags.isEmpty())
        data.insert(QStringLiteral("tags"), tags);
    if (!click.isEmpty())
        data.insert(QStringLiteral("click"), click);
    a.data = data;
    return a;
}

QUrl ntfySubscribeUrl(const QString& server, const QString& topic, const QString& since)
{
    QString base = server;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QUrl url(base + QLatin1Char('/') + topic + QStringLiteral("/json"));
    if (!since.isEmpty()) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("since"), since);
        url.setQuery(q);
    }
    return url;
}

NtfySource::NtfySource(Options options, QNetworkAccessManager* nam, Clock& clock, Commit commit, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_nam(nam)
    , m_clock(clock)
    , m_commit(std::move(commit))
    , m_position(m_options.position)
{
}

NtfySource::~NtfySource()
{
    dropConnection();
}

QString NtfySource::host() const
{
    return QUrl(m_options.server).host();
}

qint64 NtfySource::nextReconnectDelayMs() const
{
    const int doublings = std::clamp(m_failures - 1, 0, 30);
    return std::min(m_options.backoffCapMs, m_options.backoffBaseMs << doublings);
}

NtfySource::State NtfySource::state() const
{
    if (!m_running)
        return State::Off;
    if (m_connected)
        return State::Connected;
    return m_failures > 0 ? State::Reconnecting : State::Connecting;
}

void NtfySource::updateState()
{
    const State now = state();
    if (now == m_toldState)
        return;
    m_toldState = now;
    Q_EMIT stateChanged(now);
}

void NtfySource::start()
{
    if (m_running)
        return;
    m_running = true;
    connectNow();
    updateState();
}

void NtfySource::stop()
{
    m_running = false;
    dropConnection();
    updateState();
}

void NtfySource::dropConnection()
{
    ++m_attempt; // whatever is scheduled for the old connection no longer applies
    m_reconnectPending = false;
    m_connected = false;
    if (m_stream) {
        m_stream->disconnect(this);
        m_stream->deleteLater();
        m_stream = nullptr;
    }
}

void NtfySource::connectNow()
{
    if (!m_running)
        return;
    dropConnection();
    QNetworkRequest request(currentUrl());
    if (!m_options.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_options.token.toUtf8());
    request.setRawHeader("Accept", "application/x-ndjson");
    m_stream = new HttpLineStream(m_nam, request, m_options.maxLineBytes, this);
    connect(m_stream, &HttpLineStream::line, this, &NtfySource::onLine);
    connect(m_stream, &HttpLineStream::ended, this, &NtfySource::onEnded);
    qCDebug(lcSources).noquote() << "ntfy source" << m_options.defaults.source << ": subscribing to" << host()
                                 << (m_position.isEmpty() ? QStringLiteral("from now on")
                                                          : QStringLiteral("after ") + m_position);
    m_lastActivityMs = m_clock.nowMs();
    m_stream->start();
    scheduleSilenceCheck();
}

void NtfySource::onLine(const QByteArray& line)
{
    m_lastActivityMs = m_clock.nowMs();
    const QJsonObject event = QJsonDocument::fromJson(line).object();
    const QString kind = event.value(QStringLiteral("event")).toString();
    if (kind == QLatin1String("open")) {
        m_connected = true;
        m_failures = 0;
        m_lastError.clear();
        qCInfo(lcSources).noquote() << "ntfy source" << m_options.defaults.source << ": subscribed on" << host();
        const qint64 serverTime = event.value(QStringLiteral("time")).toInteger();
        if (m_position.isEmpty() && serverTime > 0) {
            // Nothing taken yet: what is published from now on is wanted after a drop or a restart too.
            QString error;
            const QString position = QString::number(serverTime);
            if (m_commit(std::nullopt, position, &error))
                m_position = position;
            else
                qCWarning(lcSources).noquote()
                    << "ntfy source" << m_options.defaults.source << ": cannot store where it stands:" << error;
        }
        updateState();
        return;
    }
    if (kind != QLatin1String("message"))
        return; // keepalive, poll_request: only signs of life
    const QString id = event.value(QStringLiteral("id")).toString();
    if (id.isEmpty() || id == m_position)
        return; // the message the position stands on was taken already
    const Alert alert = ntfyMessageAlert(event, m_options.defaults, m_clock.now());
    QString error;
    if (!m_commit(alert, id, &error)) {
        // Not stored: read again from the last stored position after the usual pause.
        failed(QStringLiteral("cannot store the alert of message %1: %2").arg(id, error));
        return;
    }
    m_position = id;
    ++m_taken;
    Q_EMIT messageTaken(id);
}

void NtfySource::onEnded(const HttpResponse& why)
{
    QString reason;
    if (!why.refused.isEmpty())
        reason = why.refused;
    else if (why.status != 0 && (why.status < 200 || why.status >= 300)) {
        // ntfy's refusals are {"code":40301,"http":403,"error":"forbidden",...}.
        const QString said = QJsonDocument::fromJson(why.body).object().value(QStringLiteral("error")).toString();
        reason
            = QStringLiteral("HTTP %1%2").arg(why.status).arg(said.isEmpty() ? QString() : QStringLiteral(": ") + said);
    } else
        reason = why.errorString;
    failed(reason);
}

void NtfySource::failed(const QString& why)
{
    Redactor redactor;
    if (!m_options.token.isEmpty())
        redactor.addSecret(m_options.token);
    m_lastError = redactor.apply(why);
    dropConnection();
    ++m_failures;
    scheduleReconnect();
    updateState();
}

void NtfySource::scheduleReconnect()
{
    if (!m_running || m_reconnectPending)
        return;
    m_reconnectPending = true;
    const qint64 delay = nextReconnectDelayMs();
    qCInfo(lcSources).noquote() << "ntfy source" << m_options.defaults.source << ":" << m_lastError
                                << "; reconnecting in" << delay << "ms (attempt" << m_failures << ")";
    const quint64 attempt = m_attempt;
    m_clock.schedule(delay, this, [this, attempt] {
        if (attempt != m_attempt)
            return;
        m_reconnectPending = false;
        connectNow();
        updateState();
    });
}

void NtfySource::scheduleSilenceCheck()
{
    if (m_silenceCheckPending)
        return;
    m_silenceCheckPending = true;
    const qint64 due = std::max<qint64>(0, m_lastActivityMs + m_options.silenceTimeoutMs - m_clock.nowMs());
    m_clock.schedule(due, this, [this] {
        m_silenceCheckPending = false;
        if (!m_running || !m_stream)
            return;
        if (m_clock.nowMs() - m_lastActivityMs >= m_options.silenceTimeoutMs) {
            failed(QStringLiteral("no keepalive for %1 s").arg(m_options.silenceTimeoutMs / 1000));
            return;
        }
        scheduleSilenceCheck();
    });
}

} // namespace alertdesk
