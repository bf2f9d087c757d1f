// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertmanagerChannel.h"

#include "PayloadText.h"
#include "model/Notification.h"
#include "net/HttpTransport.h"
#include "util/Clock.h"
#include "util/Duration.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QPointer>
#include <QSysInfo>
#include <QUrl>
#include <QUrlQuery>
#include <algorithm>
#include <memory>

namespace alertdesk {

namespace {
QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

// Alertmanager takes label and annotation names of [a-zA-Z_][a-zA-Z0-9_]* only.
QString labelName(const QString& key)
{
    QString n;
    for (const QChar c : key)
        n += (c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('_') ? c : QLatin1Char('_');
    if (n.isEmpty() || n.front().isDigit())
        n.prepend(QLatin1Char('_'));
    return n;
}

// How errors name a peer: its URL without anything that could be a credential.
QString peerLabel(const QString& url)
{
    return QUrl(url).toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

QString idLabel()
{
    return QStringLiteral("alertdesk_id");
}

// A silence id as Alertmanager makes them (a UUID): anything else is not looked up.
bool plainSilenceId(const QString& id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    return std::all_of(id.begin(), id.end(), [](QChar c) {
        return (c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('-') || c == QLatin1Char('_');
    });
}

// A peer's text as the history keeps it: control characters as spaces (line feeds and tabs kept
// where lines are allowed), cut with "…" to limit characters.
QString peerText(const QString& text, int limit, bool lines)
{
    QString out = text.left(limit + 1);
    for (QChar& c : out) {
        const bool kept = lines && (c == QLatin1Char('\n') || c == QLatin1Char('\t'));
        if ((c.unicode() < 0x20 && !kept) || c.unicode() == 0x7f)
            c = QLatin1Char(' ');
    }
    if (out.size() > limit) {
        out.truncate(limit - 1);
        if (!out.isEmpty() && out.back().isHighSurrogate())
            out.chop(1);
        out += QChar(0x2026);
    }
    return out;
}

std::optional<QJsonDocument> jsonAnswer(const QByteArray& answer)
{
    QJsonParseError pe {};
    QJsonDocument doc = QJsonDocument::fromJson(answer, &pe);
    if (pe.error != QJsonParseError::NoError)
        return std::nullopt;
    return doc;
}
} // namespace

std::optional<QStringList> alertmanagerSilencedBy(const QByteArray& answer, const QString& alertId)
{
    const auto doc = jsonAnswer(answer);
    if (!doc || !doc->isArray())
        return std::nullopt;
    QStringList ids;
    bool found = false;
    for (const QJsonValue& v : doc->array()) {
        const QJsonObject a = v.toObject();
        // Only that alert, whatever the peer's filter matched.
        if (a.value(QStringLiteral("labels")).toObject().value(idLabel()).toString() != alertId)
            continue;
        found = true;
        const QJsonArray by
            = a.value(QStringLiteral("status")).toObject().value(QStringLiteral("silencedBy")).toArray();
        for (const QJsonValue& s : by) {
            const QString id = s.toString();
            if (ids.size() < kMaxClusterSilences && plainSilenceId(id) && !ids.contains(id))
                ids << id;
        }
    }
    // A peer that does not hold the alert (it missed the push, or restarted since) cannot say
    // what silences it: not a sign that they ended.
    if (!found)
        return std::nullopt;
    return ids;
}

std::optional<AlertmanagerSilence> alertmanagerSilence(const QByteArray& answer, const QString& id)
{
    const auto doc = jsonAnswer(answer);
    if (!doc || !doc->isObject())
        return std::nullopt;
    const QJsonObject o = doc->object();
    if (id.isEmpty() || o.value(QStringLiteral("id")).toString() != id)
        return std::nullopt;
    AlertmanagerSilence out;
    out.silence.id = id;
    out.silence.createdBy
        = peerText(o.value(QStringLiteral("createdBy")).toString(), ClusterSilence::kCreatedByLimit, false);
    out.silence.comment = peerText(o.value(QStringLiteral("comment")).toString(), AlertEvent::kNoteLimit, true);
    const QDateTime ends = QDateTime::fromString(o.value(QStringLiteral("endsAt")).toString(), Qt::ISODateWithMs);
    if (ends.isValid())
        out.silence.endsAt = ends.toUTC();
    out.state
        = peerText(o.value(QStringLiteral("status")).toObject().value(QStringLiteral("state")).toString(), 16, false);
    return out;
}

QString alertmanagerSeverity(Priority p)
{
    switch (p) {
    case Priority::Critical:
        return QStringLiteral("critical");
    case Priority::High:
        return QStringLiteral("high");
    case Priority::Medium:
        return QStringLiteral("warning");
    case Priority::Low:
        return QStringLiteral("low");
    case Priority::Info:
        break;
    }
    return QStringLiteral("info");
}

QJsonObject alertmanagerLabels(const Alert& alert, const QString& instance)
{
    QJsonObject labels {
        { QStringLiteral("alertname"), alert.title },
        { QStringLiteral("severity"), alertmanagerSeverity(alert.priority) },
        { QStringLiteral("type"), alertTypeName(alert.type).toLower() },
        { idLabel(), alert.id },
        { QStringLiteral("instance"), instance },
    };
    if (!alert.symbol.isEmpty())
        labels.insert(QStringLiteral("symbol"), alert.symbol);
    if (!alert.strategy.isEmpty())
        labels.insert(QStringLiteral("strategy"), alert.strategy);
    return labels;
}

QByteArray alertmanagerAlertsPayload(const Alert& alert, const QString& instance, qint64 resolvedAtMs)
{
    QJsonObject annotations;
    for (auto it = alert.data.begin(); it != alert.data.end(); ++it) {
        const QJsonValue v = it.value();
        QString text;
        if (v.isString())
            text = v.toString();
        else if (v.isObject())
            text = QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        else if (v.isArray())
            text = QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
        else if (v.isBool())
            text = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        else if (v.isDouble())
            text = QString::number(v.toDouble(), 'g', 15);
        annotations.insert(labelName(it.key()), text);
    }
    // The alert's own texts win over data keys of the same name.
    annotations.insert(QStringLiteral("summary"), alert.title);
    if (!alert.message.isEmpty())
        annotations.insert(QStringLiteral("description"), alert.message);
    if (!alert.position.isEmpty())
        annotations.insert(QStringLiteral("position"), alert.position);

    QJsonObject a {
        { QStringLiteral("labels"), alertmanagerLabels(alert, instance) },
        { QStringLiteral("annotations"), annotations },
        { QStringLiteral("startsAt"), alert.createdAt.toUTC().toString(Qt::ISODateWithMs) },
        { QStringLiteral("generatorURL"), QString(QStringLiteral("alertdesk://alert/") + alert.id) },
    };
    if (resolvedAtMs >= 0)
        a.insert(QStringLiteral("endsAt"), isoTime(resolvedAtMs));
    return QJsonDocument(QJsonArray { a }).toJson(QJsonDocument::Compact);
}

QByteArray alertmanagerSilencePayload(
    const QString& alertId, qint64 startsAtMs, qint64 endsAtMs, const QString& createdBy, const QString& comment)
{
    const QJsonObject matcher { { QStringLiteral("name"), idLabel() }, { QStringLiteral("value"), alertId },
        { QStringLiteral("isRegex"), false }, { QStringLiteral("isEqual"), true } };
    const QJsonObject s {
        { QStringLiteral("matchers"), QJsonArray { matcher } },
        { QStringLiteral("startsAt"), isoTime(startsAtMs) },
        { QStringLiteral("endsAt"), isoTime(endsAtMs) },
        { QStringLiteral("createdBy"), createdBy },
        { QStringLiteral("comment"), comment },
    };
    return QJsonDocument(s).toJson(QJsonDocument::Compact);
}

AlertmanagerChannel::AlertmanagerChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent)
    : Channel(std::move(config), std::move(secrets), env, parent)
{
    // The Authorization header's forms, should a peer echo one back.
    const QString basic = secret(QStringLiteral("basic_auth"));
    if (!basic.isEmpty()) {
        m_redactor.addSecret(QString::fromLatin1(basic.toUtf8().toBase64()));
        if (const qsizetype colon = basic.indexOf(QLatin1Char(':')); colon >= 0 && colon + 1 < basic.size())
            m_redactor.addSecret(basic.mid(colon + 1));
    }
}

qint64 AlertmanagerChannel::resendIntervalMs(const ChannelConfig& config)
{
    const QString text = config.settings.value(QStringLiteral("resend_interval")).toString();
    if (text.isEmpty())
        return kDefaultResendMs;
    QString error;
    return parseDuration(text, &error).value_or(-1);
}

QString AlertmanagerChannel::instance() const
{
    const QString i = m_config.settings.value(QStringLiteral("instance")).toString();
    return i.isEmpty() ? QSysInfo::machineHostName() : i;
}

QStringList AlertmanagerChannel::peers() const
{
    return settingsList(m_config.settings, QStringLiteral("urls"));
}

QNetworkRequest AlertmanagerChannel::apiRequest(const QString& peer, const QString& path) const
{
    QString base = peer;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QNetworkRequest req(QUrl(base + path));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("AlertDesk/1"));
    if (const QString basic = secret(QStringLiteral("basic_auth")); !basic.isEmpty())
        req.setRawHeader("Authorization", "Basic " + basic.toUtf8().toBase64());
    else if (const QString token = secret(QStringLiteral("bearer_token")); !token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    return req;
}

void AlertmanagerChannel::send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done)
{
    const qint64 now = m_env.clock->nowMs();
    const int timeoutMs = ctx.timeoutMs;
    const bool resend = ctx.purpose == notifyPurposeName(NotifyPurpose::Resend);
    switch (alert.state) {
    case AlertState::Acknowledged:
        if (resend)
            break; // silenced once, at the acknowledgement; the re-send keeps it firing behind it
        silence(alert, now + kAcknowledgeSilenceMs, timeoutMs, std::move(done));
        return;
    case AlertState::Snoozed:
        if (ctx.purpose == notifyPurposeName(NotifyPurpose::Snoozed)) {
            if (!alert.snoozedUntil.isValid() || alert.snoozedUntil.toMSecsSinceEpoch() <= now) {
                done(SendOutcome::delivered(0, 0)); // the snooze is over already: nothing to silence
                return;
            }
            silence(alert, alert.snoozedUntil.toMSecsSinceEpoch(), timeoutMs, std::move(done));
            return;
        }
        break; // a re-send of a snoozed alert keeps it firing behind its silence
    case AlertState::Resolved: {
        const QString id = alert.id;
        m_known.remove(id);
        m_reported.remove(id);
        push(alert, now, timeoutMs, [this, id, timeoutMs, done = std::move(done)](const SendOutcome& pushed) mutable {
            if (pushed.kind != SendOutcome::Kind::Delivered) {
                done(pushed);
                return;
            }
            expireSilences(id, timeoutMs, std::move(done));
        });
        return;
    }
    case AlertState::Open:
        if (ctx.purpose == notifyPurposeName(NotifyPurpose::Renotify)) {
            // A snooze that ended: its silence goes too, in case it was set to last longer.
            const QString id = alert.id;
            push(
                alert, -1, timeoutMs, [this, id, timeoutMs, done = std::move(done)](const SendOutcome& pushed) mutable {
                    if (pushed.kind != SendOutcome::Kind::Delivered) {
                        done(pushed);
                        return;
                    }
                    expireSilences(id, timeoutMs, std::move(done), true);
                });
            return;
        }
        break;
    }
    if (resend) {
        // The webhook never tells of silences: after each re-send, ask which hold the alert.
        const QString id = alert.id;
        push(alert, -1, timeoutMs,
            [self = QPointer<AlertmanagerChannel>(this), id, timeoutMs, done = std::move(done)](
                const SendOutcome& pushed) {
                done(pushed);
                if (self && pushed.kind == SendOutcome::Kind::Delivered)
                    self->checkSilences(id, timeoutMs);
            });
        return;
    }
    push(alert, -1, timeoutMs, std::move(done));
}

void AlertmanagerChannel::push(
    const Alert& alert, qint64 resolvedAtMs, int timeoutMs, std::function<void(SendOutcome)> done)
{
    const QStringList urls = peers();
    QList<ChannelTarget> targets;
    for (int i = 0; i < urls.size(); ++i)
        targets << ChannelTarget { QString::number(i), peerLabel(urls[i]) };
    const QByteArray body = alertmanagerAlertsPayload(alert, instance(), resolvedAtMs);
    Clock* clock = m_env.clock;
    m_fanout.run(
        {}, targets,
        [=, this](const ChannelTarget& t, std::function<void(SendOutcome)> one) {
            post(apiRequest(urls.value(t.id.toInt()), QStringLiteral("/api/v2/alerts")), body, timeoutMs,
                [this, clock, one = std::move(one)](const HttpResponse& r) {
                    const SendOutcome o = classifyHttp(r, clock->nowMs(), m_redactor);
                    if (o.kind != SendOutcome::Kind::Delivered)
                        qCDebug(lcChannels).noquote() << "alertmanager" << m_config.name << o.error;
                    one(o);
                });
        },
        std::move(done), TargetFanout::Need::Any);
}

QString AlertmanagerChannel::createdBy() const
{
    QString configured = m_config.settings.value(QStringLiteral("created_by")).toString();
    if (!configured.isEmpty())
        return configured;
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return user.isEmpty() ? instance() : user + QLatin1Char('@') + instance();
}

void AlertmanagerChannel::silence(
    const Alert& alert, qint64 endsAtMs, int timeoutMs, std::function<void(SendOutcome)> done)
{
    // Alertmanager refuses a silence without a comment.
    QString comment = alert.followUpNote;
    if (comment.isEmpty())
        comment = alert.state == AlertState::Snoozed ? QStringLiteral("Snoozed in AlertDesk")
                                                     : QStringLiteral("Acknowledged in AlertDesk");
    const QByteArray body = alertmanagerSilencePayload(alert.id, m_env.clock->nowMs(), endsAtMs, createdBy(), comment);
    postSilence(body, 0, {}, timeoutMs, std::move(done));
}

void AlertmanagerChannel::postSilence(
    const QByteArray& body, int index, const QString& errors, int timeoutMs, std::function<void(SendOutcome)> done)
{
    const QStringList urls = peers();
    if (index >= urls.size()) {
        SendOutcome o;
        o.kind = SendOutcome::Kind::Retry;
        o.error = QStringLiteral("no peer took the silence: ") + errors;
        done(o);
        return;
    }
    Clock* clock = m_env.clock;
    const QString label = peerLabel(urls[index]);
    post(apiRequest(urls[index], QStringLiteral("/api/v2/silences")), body, timeoutMs,
        [=, this, done = std::move(done)](const HttpResponse& r) mutable {
            SendOutcome o = classifyHttp(r, clock->nowMs(), m_redactor);
            // One peer is enough: the cluster gossips silences to the others.
            if (o.kind == SendOutcome::Kind::Delivered) {
                // Its id tells our own silence from a colleague's when the cluster lists it.
                const auto made = jsonAnswer(r.body);
                if (const QString id = made ? made->object().value(QStringLiteral("silenceID")).toString() : QString();
                    plainSilenceId(id)) {
                    if (m_ownSilences.size() >= kMaxWatched)
                        m_ownSilences.clear(); // createdBy still tells them
                    m_ownSilences.insert(id);
                }
                o.error = errors;
                done(o);
                return;
            }
            if (o.kind == SendOutcome::Kind::Failed && r.status >= 400 && r.status < 500) {
                done(o); // the silence itself is refused: another peer would refuse it too
                return;
            }
            postSilence(body, index + 1,
                errors + (errors.isEmpty() ? QString() : QStringLiteral("; ")) + label + QStringLiteral(": ") + o.error,
                timeoutMs, std::move(done));
        });
}

void AlertmanagerChannel::expireSilences(
    const QString& alertId, int timeoutMs, std::function<void(SendOutcome)> done, bool onlyOwn)
{
    expireFrom(alertId, 0, {}, timeoutMs, std::move(done), onlyOwn);
}

void AlertmanagerChannel::expireFrom(const QString& alertId, int index, const QString& errors, int timeoutMs,
    std::function<void(SendOutcome)> done, bool onlyOwn)
{
    const QStringList urls = peers();
    if (index >= urls.size()) {
        SendOutcome o;
        o.kind = SendOutcome::Kind::Retry;
        o.error = QStringLiteral("no peer listed the silences: ") + errors;
        done(o);
        return;
    }
    Clock* clock = m_env.clock;
    const QString& peer = urls.at(index);
    const QString label = peerLabel(peer);
    QNetworkRequest list = apiRequest(peer, QStringLiteral("/api/v2/silences"));
    QUrl url = list.url();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("filter"), QStringLiteral("%1=\"%2\"").arg(idLabel(), alertId));
    url.setQuery(query);
    list.setUrl(url);
    request("GET", list, {}, timeoutMs, [=, this, done = std::move(done)](const HttpResponse& r) mutable {
        const SendOutcome o = classifyHttp(r, clock->nowMs(), m_redactor);
        if (o.kind != SendOutcome::Kind::Delivered) {
            expireFrom(alertId, index + 1,
                errors + (errors.isEmpty() ? QString() : QStringLiteral("; ")) + label + QStringLiteral(": ") + o.error,
                timeoutMs, std::move(done), onlyOwn);
            return;
        }
        QStringList ids;
        const QString mine = createdBy();
        for (const QJsonValue& v : QJsonDocument::fromJson(r.body).array()) {
            const QJsonObject s = v.toObject();
            if (s.value(QStringLiteral("status")).toObject().value(QStringLiteral("state")).toString()
                == QLatin1String("expired"))
                continue;
            // A snooze that ends takes back its own silences, not a colleague's.
            if (onlyOwn && !m_ownSilences.contains(s.value(QStringLiteral("id")).toString())
                && s.value(QStringLiteral("createdBy")).toString() != mine)
                continue;
            // Only the silences of this alert alone, whatever the peer's filter matched.
            const QJsonArray matchers = s.value(QStringLiteral("matchers")).toArray();
            if (matchers.size() == 1
                && matchers.first().toObject().value(QStringLiteral("name")).toString() == idLabel()
                && matchers.first().toObject().value(QStringLiteral("value")).toString() == alertId)
                ids << s.value(QStringLiteral("id")).toString();
        }
        if (ids.isEmpty()) {
            done(SendOutcome::delivered(r.status, r.latencyMs));
            return;
        }
        struct State {
            int outstanding = 0;
            QList<TargetResult> results;
            std::function<void(SendOutcome)> done;
        };
        auto st = std::make_shared<State>();
        st->outstanding = static_cast<int>(ids.size());
        st->done = std::move(done);
        for (const QString& id : std::as_const(ids)) {
            request("DELETE",
                apiRequest(peer, QStringLiteral("/api/v2/silence/") + QString::fromLatin1(QUrl::toPercentEncoding(id))),
                {}, timeoutMs, [this, clock, st, id](const HttpResponse& d) {
                    st->results << TargetResult { QStringLiteral("silence ") + id,
                        classifyHttp(d, clock->nowMs(), m_redactor) };
                    if (--st->outstanding == 0)
                        st->done(combineTargetOutcomes(st->results));
                });
        }
    });
}

QNetworkRequest AlertmanagerChannel::silenceRequest(const QString& peer, const QString& id) const
{
    return apiRequest(peer, QStringLiteral("/api/v2/silence/") + QString::fromLatin1(QUrl::toPercentEncoding(id)));
}

void AlertmanagerChannel::checkSilences(const QString& alertId, int timeoutMs)
{
    if (alertId.isEmpty())
        return;
    if (m_checking.contains(alertId)) {
        m_checking.insert(alertId, true); // once more when it is done: what it read may be old
        return;
    }
    m_checking.insert(alertId, false);
    checkFrom(alertId, 0, timeoutMs);
}

void AlertmanagerChannel::checkDone(const QString& alertId, int timeoutMs)
{
    if (m_checking.take(alertId))
        checkSilences(alertId, timeoutMs);
}

void AlertmanagerChannel::checkFrom(const QString& alertId, int index, int timeoutMs)
{
    const QStringList urls = peers();
    if (index >= urls.size()) {
        qCDebug(lcChannels).noquote() << "alertmanager" << m_config.name << "no peer said which silences hold"
                                      << alertId;
        checkDone(alertId, timeoutMs);
        return;
    }
    const QString& peer = urls.at(index);
    QNetworkRequest list = apiRequest(peer, QStringLiteral("/api/v2/alerts"));
    QUrl url = list.url();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("filter"), QStringLiteral("%1=\"%2\"").arg(idLabel(), alertId));
    url.setQuery(query);
    list.setUrl(url);
    request("GET", list, {}, timeoutMs, [this, alertId, index, peer, timeoutMs](const HttpResponse& r) {
        const auto ids
            = r.status == 200 && r.refused.isEmpty() ? alertmanagerSilencedBy(r.body, alertId) : std::nullopt;
        if (!ids) {
            checkFrom(alertId, index + 1, timeoutMs); // down, or no answer we can read: the next peer
            return;
        }
        describeSilences(alertId, peer, *ids, timeoutMs);
    });
}

void AlertmanagerChannel::describeSilences(
    const QString& alertId, const QString& peer, const QStringList& ids, int timeoutMs)
{
    if (m_known.size() >= kMaxWatched && !m_known.contains(alertId)) {
        // A first check again for each alert: nothing is told twice (the history knows).
        m_known.clear();
        m_reported.clear();
    }
    QHash<QString, ClusterSilence>& known = m_known[alertId];
    const bool first = !m_reported.contains(alertId);
    const QSet<QString> before = m_reported.value(alertId);
    QStringList unknown;
    QSet<QString> holding;
    for (const QString& id : ids) {
        if (known.contains(id))
            holding.insert(id);
        else if (!m_ownSilences.contains(id))
            unknown << id;
    }
    QStringList gone;
    for (const QString& id : before) {
        if (!ids.contains(id))
            gone << id;
    }
    if (!first && unknown.isEmpty() && gone.isEmpty() && holding == before) {
        checkDone(alertId, timeoutMs); // nothing changed: the one GET was all it cost
        return;
    }
    struct State {
        int outstanding = 1;
        bool complete = true;
        QList<ClusterSilence> ended;
    };
    auto st = std::make_shared<State>();
    auto finish = [this, alertId, ids, st, timeoutMs] {
        if (--st->outstanding > 0)
            return;
        // A silence that could not be looked up is neither told nor taken for ended: the next
        // check asks for it (and only it) again.
        if (!st->complete) {
            checkDone(alertId, timeoutMs);
            return;
        }
        for (const ClusterSilence& e : std::as_const(st->ended))
            m_known[alertId].remove(e.id);
        const QHash<QString, ClusterSilence> described = m_known.value(alertId);
        QList<ClusterSilence> current; // in the cluster's order
        QSet<QString> told;
        for (const QString& id : ids) {
            if (described.contains(id)) {
                current << described.value(id);
                told.insert(id);
            }
        }
        m_reported.insert(alertId, told);
        Q_EMIT clusterSilences(alertId, current, st->ended);
        checkDone(alertId, timeoutMs);
    };
    const QString mine = createdBy();
    for (const QString& id : std::as_const(unknown)) {
        ++st->outstanding;
        request("GET", silenceRequest(peer, id), {}, timeoutMs,
            [this, alertId, st, id, mine, finish](const HttpResponse& r) {
                const auto s = r.status == 200 && r.refused.isEmpty() ? alertmanagerSilence(r.body, id) : std::nullopt;
                if (!s)
                    st->complete = false;
                else if (s->silence.createdBy == mine)
                    m_ownSilences.insert(id); // ours, made before a restart
                else if (s->state != QLatin1String("expired"))
                    m_known[alertId].insert(id, s->silence);
                finish();
            });
    }
    for (const QString& id : std::as_const(gone)) {
        ++st->outstanding;
        ClusterSilence end = known.value(id); // forgotten once its end is told
        end.id = id;
        end.endsAt = {};
        request("GET", silenceRequest(peer, id), {}, timeoutMs, [st, id, end, finish](const HttpResponse& r) mutable {
            // Expired early or at its end: the cluster's endsAt says when.
            const auto s = r.status == 200 && r.refused.isEmpty() ? alertmanagerSilence(r.body, id) : std::nullopt;
            if (s && s->state == QLatin1String("expired"))
                end.endsAt = s->silence.endsAt;
            st->ended << end;
            finish();
        });
    }
    finish();
}

} // namespace alertdesk
