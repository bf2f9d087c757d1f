#include "AlertManager.h"

#include "NotificationService.h"
#include "delivery/Dispatcher.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/OutboxStore.h"
#include "util/Clock.h"
#include "util/Logging.h"

namespace alertdesk {

AlertManager::AlertManager(Database& db, AlertStore& alerts, OutboxStore& outbox, NotificationService& notifications,
                           Clock& clock, QObject* parent)
    : QObject(parent)
    , m_db(db)
    , m_alerts(alerts)
    , m_outbox(outbox)
    , m_notifications(notifications)
    , m_clock(clock)
{
    connect(&notifications.dispatcher(), &Dispatcher::alertCompleted, this,
            [this](const QString& id) { Q_EMIT reportReady(m_notifications.report(id)); });
}

AlertManager::~AlertManager() = default;

std::optional<Alert> AlertManager::createAlert(const QJsonObject& in, FieldError* error)
{
    AlertParseResult r = parseAlert(in, m_clock.now());
    if (!r.ok()) {
        *error = r.error;
        return std::nullopt;
    }
    QString targetError;
    m_notifications.resolveTargets(r.alert->channels, &targetError);
    if (!targetError.isEmpty()) {
        *error = {QStringLiteral("channels"), targetError};
        return std::nullopt;
    }
    QString dbError;
    if (!m_db.transaction([&] { return m_alerts.insert(*r.alert, &dbError); }, &dbError)) {
        *error = {QStringLiteral("storage"), dbError};
        return std::nullopt;
    }
    return r.alert;
}

bool AlertManager::triggerAlert(const QString& alertId, FieldError* error)
{
    const auto a = m_alerts.get(alertId);
    if (!a) {
        *error = {QStringLiteral("id"), QStringLiteral("no alert with id %1").arg(alertId)};
        return false;
    }
    if (!m_outbox.forAlert(alertId).isEmpty()) {
        *error = {QStringLiteral("id"), QStringLiteral("alert %1 was triggered already").arg(alertId)};
        return false;
    }
    QString dbError;
    const bool ok = m_db.transaction([&] { return enqueue(*a, error); }, &dbError);
    if (ok) {
        Q_EMIT alertAccepted(*a);
        m_notifications.dispatcher().wake();
    } else if (error->field.isEmpty()) {
        *error = {QStringLiteral("storage"), dbError};
    }
    return ok;
}

std::optional<Alert> AlertManager::submit(const QJsonObject& in, FieldError* error)
{
    AlertParseResult r = parseAlert(in, m_clock.now());
    if (!r.ok()) {
        *error = r.error;
        return std::nullopt;
    }
    return submit(*r.alert, error);
}

std::optional<Alert> AlertManager::submit(Alert a, FieldError* error, const std::function<bool(QString*)>& alsoCommit)
{
    if (auto e = validateAlert(a)) {
        *error = *e;
        return std::nullopt;
    }
    if (a.id.isEmpty())
        a.id = newAlertId();
    if (!a.createdAt.isValid())
        a.createdAt = a.updatedAt = m_clock.now();
    QString dbError;
    const bool ok = m_db.transaction(
        [&] { return m_alerts.insert(a, &dbError) && enqueue(a, error) && (!alsoCommit || alsoCommit(&dbError)); }, &dbError);
    if (!ok) {
        if (error->field.isEmpty())
            *error = {QStringLiteral("storage"), dbError};
        return std::nullopt;
    }
    Q_EMIT alertAccepted(a);
    m_notifications.dispatcher().wake();
    return a;
}

std::optional<Alert> AlertManager::alert(const QString& id) const { return m_alerts.get(id); }

bool AlertManager::enqueue(const Alert& a, FieldError* error)
{
    QString targetError;
    const QStringList targets = m_notifications.resolveTargets(a.channels, &targetError);
    if (targets.isEmpty()) {
        *error = {QStringLiteral("channels"), targetError};
        return false;
    }
    QString dbError;
    if (!m_outbox.enqueue(a.id, targets, !m_notifications.dispatcher().settings().parallel, m_clock.nowMs(), &dbError)) {
        *error = {QStringLiteral("storage"), dbError};
        return false;
    }
    return true;
}

} // namespace alertdesk
