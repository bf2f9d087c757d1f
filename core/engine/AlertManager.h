// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"
#include "model/DeliveryReport.h"
#include "model/Notification.h"

#include <QObject>
#include <functional>
#include <optional>

namespace alertdesk {

class AlertStore;
class Clock;
class Database;
class NotificationService;
class OutboxStore;
class PolicyEngine;

// What became of a submitted alert: stored and notified (some channels perhaps held back by
// quiet hours or grouping), or counted as a repeat of an open alert with the same dedup key.
struct Admission {
    Alert alert; // the stored alert; when deduplicated, the earlier one with its new count
    bool deduplicated = false;
    NotificationPlan plan;

    // {"alert_id", "deduplicated", "count", "queued":[...], "held":[...]}
    QJsonObject toJson() const;
};

// The seed's AlertManager: validates and stores alerts and hands them to delivery. An alert
// and its outbox rows are committed in one transaction before anyone is told it was accepted.
class AlertManager final : public QObject {
    Q_OBJECT
public:
    AlertManager(Database& db, AlertStore& alerts, OutboxStore& outbox, NotificationService& notifications,
        Clock& clock, QObject* parent = nullptr);
    ~AlertManager() override;

    // create_alert: validate and store; nothing is sent yet.
    std::optional<Alert> createAlert(const QJsonObject& in, FieldError* error);
    // trigger_alert: queue a stored alert's deliveries.
    bool triggerAlert(const QString& alertId, FieldError* error);
    // create + trigger in one transaction: what every source uses.
    std::optional<Alert> submit(const QJsonObject& in, FieldError* error);
    // alsoCommit, when given, writes what belongs with the alert (a rule's state) in the same
    // transaction; returning false rolls both back.
    std::optional<Alert> submit(
        Alert alert, FieldError* error, const std::function<bool(QString* error)>& alsoCommit = {});
    // submit(), saying whether the alert was a repeat and which channels were held back.
    std::optional<Admission> admit(
        Alert alert, FieldError* error, const std::function<bool(QString* error)>& alsoCommit = {});

    // Dedup, routing and the notification policies; without it every alert goes straight
    // to its channels.
    void setPolicyEngine(PolicyEngine* policy) { m_policy = policy; }

    // Many alerts at once, as a source's batch endpoint receives them: each is validated on
    // its own, and the valid ones are committed with their outbox rows in one transaction
    // (one commit for the burst, not one each) before this returns. One result per input, in
    // order: the stored alert, or nullopt and (*errors)[i] saying why. A storage failure
    // fails them all.
    QList<std::optional<Alert>> submitBatch(const QList<QJsonObject>& in, QList<FieldError>* errors);

    std::optional<Alert> alert(const QString& id) const;

Q_SIGNALS:
    void alertAccepted(const alertdesk::Alert& alert);
    void reportReady(const alertdesk::DeliveryReport& report);
    // An alert with the dedup key of an open one: that one's count went up, nobody notified.
    void alertRepeated(const alertdesk::Alert& alert);

private:
    // A storage failure's message, naming the history database ("database or disk is full").
    QString storageError(const QString& error) const;
    bool enqueue(const Alert& a, FieldError* error, NotificationPlan* plan = nullptr);

    Database& m_db;
    AlertStore& m_alerts;
    OutboxStore& m_outbox;
    NotificationService& m_notifications;
    Clock& m_clock;
    PolicyEngine* m_policy = nullptr;
};

} // namespace alertdesk
