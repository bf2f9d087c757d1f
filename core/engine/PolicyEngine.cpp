// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "PolicyEngine.h"

#include "NotificationService.h"
#include "channels/AlertmanagerChannel.h"
#include "channels/Channel.h"
#include "config/Profile.h"
#include "delivery/Dispatcher.h"
#include "policy/Digest.h"
#include "policy/Escalation.h"
#include "policy/PolicyConfig.h"
#include "policy/Routing.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/LifecycleStore.h"
#include "storage/OutboxStore.h"
#include "storage/PolicyStore.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QFile>
#include <QJsonDocument>
#include <QUuid>

namespace alertdesk {

namespace {
constexpr int kBatch = 200;
const QUuid kDigestKeyNamespace(QStringLiteral("{1c0a6a52-7c2e-4d57-93c4-8f7d3e0b6a15}"));

QString digestKey(const QString& digestId, const QString& channel)
{
    return QUuid::createUuidV5(kDigestKeyNamespace, digestId + QLatin1Char('\n') + channel)
        .toString(QUuid::WithoutBraces);
}

// Quiet hours and grouping hold back notifications of an alert, never the lifecycle
// follow-ups: an acknowledge that waits for morning would page someone needlessly.
bool holdable(NotifyPurpose p)
{
    return p == NotifyPurpose::Alert || p == NotifyPurpose::Renotify || p == NotifyPurpose::Escalation
        || p == NotifyPurpose::Reminder;
}

QString groupLabel(const QString& groupKey)
{
    QString label = groupKey;
    label.replace(QLatin1Char('\x1f'), QLatin1Char(' '));
    return label.trimmed();
}

QString titlePrefix(NotifyPurpose p)
{
    switch (p) {
    case NotifyPurpose::Renotify:
        return QStringLiteral("[Snooze ended] ");
    case NotifyPurpose::Escalation:
        return QStringLiteral("[Escalated] ");
    case NotifyPurpose::Reminder:
        return QStringLiteral("[Reminder] ");
    case NotifyPurpose::Acknowledged:
        return QStringLiteral("[Acknowledged] ");
    case NotifyPurpose::Resolved:
        return QStringLiteral("[Resolved] ");
    case NotifyPurpose::Snoozed:
        return QStringLiteral("[Snoozed] ");
    case NotifyPurpose::Alert:
    case NotifyPurpose::Digest:
    case NotifyPurpose::Resend:
        break;
    }
    return {};
}
} // namespace

PolicyEngine::PolicyEngine(Profile& profile, Database& db, AlertStore& alerts, OutboxStore& outbox,
    LifecycleStore& lifecycle, PolicyStore& store, NotificationService& notifications, Clock& clock, QObject* parent)
    : QObject(parent)
    , m_profile(profile)
    , m_db(db)
    , m_alerts(alerts)
    , m_outbox(outbox)
    , m_lifecycle(lifecycle)
    , m_store(store)
    , m_notifications(notifications)
    , m_clock(clock)
{
    notifications.dispatcher().setComposer([this](const DeliveryRow& row, const Channel& ch, const Alert* remembered) {
        return compose(row, ch, remembered);
    });
}

PolicyEngine::~PolicyEngine() = default;

bool PolicyEngine::tracksLifecycle(const ChannelConfig& c)
{
    const QJsonValue v = c.settings.value(QStringLiteral("lifecycle_updates"));
    if (v.isBool())
        return v.toBool();
    return c.kind == QLatin1String("pagerduty") || c.kind == QLatin1String(AlertmanagerChannel::kKind);
}

bool PolicyEngine::tracksSnooze(const ChannelConfig& c)
{
    return c.kind == QLatin1String(AlertmanagerChannel::kKind);
}

qint64 PolicyEngine::resendIntervalMs(const ChannelConfig& c)
{
    return c.kind == QLatin1String(AlertmanagerChannel::kKind) ? AlertmanagerChannel::resendIntervalMs(c) : 0;
}

QStringList PolicyEngine::route(const Alert& a, QString* error) const
{
    const QList<RoutingRule>& rules = m_profile.policies().routing;
    if (!rules.isEmpty()) {
        bool matched = false;
        const QStringList byRules = routeByRules(rules, a, &matched);
        if (matched) {
            QStringList usable = usableChannels(byRules);
            if (!usable.isEmpty())
                return usable;
            // Never lose an alert to a rule whose channels are all gone: fall back.
            qCWarning(lcEngine).noquote() << "routing: no channel of the matching rules is usable for alert" << a.id
                                          << "; using the default channels";
        }
    }
    return m_notifications.resolveTargets(a.channels, error);
}

std::optional<QString> PolicyEngine::findDuplicate(const QString& dedupKey) const
{
    return m_lifecycle.findActiveByDedupKey(dedupKey);
}

bool PolicyEngine::recordOccurrence(const QString& alertId, Alert* updated, QString* error)
{
    m_notifications.dispatcher().forget(alertId); // its count changes: read it again to send it
    if (m_lifecycle.recordOccurrence(alertId, m_clock.nowMs(), error) < 0)
        return false;
    const auto a = m_alerts.get(alertId);
    if (!a) {
        *error = QStringLiteral("alert %1 vanished while counting a repeat").arg(alertId);
        return false;
    }
    *updated = *a;
    return true;
}

qint64 PolicyEngine::queue(const QString& alertId, Priority priority, const QString& channel, const QString& key,
    bool waiting, NotifyPurpose purpose, int round, const QString& digestId, QString* error)
{
    DeliveryRow row;
    row.alertId = alertId;
    row.channel = channel;
    row.idempotencyKey = key;
    row.status = waiting ? DeliveryStatus::Waiting : DeliveryStatus::Pending;
    row.purpose = notifyPurposeName(purpose);
    row.round = round;
    row.digestId = digestId;
    row.priority = priority;
    const qint64 now = m_clock.nowMs();
    const qint64 id = m_outbox.enqueueOne(row, now, error);
    if (id < 0 || purpose == NotifyPurpose::Acknowledged || purpose == NotifyPurpose::Resolved
        || purpose == NotifyPurpose::Snoozed || !digestId.isEmpty())
        return id;
    // The platform forgets an alert that is not repeated: schedule the next re-send with the row.
    const ChannelConfig* cfg = m_profile.channel(channel);
    if (const qint64 interval = cfg ? resendIntervalMs(*cfg) : 0; interval > 0) {
        if (!m_store.putResend({ alertId, channel, interval, now + interval }, error))
            return -1;
        m_timersMoved = true;
    }
    return id;
}

bool PolicyEngine::hold(const Alert& a, const QString& channel, int round, NotifyPurpose purpose, HoldReason reason,
    const QString& groupKey, qint64 releaseAt, bool suppressed, const QString& note, NotificationPlan* plan,
    QString* error)
{
    HeldNotification h;
    h.alertId = a.id;
    h.channel = channel;
    h.round = round;
    h.purpose = notifyPurposeName(purpose);
    h.reason = holdReasonName(reason);
    h.groupKey = groupKey;
    h.status = suppressed ? QStringLiteral("suppressed") : QStringLiteral("held");
    h.releaseAt = releaseAt;
    h.createdAt = m_clock.nowMs();
    h.note = note;
    if (m_store.hold(h, error) < 0)
        return false;
    m_timersMoved = true;
    plan->held << NotificationPlan::Held { channel, reason, QDateTime::fromMSecsSinceEpoch(releaseAt, Qt::UTC),
        suppressed };
    return true;
}

bool PolicyEngine::notify(const Alert& a, int round, NotifyPurpose purpose, const QStringList& channels,
    NotificationPlan* plan, QString* error)
{
    const PolicyConfig& cfg = m_profile.policies();
    const qint64 now = m_clock.nowMs();
    const bool sequential = !m_notifications.dispatcher().settings().parallel;
    const qint64 pauseEnd = holdable(purpose) ? pauseHoldsUntil(now) : 0;
    for (const QString& channel : channels) {
        if (pauseEnd > 0) {
            if (!hold(a, channel, round, purpose, HoldReason::Pause, {}, pauseEnd, false,
                    QStringLiteral("paused until %1")
                        .arg(QDateTime::fromMSecsSinceEpoch(pauseEnd, Qt::UTC).toString(Qt::ISODate)),
                    plan, error))
                return false;
            continue;
        }
        if (holdable(purpose) && !cfg.quietHours.isEmpty()) {
            const QuietDecision q = quietDecision(cfg.quietHours, channel, a.priority, now);
            if (q.muted) {
                const qint64 until = q.until >= 0 ? q.until : now + MuteTiming::kHorizonMs;
                if (!hold(a, channel, round, purpose, HoldReason::QuietHours, {}, until, q.historyOnly,
                        QStringLiteral("quiet hours: %1").arg(q.timings.join(QStringLiteral(", "))), plan, error))
                    return false;
                continue;
            }
        }
        // Grouping gathers first notifications only: a reminder or an escalation is meant
        // to stand out.
        if (purpose == NotifyPurpose::Alert && cfg.aggregation.appliesTo(a, channel)) {
            const QString reason = holdReasonName(HoldReason::Grouping);
            const QString key = cfg.aggregation.groupKey(a);
            qint64 release = m_store.heldGroupRelease(channel, reason, key); // join the group that waits
            if (release < 0) {
                const qint64 last = m_store.lastGroupFlush(channel, reason, key);
                release = last >= 0 && now < last + cfg.aggregation.groupIntervalMs
                    ? last + cfg.aggregation.groupIntervalMs
                    : now + cfg.aggregation.groupWaitMs;
            }
            if (!hold(a, channel, round, purpose, HoldReason::Grouping, key, release, false,
                    QStringLiteral("grouped with %1")
                        .arg(groupLabel(key).isEmpty() ? QStringLiteral("all alerts") : groupLabel(key)),
                    plan, error))
                return false;
            continue;
        }
        const bool waiting = sequential && !plan->queued.isEmpty();
        if (queue(a.id, a.priority, channel, OutboxStore::idempotencyKey(a.id, channel, round), waiting, purpose, round,
                {}, error)
            < 0)
            return false;
        plan->queued << channel;
    }
    return true;
}

bool PolicyEngine::startEscalation(const Alert& a, QString* error)
{
    const EscalationPolicy* p
        = a.state == AlertState::Open ? findEscalationPolicy(m_profile.policies().escalation, a) : nullptr;
    if (!p)
        return m_store.stopEscalation(a.id, error); // a reopened alert no policy fits any more
    const qint64 now = m_clock.nowMs();
    const EscalationPolicy::Step step = p->next({ now, 0, 0, now });
    const EscalationRow row { a.id, p->name, now, 0, 0, now, step.at,
        step.at < 0 ? QStringLiteral("done") : QStringLiteral("active") };
    if (!m_store.putEscalation(row, error))
        return false;
    m_timersMoved = true;
    return true;
}

QStringList PolicyEngine::usableChannels(const QStringList& names) const
{
    QStringList out;
    for (const QString& n : names) {
        const ChannelConfig* c = m_profile.channel(n);
        if (c && c->enabled && !out.contains(n))
            out << n;
        else if (!c || !c->enabled)
            qCWarning(lcEngine).noquote()
                << "policies: channel" << n << (c ? "is disabled" : "does not exist") << "; skipped";
    }
    return out;
}

bool PolicyEngine::onStateChange(const Alert& a, AlertState to, NotificationPlan* followUps, QString* error)
{
    m_notifications.dispatcher().forget(a.id); // what it sends next shows the new state
    if (!m_store.stopEscalation(a.id, error))
        return false;
    if (to != AlertState::Acknowledged && to != AlertState::Resolved && to != AlertState::Snoozed)
        return true;
    const qint64 now = m_clock.nowMs();
    if (to != AlertState::Snoozed) {
        const QString why = QStringLiteral("not sent: the alert was %1").arg(alertStateName(to));
        m_store.dropHeld(a.id, why, now);
        // Reminders and escalations not yet attempted have nothing left to say; re-sends
        // neither once the alert is resolved (an acknowledged one stays firing, silenced).
        QStringList purposes { notifyPurposeName(NotifyPurpose::Escalation), notifyPurposeName(NotifyPurpose::Reminder),
            notifyPurposeName(NotifyPurpose::Renotify) };
        if (to == AlertState::Resolved) {
            purposes << notifyPurposeName(NotifyPurpose::Resend);
            if (!m_store.stopResends(a.id, error))
                return false;
        }
        m_store.cancelUnsent(a.id, purposes, why, now);
    }

    // Channels that track state hear of it if they were told of the alert (or are about to be);
    // of a snooze only those that can hold an alert back for a while (Alertmanager's silences).
    // A snooze keeps what is held: it is re-checked when released.
    QStringList told;
    for (const DeliveryRow& r : m_outbox.forAlert(a.id)) {
        if (r.status == DeliveryStatus::Failed || r.status == DeliveryStatus::Cancelled || told.contains(r.channel))
            continue;
        const ChannelConfig* cfg = m_profile.channel(r.channel);
        if (cfg && cfg->enabled && tracksLifecycle(*cfg) && (to != AlertState::Snoozed || tracksSnooze(*cfg)))
            told << r.channel;
    }
    if (told.isEmpty())
        return true;
    const NotifyPurpose purpose = to == AlertState::Acknowledged ? NotifyPurpose::Acknowledged
        : to == AlertState::Snoozed                              ? NotifyPurpose::Snoozed
                                                                 : NotifyPurpose::Resolved;
    for (const QString& channel : told) {
        const int round = m_lifecycle.nextRound(a.id, error);
        if (round < 0
            || queue(a.id, a.priority, channel, OutboxStore::idempotencyKey(a.id, channel, round), false, purpose,
                   round, {}, error)
                < 0)
            return false;
        followUps->queued << channel;
    }
    return true;
}

void PolicyEngine::changed()
{
    m_notifications.dispatcher().wake();
    // Only a hold or an escalation written here can bring the next wake-up forward: an alert
    // that went straight to the outbox costs no look-up. Rows of another process are found by
    // poll(), as before.
    if (m_started && m_timersMoved)
        scheduleNext();
}

void PolicyEngine::reloadPoliciesIfChanged()
{
    // alertdesk-cli policies set, or an edit by hand: the running engine follows. The file
    // is small; comparing its policies beats trusting a timestamp that may not move.
    QFile f(m_profile.configPath());
    if (!f.open(QIODevice::ReadOnly))
        return;
    const QJsonObject policies
        = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("policies")).toObject();
    if (policies == m_profile.policies().json)
        return;
    QString error;
    if (!m_profile.setPolicies(policies, &error)) {
        if (error != m_lastReloadError)
            qCWarning(lcEngine).noquote() << "keeping the current policies: config.json has invalid ones:" << error;
        m_lastReloadError = error;
        return;
    }
    m_lastReloadError.clear();
    qCInfo(lcEngine) << "policies reloaded from" << m_profile.configPath();
    scheduleNext();
}

void PolicyEngine::start()
{
    if (m_started)
        return;
    m_started = true;
    followPause(); // resumed while no window ran
    tick();
    if (m_pollIntervalMs > 0)
        m_clock.schedule(m_pollIntervalMs, this, [this] { poll(); });
}

qint64 PolicyEngine::pauseHoldsUntil(qint64 now) const
{
    if (!m_profile.setting(QStringLiteral("ui.pause_holds_channels")).toBool())
        return 0;
    const qint64 end = m_profile.setting(QStringLiteral("ui.pause_until")).toInteger();
    return end > now ? end : 0;
}

void PolicyEngine::followPause()
{
    if (!m_started)
        return;
    const qint64 now = m_clock.nowMs();
    const qint64 end = pauseHoldsUntil(now);
    const bool shorter = m_pauseHoldEnd < 0 || end < m_pauseHoldEnd;
    m_pauseHoldEnd = end;
    if (!shorter)
        return;
    QString error;
    const int moved = m_store.bringForward(holdReasonName(HoldReason::Pause), end > 0 ? end : now, &error);
    if (moved < 0) {
        qCWarning(lcEngine).noquote() << "cannot release what the pause holds:" << error;
        m_pauseHoldEnd = -1; // try again on the next poll
        return;
    }
    if (moved > 0) {
        qCInfo(lcEngine) << "the pause ended early:" << moved << "held notification(s) go out"
                         << (end > 0 ? "when it ends" : "now");
        tick();
    }
}

void PolicyEngine::poll()
{
    reloadPoliciesIfChanged();
    followPause();
    // Another process (a CLI send or snooze) may have written rows that fall due.
    scheduleNext();
    m_clock.schedule(m_pollIntervalMs, this, [this] { poll(); });
}

void PolicyEngine::scheduleNext()
{
    m_timersMoved = false;
    qint64 next = m_store.nextRelease();
    for (const qint64 t : { m_store.nextEscalation(), m_store.nextResend() }) {
        if (t >= 0 && (next < 0 || t < next))
            next = t;
    }
    if (next >= 0)
        m_wake.wakeAt(next);
}

void PolicyEngine::tick()
{
    const qint64 now = m_clock.nowMs();
    int work = 0;
    for (;;) {
        const int n = releaseDue(now) + escalateDue(now) + resendDue(now);
        work += n;
        if (n < kBatch)
            break;
    }
    if (work > 0)
        m_notifications.dispatcher().wake();
    scheduleNext();
}

int PolicyEngine::releaseDue(qint64 now)
{
    // A whole group at a time: a storm of thousands is still one digest per channel.
    const QList<PolicyStore::GroupKey> groups = m_store.dueGroups(now, kBatch);
    for (const PolicyStore::GroupKey& g : groups) {
        const QList<HeldNotification> rows = m_store.dueInGroup(g, now);
        if (rows.isEmpty())
            continue;
        int count = 0;
        if (!releaseGroup(rows, now, &count)) {
            // The database refused: leave the rows held and come back shortly.
            m_wake.wakeAt(now + 1000);
            return 0;
        }
    }
    return static_cast<int>(groups.size());
}

bool PolicyEngine::releaseGroup(const QList<HeldNotification>& rows, qint64 now, int* count)
{
    const PolicyConfig& cfg = m_profile.policies();
    const QString channel = rows.first().channel;
    const QString reason = rows.first().reason;
    const QString groupKey = rows.first().groupKey;
    QString digestId, error;
    const bool ok = m_db.transaction(
        [&] {
            QList<HeldNotification> live;
            QList<Alert> alerts;
            for (const HeldNotification& h : rows) {
                const auto a = m_alerts.get(h.alertId);
                if (!a || a->state != AlertState::Open) {
                    const QString why = a ? QStringLiteral("not sent: the alert is %1").arg(alertStateName(a->state))
                                          : QStringLiteral("not sent: the alert is gone");
                    if (!m_store.finishHeld(h.id, QStringLiteral("dropped"), now, {}, 0, why, &error)
                        && !error.isEmpty())
                        return false;
                    continue;
                }
                if (h.reason == holdReasonName(HoldReason::Pause)) {
                    // Paused again, or for longer, since: wait for the new end.
                    if (const qint64 end = pauseHoldsUntil(now); end > 0) {
                        if (!m_store.postpone(h.id, end, &error))
                            return false;
                        continue;
                    }
                }
                if (h.reason == holdReasonName(HoldReason::QuietHours)) {
                    // The timings may have changed since: still quiet means wait on.
                    const QuietDecision q = quietDecision(cfg.quietHours, channel, a->priority, now);
                    if (q.muted) {
                        if (!m_store.postpone(h.id, q.until >= 0 ? q.until : now + MuteTiming::kHorizonMs, &error))
                            return false;
                        continue;
                    }
                }
                live << h;
                alerts << *a;
            }
            if (live.isEmpty())
                return true;
            digestId = newAlertId();
            const HeldNotification& first = live.first();
            const bool single = live.size() == 1;
            const NotifyPurpose purpose = single ? notifyPurposeFromString(first.purpose).value_or(NotifyPurpose::Alert)
                                                 : NotifyPurpose::Digest;
            const QString key = single ? OutboxStore::idempotencyKey(first.alertId, channel, first.round)
                                       : digestKey(digestId, channel);
            // A digest goes in the lane of its most urgent alert.
            Priority priority = Priority::Info;
            for (const Alert& a : std::as_const(alerts))
                priority = std::min(priority, a.priority);
            const qint64 deliveryId = queue(
                first.alertId, priority, channel, key, false, purpose, single ? first.round : 1, digestId, &error);
            if (deliveryId < 0)
                return false;
            const DigestMessage m = buildDigest(digestId, alerts, reason, groupLabel(groupKey));
            DigestRecord d { digestId, channel, groupKey, reason, static_cast<int>(live.size()), m.title, m.message,
                m.data, now, deliveryId };
            if (!m_store.addDigest(d, &error))
                return false;
            for (const HeldNotification& h : std::as_const(live)) {
                if (!m_store.finishHeld(h.id, QStringLiteral("released"), now, digestId, deliveryId, {}, &error))
                    return false;
            }
            *count = static_cast<int>(live.size());
            return true;
        },
        &error);
    if (!ok) {
        qCCritical(lcEngine).noquote() << "cannot release held notifications for" << channel << ":" << error;
        return false;
    }
    if (*count > 0) {
        qCInfo(lcEngine).noquote() << "released" << *count << "held notification(s) to" << channel << "(" << reason
                                   << ")";
        Q_EMIT released(channel, digestId, *count);
    }
    return true;
}

int PolicyEngine::escalateDue(qint64 now)
{
    const QList<EscalationRow> due = m_store.dueEscalations(now, kBatch);
    for (const EscalationRow& row : due) {
        if (!escalate(row.alertId, now)) {
            m_wake.wakeAt(now + 1000);
            return 0;
        }
    }
    return static_cast<int>(due.size());
}

int PolicyEngine::resendDue(qint64 now)
{
    const QList<PolicyStore::Resend> due = m_store.dueResends(now, kBatch);
    for (const PolicyStore::Resend& r : due) {
        QString error;
        const bool ok = m_db.transaction(
            [&] {
                const auto a = m_alerts.get(r.alertId);
                const ChannelConfig* cfg = m_profile.channel(r.channel);
                const qint64 interval = cfg ? resendIntervalMs(*cfg) : 0;
                if (!a || a->state == AlertState::Resolved || interval <= 0 || !cfg->enabled)
                    return m_store.stopResends(r.alertId, &error);
                // A delivery still under way (a peer down, retrying) is the re-send already.
                bool open = false;
                for (const DeliveryRow& row : m_outbox.forAlert(r.alertId))
                    open = open
                        || (row.channel == r.channel
                            && (row.status == DeliveryStatus::Pending || row.status == DeliveryStatus::Waiting));
                if (open)
                    return m_store.putResend({ r.alertId, r.channel, interval, now + interval }, &error);
                const int round = m_lifecycle.nextRound(r.alertId, &error);
                return round >= 0
                    && queue(r.alertId, a->priority, r.channel,
                           OutboxStore::idempotencyKey(r.alertId, r.channel, round), false, NotifyPurpose::Resend,
                           round, {}, &error)
                    >= 0;
            },
            &error);
        if (!ok) {
            qCWarning(lcEngine).noquote() << "cannot re-send alert" << r.alertId << "to" << r.channel << ":" << error;
            m_wake.wakeAt(now + 1000);
            return 0;
        }
    }
    return static_cast<int>(due.size());
}

bool PolicyEngine::escalate(const QString& alertId, qint64 now)
{
    QString error;
    EscalationRow fired;
    bool didFire = false;
    // Everything is re-read inside the transaction: an acknowledgement committed by another
    // process a moment before wins, and one committed a moment after finds the step done.
    const bool ok = m_db.transaction(
        [&] {
            auto row = m_store.escalation(alertId);
            if (!row || row->status != QLatin1String("active") || row->nextAt > now)
                return true;
            const auto a = m_alerts.get(alertId);
            const EscalationPolicy* p = findEscalationPolicy(m_profile.policies().escalation, row->policy);
            if (!a || a->state != AlertState::Open || !p) {
                if (!p)
                    qCWarning(lcEngine).noquote()
                        << "escalation policy" << row->policy << "is gone; alert" << alertId << "stops escalating";
                row->status = QStringLiteral("stopped");
                return m_store.putEscalation(*row, &error);
            }
            EscalationPolicy::Progress progress { row->startedAt, row->tier, row->reminders, row->lastNotifiedAt };
            const EscalationPolicy::Step step = p->next(progress);
            if (step.kind == EscalationPolicy::Step::Kind::None || step.at > now) {
                // The policy changed since this row was planned.
                row->nextAt = step.at;
                row->status = step.at < 0 ? QStringLiteral("done") : QStringLiteral("active");
                return m_store.putEscalation(*row, &error);
            }
            QStringList channels;
            NotifyPurpose purpose = NotifyPurpose::Escalation;
            if (step.kind == EscalationPolicy::Step::Kind::Tier) {
                channels = p->tiers.at(progress.tier).channels;
                ++progress.tier;
            } else {
                purpose = NotifyPurpose::Reminder;
                if (progress.tier > 0) {
                    channels = p->tiers.at(progress.tier - 1).channels;
                } else {
                    QString routeError;
                    channels = route(*a, &routeError);
                }
                ++progress.reminders;
            }
            channels = usableChannels(channels);
            if (!channels.isEmpty()) {
                const int round = m_lifecycle.nextRound(alertId, &error);
                NotificationPlan plan;
                if (round < 0 || !notify(*a, round, purpose, channels, &plan, &error))
                    return false;
            }
            progress.lastNotifiedAt = now;
            const EscalationPolicy::Step after = p->next(progress);
            fired = EscalationRow { alertId, row->policy, row->startedAt, progress.tier, progress.reminders, now,
                after.at, after.at < 0 ? QStringLiteral("done") : QStringLiteral("active") };
            didFire = true;
            return m_store.putEscalation(fired, &error);
        },
        &error);
    if (!ok) {
        qCCritical(lcEngine).noquote() << "cannot escalate alert" << alertId << ":" << error;
        return false;
    }
    if (didFire) {
        qCInfo(lcEngine).noquote() << "alert" << alertId << "escalated by" << fired.policy << ": tier" << fired.tier
                                   << "reminders" << fired.reminders;
        Q_EMIT escalated(alertId, fired.policy, fired.tier, fired.reminders);
    }
    return true;
}

std::optional<Alert> PolicyEngine::compose(
    const DeliveryRow& row, const Channel& channel, const Alert* remembered) const
{
    // A first attempt sends the alert as this process submitted it (a state change here makes
    // the dispatcher forget it); a retry reads it again, changes by other processes included.
    std::optional<Alert> a
        = remembered && row.attempts == 0 ? std::optional<Alert>(*remembered) : m_alerts.get(row.alertId);
    if (!a)
        return std::nullopt;
    NotifyPurpose purpose = notifyPurposeFromString(row.purpose).value_or(NotifyPurpose::Alert);
    if (!row.digestId.isEmpty()) {
        const auto d = m_store.digest(row.digestId);
        if (d && d->count > 1) {
            const QJsonObject info = d->data.value(QStringLiteral("digest")).toObject();
            Alert digest;
            digest.id = d->id;
            digest.type
                = alertTypeFromString(info.value(QStringLiteral("type")).toString()).value_or(AlertType::Custom);
            digest.priority
                = priorityFromString(info.value(QStringLiteral("priority")).toString()).value_or(a->priority);
            digest.symbol = info.value(QStringLiteral("symbol")).toString();
            digest.title = d->title;
            digest.message = d->message;
            digest.data = d->data;
            digest.channels = QStringList { row.channel };
            digest.occurrences = d->count;
            digest.createdAt = digest.updatedAt = QDateTime::fromMSecsSinceEpoch(d->createdAt, Qt::UTC);
            a = digest;
            purpose = NotifyPurpose::Digest;
        }
    }
    // A follow-up carries the state it reports, whatever happened to the alert since.
    if (purpose == NotifyPurpose::Acknowledged)
        a->state = AlertState::Acknowledged;
    else if (purpose == NotifyPurpose::Resolved)
        a->state = AlertState::Resolved;
    else if (purpose == NotifyPurpose::Snoozed)
        a->state = AlertState::Snoozed; // its end as stored now: a later snooze has a follow-up of its own
    if (purpose == NotifyPurpose::Acknowledged || purpose == NotifyPurpose::Snoozed) {
        // The note of the latest change to that state (events come oldest first).
        for (const AlertEvent& e : m_lifecycle.events(a->id)) {
            if (e.kind == AlertEvent::Kind::State && e.to == a->state) // a colleague's silence is no change
                a->followUpNote = e.note;
        }
    }
    if (const MessageTemplate* t = findTemplate(m_profile.policies().templates, channel.kind(), a->type)) {
        QStringList errors;
        a = applyTemplate(*t, *a, &errors);
        for (const QString& e : std::as_const(errors))
            qCWarning(lcEngine).noquote() << "template for" << channel.kind() << alertTypeName(a->type) << ":" << e
                                          << "; the default text was sent";
    }
    if (channel.marksFollowUpsInTitle())
        a->title = titlePrefix(purpose) + a->title;
    return a;
}

} // namespace alertdesk
