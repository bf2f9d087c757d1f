// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertManager.h"

#include "NotificationService.h"
#include "PolicyEngine.h"
#include "delivery/Dispatcher.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/OutboxStore.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QMetaMethod>

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
    // A report costs two reads of the history: build it only for someone who listens.
    connect(&notifications.dispatcher(), &Dispatcher::alertCompleted, this, [this](const QString& id) {
        static const QMetaMethod signal = QMetaMethod::fromSignal(&AlertManager::reportReady);
        if (isSignalConnected(signal))
            Q_EMIT reportReady(m_notifications.report(id));
    });
}

AlertManager::~AlertManager() = default;

QString AlertManager::storageError(const QString& error) const
{
    return QStringLiteral("cannot store the alert in %1: %2").arg(m_db.path(), error);
}

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
        *error = { QStringLiteral("channels"), targetError };
        return std::nullopt;
    }
    QString dbError;
    if (!m_db.transaction([&] { return m_alerts.insert(*r.alert, &dbError); }, &dbError)) {
        *error = { QStringLiteral("storage"), storageError(dbError) };
        return std::nullopt;
    }
    return r.alert;
}

bool AlertManager::triggerAlert(const QString& alertId, FieldError* error)
{
    const auto a = m_alerts.get(alertId);
    if (!a) {
        *error = { QStringLiteral("id"), QStringLiteral("no alert with id %1").arg(alertId) };
        return false;
    }
    QString dbError;
    // Checked inside the transaction: two processes triggering the same alert queue it once
    // (its rows would share their idempotency keys, and receivers would drop the second).
    const bool ok = m_db.transaction(
        [&] {
            if (!m_outbox.forAlert(alertId).isEmpty()) {
                *error = { QStringLiteral("id"), QStringLiteral("alert %1 was triggered already").arg(alertId) };
                return false;
            }
            return enqueue(*a, error);
        },
        &dbError);
    if (ok) {
        m_notifications.dispatcher().remember(*a);
        Q_EMIT alertAccepted(*a);
        m_notifications.dispatcher().wake();
        if (m_policy)
            m_policy->changed();
    } else if (error->field.isEmpty()) {
        *error = { QStringLiteral("storage"), storageError(dbError) };
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
    auto admission = admit(std::move(a), error, alsoCommit);
    if (!admission)
        return std::nullopt;
    return admission->alert;
}

std::optional<Admission> AlertManager::admit(
    Alert a, FieldError* error, const std::function<bool(QString*)>& alsoCommit)
{
    normalizeAlert(a); // never refused for its form (a rule's or a feed's alert either)
    if (auto e = validateAlert(a)) {
        *error = *e;
        return std::nullopt;
    }
    if (a.id.isEmpty())
        a.id = newAlertId();
    if (!a.createdAt.isValid())
        a.createdAt = a.updatedAt = m_clock.now();
    Admission adm;
    adm.alert = a;
    QString dbError;
    // Dedup, insert and the policies' rows in one transaction: two processes that submit the
    // same dedup key at once still make one alert.
    const bool ok = m_db.transaction(
        [&] {
            if (const auto existing = m_policy ? m_policy->findDuplicate(a.dedupKey) : std::nullopt) {
                adm.deduplicated = true;
                return m_policy->recordOccurrence(*existing, &adm.alert, &dbError);
            }
            return m_alerts.insert(a, &dbError) && enqueue(a, error, &adm.plan)
                && (!alsoCommit || alsoCommit(&dbError));
        },
        &dbError);
    if (!ok) {
        if (error->field.isEmpty())
            *error = { QStringLiteral("storage"), storageError(dbError) };
        return std::nullopt;
    }
    // Told once committed: at once, or after the group commit this admission is part of.
    m_db.afterCommit([this, adm] {
        if (adm.deduplicated) {
            Q_EMIT alertRepeated(adm.alert);
            return;
        }
        m_notifications.dispatcher().remember(adm.alert);
        Q_EMIT alertAccepted(adm.alert);
        m_notifications.dispatcher().wake();
        if (m_policy)
            m_policy->changed();
    });
    return adm;
}

QJsonObject Admission::toJson() const
{
    QJsonObject o = plan.toJson();
    o.insert(QStringLiteral("alert_id"), alert.id);
    o.insert(QStringLiteral("deduplicated"), deduplicated);
    o.insert(QStringLiteral("count"), alert.occurrences);
    o.insert(QStringLiteral("state"), alertStateName(alert.state));
    return o;
}

QList<std::optional<Alert>> AlertManager::submitBatch(const QList<QJsonObject>& in, QList<FieldError>* errors)
{
    QList<std::optional<Alert>> out(in.size());
    QList<FieldError> errs(in.size());
    QList<QStringList> targets(in.size());
    const QDateTime now = m_clock.now();
    bool any = false;
    for (qsizetype i = 0; i < in.size(); ++i) {
        AlertParseResult r = parseAlert(in[i], now);
        if (!r.ok()) {
            errs[i] = r.error;
            continue;
        }
        QString targetError;
        targets[i] = m_notifications.resolveTargets(r.alert->channels, &targetError);
        // No channel configured: stored all the same (it reaches none). A named channel that
        // does not exist is the sender's mistake: refused, naming it.
        if (targets[i].isEmpty() && !r.alert->channels.isEmpty()) {
            errs[i] = { QStringLiteral("channels"), targetError };
            continue;
        }
        out[i] = std::move(r.alert);
        any = true;
    }
    if (any) {
        const bool sequential = !m_notifications.dispatcher().settings().parallel;
        const qint64 nowMs = m_clock.nowMs();
        QString dbError;
        const bool ok = m_db.transaction(
            [&] {
                for (qsizetype i = 0; i < out.size(); ++i) {
                    if (out[i]
                        && (!m_alerts.insert(*out[i], &dbError)
                            || !m_outbox.enqueue(
                                out[i]->id, out[i]->priority, targets[i], sequential, nowMs, &dbError)))
                        return false;
                }
                return true;
            },
            &dbError);
        for (qsizetype i = 0; i < out.size(); ++i) {
            if (!out[i])
                continue;
            if (!ok) {
                errs[i] = { QStringLiteral("storage"), storageError(dbError) };
                out[i].reset();
                continue;
            }
            m_notifications.dispatcher().remember(*out[i]);
            Q_EMIT alertAccepted(*out[i]);
        }
        if (ok)
            m_notifications.dispatcher().wake();
    }
    if (errors)
        *errors = errs;
    return out;
}

std::optional<Alert> AlertManager::alert(const QString& id) const
{
    return m_alerts.get(id);
}

bool AlertManager::enqueue(const Alert& a, FieldError* error, NotificationPlan* plan)
{
    QString targetError;
    const QStringList targets
        = m_policy ? m_policy->route(a, &targetError) : m_notifications.resolveTargets(a.channels, &targetError);
    NotificationPlan local;
    NotificationPlan* out = plan ? plan : &local;
    if (targets.isEmpty()) {
        // A named channel that does not exist is the sender's mistake: refused, naming it.
        if (!a.channels.isEmpty()) {
            *error = { QStringLiteral("channels"), targetError };
            return false;
        }
        // No channel configured yet: the alert is kept and shown, and the answer says it
        // reached no channel (a bot's alerts are not lost before the trader sets one up).
        out->noChannel = targetError;
        return true;
    }
    QString dbError;
    bool ok = false;
    if (m_policy) {
        ok = m_policy->notify(a, 1, NotifyPurpose::Alert, targets, out, &dbError)
            && m_policy->startEscalation(a, &dbError);
    } else {
        ok = m_outbox.enqueue(
            a.id, a.priority, targets, !m_notifications.dispatcher().settings().parallel, m_clock.nowMs(), &dbError);
        out->queued = targets;
    }
    if (!ok) {
        *error = { QStringLiteral("storage"), storageError(dbError) };
        return false;
    }
    return true;
}

} // namespace alertdesk
