// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"
#include "TargetFanout.h"
#include "model/AlertEvent.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QStringList>
#include <optional>

namespace alertdesk {

struct HttpResponse;

// CRITICAL -> critical, HIGH -> high, MEDIUM -> warning, LOW -> low, INFO -> info.
QString alertmanagerSeverity(Priority p);

// The labels that identify an alert on the cluster: alertname (the title), severity, type,
// symbol and strategy where set, alertdesk_id and instance (this desk). Pure.
QJsonObject alertmanagerLabels(const Alert& alert, const QString& instance);

// POST /api/v2/alerts body: one postable alert with the labels, annotations summary (title),
// description (message) and the data (each key as an annotation, values as JSON text where
// they are not strings), startsAt the alert's creation, generatorURL alertdesk://alert/ID.
// resolvedAtMs >= 0: endsAt then (a resolved alert); otherwise no endsAt, and the cluster
// keeps the alert firing for its resolve_timeout after each re-send. Pure.
QByteArray alertmanagerAlertsPayload(const Alert& alert, const QString& instance, qint64 resolvedAtMs);

// POST /api/v2/silences body: one matcher alertdesk_id=ID, from startsAtMs to endsAtMs. Pure.
QByteArray alertmanagerSilencePayload(
    const QString& alertId, qint64 startsAtMs, qint64 endsAtMs, const QString& createdBy, const QString& comment);

// The most silences of one alert AlertDesk looks into (each costs a GET the first time).
inline constexpr int kMaxClusterSilences = 16;

// A peer's answer to GET /api/v2/alerts?filter=alertdesk_id="ID": the ids of the silences that
// hold that alert (status.silencedBy of the alerts whose alertdesk_id label is alertId; ids
// that are not short plain tokens skipped), at most kMaxClusterSilences; nullopt when the
// answer is no list of alerts or does not hold that alert. Pure.
std::optional<QStringList> alertmanagerSilencedBy(const QByteArray& answer, const QString& alertId);

// A silence as GET /api/v2/silence/{id} describes it.
struct AlertmanagerSilence {
    ClusterSilence silence; // createdBy and comment cut to their limits, control characters as spaces
    QString state; // "active", "pending", "expired"; empty when not said
};
// The peer's answer about the silence `id`; nullopt when it is no silence of that id. Pure.
std::optional<AlertmanagerSilence> alertmanagerSilence(const QByteArray& answer, const QString& id);

// A Prometheus Alertmanager cluster (settings "urls": one base URL per peer, "instance",
// "resend_interval", "created_by"; secrets "basic_auth" USER:PASS or "bearer_token").
//
// Alerts go to every peer, as Alertmanager's clients must (the peers deduplicate among
// themselves); a delivery is made when at least one peer took it. Acknowledge and snooze
// become a silence on the cluster (any one peer: silences are gossiped), resolve sends the
// alert with endsAt now and expires its silences, a snooze that ends expires them too.
//
// Alertmanager's webhook never tells of silences (it does not notify a silenced alert), so
// after each re-send, and when the cluster's receiver hands an alert of ours back, the channel
// asks a live peer which silences hold the alert and reports the colleagues' ones
// (clusterSilences). Its own silences are known by their id (from the answer that made them)
// or, after a restart, by their createdBy.
class AlertmanagerChannel final : public Channel {
    Q_OBJECT
public:
    static constexpr const char* kKind = "alertmanager";
    static constexpr qint64 kDefaultResendMs = 60LL * 1000;
    // An acknowledgement silences the alert until it resolves; the cluster needs an end.
    static constexpr qint64 kAcknowledgeSilenceMs = 366LL * 24 * 3600 * 1000;

    AlertmanagerChannel(ChannelConfig config, SecretMap secrets, ChannelEnv env, QObject* parent = nullptr);

    void send(const Alert& alert, const DeliveryContext& ctx, std::function<void(SendOutcome)> done) override;
    bool marksFollowUpsInTitle() const override { return false; }

    // The setting resend_interval in ms (default 60 s); <= 0 when the setting is unreadable.
    static qint64 resendIntervalMs(const ChannelConfig& config);
    QString instance() const;
    // The createdBy of this channel's silences: setting created_by, else USER@instance.
    QString createdBy() const;

    // Asks the peers (the first that answers) which silences hold the alert; emits
    // clusterSilences when that differs from what was last reported, or first asked for it.
    void checkSilences(const QString& alertId, int timeoutMs);

Q_SIGNALS:
    // current: every colleague's silence holding the alert now; ended: those reported before
    // that no longer hold it, with their end as the cluster says (invalid when unknown).
    void clusterSilences(const QString& alertId, const QList<alertdesk::ClusterSilence>& current,
        const QList<alertdesk::ClusterSilence>& ended);

private:
    static constexpr int kMaxWatched = 4096; // alerts whose silences are remembered

    void checkFrom(const QString& alertId, int index, int timeoutMs);
    void checkDone(const QString& alertId, int timeoutMs); // runs the check asked for meanwhile
    void describeSilences(const QString& alertId, const QString& peer, const QStringList& ids, int timeoutMs);
    QNetworkRequest silenceRequest(const QString& peer, const QString& id) const;
    QStringList peers() const;
    QNetworkRequest apiRequest(const QString& peer, const QString& path) const;
    void push(const Alert& alert, qint64 resolvedAtMs, int timeoutMs, std::function<void(SendOutcome)> done);
    void silence(const Alert& alert, qint64 endsAtMs, int timeoutMs, std::function<void(SendOutcome)> done);
    // onlyOwn: this channel's silences only (a snooze that ends), else every one of the alert alone.
    void expireSilences(
        const QString& alertId, int timeoutMs, std::function<void(SendOutcome)> done, bool onlyOwn = false);
    // POSTs a silence to peers[index], then to the next one while they fail.
    void postSilence(
        const QByteArray& body, int index, const QString& errors, int timeoutMs, std::function<void(SendOutcome)> done);
    void expireFrom(const QString& alertId, int index, const QString& errors, int timeoutMs,
        std::function<void(SendOutcome)> done, bool onlyOwn);

    TargetFanout m_fanout;
    QSet<QString> m_ownSilences; // ids of the silences this channel made
    // Per alert: the colleagues' silences described so far, and the ids last reported
    // (absent: not reported in this run).
    QHash<QString, QHash<QString, ClusterSilence>> m_known;
    QHash<QString, QSet<QString>> m_reported;
    QHash<QString, bool> m_checking; // alerts with a check under way -> asked again meanwhile
};

} // namespace alertdesk
