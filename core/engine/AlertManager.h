#pragma once

#include "model/Alert.h"
#include "model/DeliveryReport.h"

#include <QObject>
#include <functional>
#include <optional>

namespace alertdesk {

class AlertStore;
class Clock;
class Database;
class NotificationService;
class OutboxStore;

// The seed's AlertManager: validates and stores alerts and hands them to delivery. An alert
// and its outbox rows are committed in one transaction before anyone is told it was accepted.
class AlertManager final : public QObject {
    Q_OBJECT
public:
    AlertManager(Database& db, AlertStore& alerts, OutboxStore& outbox, NotificationService& notifications, Clock& clock,
                 QObject* parent = nullptr);
    ~AlertManager() override;

    // create_alert: validate and store; nothing is sent yet.
    std::optional<Alert> createAlert(const QJsonObject& in, FieldError* error);
    // trigger_alert: queue a stored alert's deliveries.
    bool triggerAlert(const QString& alertId, FieldError* error);
    // create + trigger in one transaction: what every source uses.
    std::optional<Alert> submit(const QJsonObject& in, FieldError* error);
    // alsoCommit, when given, writes what belongs with the alert (a rule's state) in the same
    // transaction; returning false rolls both back.
    std::optional<Alert> submit(Alert alert, FieldError* error,
                                const std::function<bool(QString* error)>& alsoCommit = {});

    std::optional<Alert> alert(const QString& id) const;

Q_SIGNALS:
    void alertAccepted(const alertdesk::Alert& alert);
    void reportReady(const alertdesk::DeliveryReport& report);

private:
    bool enqueue(const Alert& a, FieldError* error);

    Database& m_db;
    AlertStore& m_alerts;
    OutboxStore& m_outbox;
    NotificationService& m_notifications;
    Clock& m_clock;
};

} // namespace alertdesk
