// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertLifecycle.h"

#include "PolicyEngine.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/LifecycleStore.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonArray>

namespace alertdesk {

namespace {
constexpr int kBatch = 100;
constexpr int kMinPrefix = 8;

bool allowed(AlertState from, AlertState to)
{
    switch (to) {
    case AlertState::Acknowledged:
        return from == AlertState::Open || from == AlertState::Snoozed;
    case AlertState::Snoozed:
    case AlertState::Resolved:
        return from != AlertState::Resolved;
    case AlertState::Open:
        return from != AlertState::Open; // a snooze that ends, or the trader's reopen (undo)
    }
    return false;
}

QString refusal(const QString& id, AlertState from, AlertState to)
{
    if (from == to && to == AlertState::Acknowledged)
        return QStringLiteral("alert %1 is acknowledged already").arg(id);
    if (from == to && to == AlertState::Resolved)
        return QStringLiteral("alert %1 is resolved already").arg(id);
    if (from == to && to == AlertState::Open)
        return QStringLiteral("alert %1 is open already").arg(id);
    if (from == AlertState::Resolved) {
        const QString verb
            = to == AlertState::Acknowledged ? QStringLiteral("acknowledged") : QStringLiteral("snoozed");
        return QStringLiteral("alert %1 is resolved; a resolved alert cannot be %2").arg(id, verb);
    }
    return QStringLiteral("alert %1 cannot go from %2 to %3").arg(id, alertStateName(from), alertStateName(to));
}
} // namespace

QJsonObject LifecycleResult::toJson() const
{
    QJsonObject o {
        { QStringLiteral("alert_id"), alert.id },
        { QStringLiteral("from"), alertStateName(event.from) },
        { QStringLiteral("to"), alertStateName(event.to) },
        { QStringLiteral("at"), event.at.toUTC().toString(Qt::ISODateWithMs) },
        { QStringLiteral("source"), eventSourceName(event.source) },
    };
    if (!event.note.isEmpty())
        o.insert(QStringLiteral("note"), event.note);
    if (alert.state == AlertState::Snoozed && alert.snoozedUntil.isValid())
        o.insert(QStringLiteral("snoozed_until"), alert.snoozedUntil.toUTC().toString(Qt::ISODateWithMs));
    if (!followUps.queued.isEmpty())
        o.insert(QStringLiteral("follow_ups"), QJsonArray::fromStringList(followUps.queued));
    return o;
}

AlertLifecycle::AlertLifecycle(
    Database& db, AlertStore& alerts, LifecycleStore& lifecycle, PolicyEngine& policy, Clock& clock, QObject* parent)
    : QObject(parent)
    , m_db(db)
    , m_alerts(alerts)
    , m_lifecycle(lifecycle)
    , m_policy(policy)
    , m_clock(clock)
{
}

AlertLifecycle::~AlertLifecycle() = default;

LifecycleResult AlertLifecycle::acknowledge(const QString& id, const QString& note, EventSource source)
{
    return change(id, AlertState::Acknowledged, 0, note, source);
}

LifecycleResult AlertLifecycle::snoozeUntil(const QString& id, qint64 untilMs, const QString& note, EventSource source)
{
    return change(id, AlertState::Snoozed, untilMs, note, source);
}

LifecycleResult AlertLifecycle::snoozeFor(const QString& id, qint64 durationMs, const QString& note, EventSource source)
{
    if (durationMs <= 0) {
        LifecycleResult r;
        r.status = LifecycleResult::Status::BadInput;
        r.message = QStringLiteral("a snooze must last longer than zero");
        return r;
    }
    return change(id, AlertState::Snoozed, m_clock.nowMs() + durationMs, note, source);
}

LifecycleResult AlertLifecycle::resolve(const QString& id, const QString& note, EventSource source)
{
    return change(id, AlertState::Resolved, 0, note, source);
}

LifecycleResult AlertLifecycle::reopen(const QString& id, const QString& note, EventSource source)
{
    return change(id, AlertState::Open, 0, note, source);
}

QList<AlertEvent> AlertLifecycle::events(const QString& alertId) const
{
    return m_lifecycle.events(alertId);
}

QString AlertLifecycle::resolveId(const QString& id, LifecycleResult* r) const
{
    QString trimmed = id.trimmed();
    if (!trimmed.isEmpty() && m_alerts.get(trimmed))
        return trimmed;
    if (trimmed.size() >= kMinPrefix) {
        const QStringList found = m_lifecycle.idsWithPrefix(trimmed, 2);
        if (found.size() == 1)
            return found.first();
        if (found.size() > 1) {
            r->status = LifecycleResult::Status::UnknownAlert;
            r->message = QStringLiteral("'%1' is the start of more than one alert id; give more of it").arg(trimmed);
            return {};
        }
    }
    r->status = LifecycleResult::Status::UnknownAlert;
    r->message = QStringLiteral("no alert with id '%1'").arg(trimmed);
    return {};
}

QString AlertLifecycle::checkInput(AlertState to, qint64 snoozeUntilMs, const QString& note) const
{
    if (const QString e = checkEventNote(note); !e.isEmpty())
        return QStringLiteral("the note ") + e;
    const qint64 now = m_clock.nowMs();
    if (to == AlertState::Snoozed) {
        if (snoozeUntilMs <= now)
            return QStringLiteral("the snooze must end in the future (it would end %1; it is now %2)")
                .arg(QDateTime::fromMSecsSinceEpoch(snoozeUntilMs, Qt::UTC).toString(Qt::ISODate),
                    QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).toString(Qt::ISODate));
        if (snoozeUntilMs - now > kMaxSnoozeMs)
            return QStringLiteral("a snooze may last at most 366 days");
    }
    return {};
}

bool AlertLifecycle::apply(
    const QString& id, AlertState to, qint64 snoozeUntilMs, const QString& note, EventSource source, LifecycleResult* r)
{
    QString error;
    const bool ok = m_db.transaction(
        [&] {
            const auto a = m_alerts.get(id);
            if (!a) {
                r->status = LifecycleResult::Status::UnknownAlert;
                r->message = QStringLiteral("no alert with id '%1'").arg(id);
                return false;
            }
            if (!allowed(a->state, to)) {
                r->status = LifecycleResult::Status::NotAllowed;
                r->message = refusal(id, a->state, to);
                return false;
            }
            r->event = AlertEvent { 0, id, m_clock.now(), a->state, to, source, note, AlertEvent::Kind::State, {} };
            if (!m_lifecycle.setState(id, to, snoozeUntilMs, m_clock.nowMs(), &error)
                || !m_lifecycle.addEvent(r->event, &error))
                return false;
            Alert after = *a;
            after.state = to;
            if (to == AlertState::Snoozed)
                after.snoozedUntil = QDateTime::fromMSecsSinceEpoch(snoozeUntilMs, Qt::UTC);
            if (!m_policy.onStateChange(after, to, &r->followUps, &error))
                return false;
            // Reopened by the trader: escalation starts over, as for a new alert.
            if (to == AlertState::Open && !m_policy.startEscalation(after, &error))
                return false;
            r->alert = m_alerts.get(id).value_or(after);
            return true;
        },
        &error);
    if (!ok && r->status == LifecycleResult::Status::Ok) {
        r->status = LifecycleResult::Status::StorageError;
        r->message = error;
    }
    return ok;
}

void AlertLifecycle::announce(const LifecycleResult& r, const QString& note, EventSource source, bool inBatch)
{
    const AlertState to = r.event.to;
    // A batch says it once (changeBatch); its alerts one by one only when debugging.
    if (inBatch)
        qCDebug(lcEngine).noquote() << "alert" << r.alert.id << alertStateName(r.event.from) << "->"
                                    << alertStateName(to) << "by" << eventSourceName(source);
    else
        qCInfo(lcEngine).noquote() << "alert" << r.alert.id << alertStateName(r.event.from) << "->"
                                   << alertStateName(to) << "by" << eventSourceName(source);
    Q_EMIT stateChanged(r.alert, r.event.from, to, source, note);
    if (to == AlertState::Snoozed && m_started && r.alert.snoozedUntil.isValid())
        m_wake.wakeAt(r.alert.snoozedUntil.toMSecsSinceEpoch());
}

LifecycleResult AlertLifecycle::change(
    const QString& idIn, AlertState to, qint64 snoozeUntilMs, const QString& note, EventSource source)
{
    LifecycleResult r;
    if (const QString e = checkInput(to, snoozeUntilMs, note); !e.isEmpty()) {
        r.status = LifecycleResult::Status::BadInput;
        r.message = e;
        return r;
    }
    const QString id = resolveId(idIn, &r);
    if (id.isEmpty() || !apply(id, to, snoozeUntilMs, note, source, &r))
        return r;
    announce(r, note, source);
    m_policy.changed();
    if (to == AlertState::Snoozed && m_started)
        m_wake.wakeAt(snoozeUntilMs);
    return r;
}

QList<LifecycleResult> AlertLifecycle::changeBatch(
    const QStringList& ids, AlertState to, qint64 snoozeUntilMs, const QString& note, EventSource source)
{
    QList<LifecycleResult> out;
    out.reserve(ids.size());
    if (const QString e = checkInput(to, snoozeUntilMs, note); !e.isEmpty()) {
        for (const QString& id : ids) {
            LifecycleResult r;
            r.alert.id = id;
            r.status = LifecycleResult::Status::BadInput;
            r.message = e;
            out << r;
        }
        return out;
    }
    // One transaction for the batch, a savepoint per alert: an alert the change does not fit is
    // left out alone, a storage error rolls the whole batch back.
    QString error;
    const bool ok = m_db.transaction(
        [&] {
            for (const QString& id : ids) {
                LifecycleResult r;
                r.alert.id = id;
                apply(id, to, snoozeUntilMs, note, source, &r);
                if (r.status == LifecycleResult::Status::StorageError) {
                    error = r.message;
                    return false;
                }
                out << r;
            }
            return true;
        },
        &error);
    if (!ok) {
        out.clear();
        for (const QString& id : ids) {
            LifecycleResult r;
            r.alert.id = id;
            r.status = LifecycleResult::Status::StorageError;
            r.message = error;
            out << r;
        }
        return out;
    }
    qsizetype changed = 0;
    for (const LifecycleResult& r : std::as_const(out)) {
        if (r.ok()) {
            announce(r, note, source, true);
            ++changed;
        }
    }
    qCInfo(lcEngine).noquote() << changed << "of" << ids.size() << "alerts ->" << alertStateName(to) << "by"
                               << eventSourceName(source);
    m_policy.changed();
    return out;
}

void AlertLifecycle::start()
{
    if (m_started)
        return;
    m_started = true;
    endSnoozes();
    if (m_pollIntervalMs > 0)
        m_clock.schedule(m_pollIntervalMs, this, [this] { poll(); });
}

void AlertLifecycle::poll()
{
    // A snooze set by another process (alertdesk-cli snooze) is only in the database.
    if (const qint64 next = m_lifecycle.nextSnoozeEnd(); next >= 0)
        m_wake.wakeAt(next);
    m_clock.schedule(m_pollIntervalMs, this, [this] { poll(); });
}

void AlertLifecycle::endSnoozes()
{
    for (;;) {
        const QStringList ids = m_lifecycle.endedSnoozes(m_clock.nowMs(), kBatch);
        for (const QString& id : ids) {
            if (!endSnooze(id)) {
                // The database refused (busy, disk full): try again shortly, never spin.
                m_wake.wakeAt(m_clock.nowMs() + 1000);
                return;
            }
        }
        if (ids.size() < kBatch)
            break;
    }
    if (const qint64 next = m_lifecycle.nextSnoozeEnd(); next >= 0)
        m_wake.wakeAt(next);
}

bool AlertLifecycle::endSnooze(const QString& alertId)
{
    const qint64 now = m_clock.nowMs();
    AlertEvent event;
    std::optional<Alert> reopened;
    QString error;
    const bool ok = m_db.transaction(
        [&] {
            auto a = m_alerts.get(alertId);
            // Acknowledged, resolved or snoozed again meanwhile: nothing to do.
            if (!a || a->state != AlertState::Snoozed
                || (a->snoozedUntil.isValid() && a->snoozedUntil.toMSecsSinceEpoch() > now))
                return true;
            QString routeError;
            const QStringList channels = m_policy.route(*a, &routeError);
            event = AlertEvent { 0, alertId, m_clock.now(), AlertState::Snoozed, AlertState::Open, EventSource::System,
                channels.isEmpty() ? QStringLiteral("snooze ended; not notified: %1").arg(routeError)
                                   : QStringLiteral("snooze ended"),
                AlertEvent::Kind::State, {} };
            if (!m_lifecycle.setState(alertId, AlertState::Open, 0, now, &error)
                || !m_lifecycle.addEvent(event, &error))
                return false;
            a->state = AlertState::Open;
            a->snoozedUntil = {};
            if (!channels.isEmpty()) {
                NotificationPlan plan;
                const int round = m_lifecycle.nextRound(alertId, &error);
                if (round < 0 || !m_policy.notify(*a, round, NotifyPurpose::Renotify, channels, &plan, &error))
                    return false;
            }
            if (!m_policy.startEscalation(*a, &error))
                return false;
            reopened = a;
            return true;
        },
        &error);
    if (!ok) {
        qCCritical(lcEngine).noquote() << "cannot end the snooze of alert" << alertId << ":" << error;
        return false;
    }
    if (reopened) {
        qCInfo(lcEngine).noquote() << "alert" << alertId << "snooze ended: open again";
        Q_EMIT stateChanged(*reopened, AlertState::Snoozed, AlertState::Open, EventSource::System, event.note);
        m_policy.changed();
    }
    return true;
}

} // namespace alertdesk
