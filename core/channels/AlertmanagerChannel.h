// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"
#include "TargetFanout.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

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

// A Prometheus Alertmanager cluster (settings "urls": one base URL per peer, "instance",
// "resend_interval", "created_by"; secrets "basic_auth" USER:PASS or "bearer_token").
//
// Alerts go to every peer, as Alertmanager's clients must (the peers deduplicate among
// themselves); a delivery is made when at least one peer took it. Acknowledge and snooze
// become a silence on the cluster (any one peer: silences are gossiped), resolve sends the
// alert with endsAt now and expires its silences, a snooze that ends expires them too.
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

private:
    QStringList peers() const;
    QNetworkRequest apiRequest(const QString& peer, const QString& path) const;
    void push(const Alert& alert, qint64 resolvedAtMs, int timeoutMs, std::function<void(SendOutcome)> done);
    void silence(const Alert& alert, qint64 endsAtMs, int timeoutMs, std::function<void(SendOutcome)> done);
    void expireSilences(const QString& alertId, int timeoutMs, std::function<void(SendOutcome)> done);
    // POSTs a silence to peers[index], then to the next one while they fail.
    void postSilence(
        const QByteArray& body, int index, const QString& errors, int timeoutMs, std::function<void(SendOutcome)> done);
    void expireFrom(
        const QString& alertId, int index, const QString& errors, int timeoutMs, std::function<void(SendOutcome)> done);

    TargetFanout m_fanout;
};

} // namespace alertdesk
