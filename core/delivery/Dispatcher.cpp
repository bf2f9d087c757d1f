// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Dispatcher.h"

#include "RetryPolicy.h"
#include "channels/Channel.h"
#include "storage/AlertStore.h"
#include "storage/OutboxStore.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QTimer>

namespace alertdesk {

namespace {
// Alerts kept for their running deliveries; past this the rest are read back from the history.
constexpr qsizetype kAlertCacheLimit = 10000;
} // namespace

Dispatcher::Dispatcher(OutboxStore& outbox, AlertStore& alerts, Clock& clock, QObject* parent)
    : QObject(parent)
    , m_outbox(outbox)
    , m_alerts(alerts)
    , m_clock(clock)
{
    m_unit = [this] { return std::uniform_real_distribution<double>(0.0, 1.0)(m_rng); };
}

Dispatcher::~Dispatcher() = default;

void Dispatcher::tellBreaker(CircuitBreaker& breaker, const SendOutcome& o, qint64 nowMs)
{
    if (CircuitBreaker::countsAsFailure(
            o.kind == SendOutcome::Kind::Delivered, o.kind == SendOutcome::Kind::Retry, o.httpStatus, o.rateLimited))
        breaker.onFailure(nowMs);
    else
        breaker.onSuccess();
}

void Dispatcher::noteTestOutcome(const QString& channel, const SendOutcome& o)
{
    // A test send reaches the same endpoint: the breaker hears of it like of any attempt (a
    // successful test closes an open circuit at once).
    if (auto it = m_channels.find(channel); it != m_channels.end()) {
        tellBreaker(it->breaker, o, m_clock.nowMs());
        wake();
    }
}

void Dispatcher::setSettings(const DeliverySettings& s)
{
    m_settings = s;
    for (ChannelState& st : m_channels)
        st.breaker.setLimits(s.breakerThreshold, s.breakerCooldownMs);
}

void Dispatcher::addChannel(Channel* channel)
{
    ChannelState st;
    st.channel = channel;
    const RatePolicy rp = channel->ratePolicy();
    st.bucket = TokenBucket(rp.perSecond, rp.burst);
    st.breaker = CircuitBreaker(m_settings.breakerThreshold, m_settings.breakerCooldownMs);
    if (auto it = m_channels.find(channel->name()); it != m_channels.end()) {
        st.inFlight = it->inFlight;
        st.breaker = it->breaker; // the same endpoint's failures carry on (a rotated secret, say)
    } else {
        // A restart: the failures in a row the history shows still count.
        int failures = 0;
        qint64 lastFailureAt = 0;
        for (const RecentOutcome& o : m_outbox.recentOutcomes(channel->name(), m_settings.breakerThreshold)) {
            if (failures >= m_settings.breakerThreshold
                || !CircuitBreaker::countsAsFailure(o.delivered, o.retryable, o.httpStatus, false))
                break;
            if (failures++ == 0)
                lastFailureAt = o.at;
        }
        st.breaker.restore(failures, lastFailureAt);
    }
    m_channels.insert(channel->name(), st);
    wake();
}

void Dispatcher::removeChannel(const QString& name)
{
    m_channels.remove(name);
}

void Dispatcher::suspendChannel(const QString& name)
{
    if (auto it = m_channels.find(name); it != m_channels.end())
        it->suspended = true;
}

void Dispatcher::resumeChannel(const QString& name)
{
    if (auto it = m_channels.find(name); it != m_channels.end() && it->suspended) {
        it->suspended = false;
        wake();
    }
}

void Dispatcher::failChannel(const QString& name, const QString& reason)
{
    const qint64 now = m_clock.nowMs();
    for (const QString& alertId : m_outbox.failChannel(name, reason, now)) {
        // As after any failure: fail-fast stops the alert, else a sequential alert goes on
        // with its next channel (its rows would otherwise wait for ever).
        continueAfterFailure(alertId, name, now);
        Q_EMIT deliveryFinished(alertId, name, DeliveryStatus::Failed);
        if (m_outbox.alertComplete(alertId)) {
            forget(alertId);
            Q_EMIT alertCompleted(alertId);
        }
    }
    wake();
}

void Dispatcher::holdChannel(const QString& name, const QString& reason)
{
    m_outbox.holdChannel(name, reason);
}

void Dispatcher::continueAfterFailure(const QString& alertId, const QString& failedChannel, qint64 now)
{
    if (m_settings.failFast) {
        m_outbox.cancelOpen(
            alertId, QStringLiteral("not sent: fail-fast after %1 failed").arg(failedChannel), now, allInFlight());
        return;
    }
    for (const DeliveryRow& row : m_outbox.forAlert(alertId)) {
        if (row.status == DeliveryStatus::Pending)
            return; // its turn has not ended yet
    }
    m_outbox.promoteNext(alertId, now);
}

void Dispatcher::start()
{
    if (m_started)
        return;
    m_started = true;
    // A crash between recording a sequential delivery and promoting the alert's next one
    // leaves only 'waiting' rows: resume those alerts as if the crash had not happened.
    const qint64 now = m_clock.nowMs();
    for (const QString& alertId : m_outbox.stalledAlerts()) {
        QString failed;
        for (const DeliveryRow& row : m_outbox.forAlert(alertId)) {
            if (row.status == DeliveryStatus::Failed)
                failed = row.channel;
        }
        if (failed.isEmpty())
            m_outbox.promoteNext(alertId, now);
        else
            continueAfterFailure(alertId, failed, now);
        if (m_outbox.alertComplete(alertId))
            Q_EMIT alertCompleted(alertId);
    }
    wake();
    if (m_pollIntervalMs > 0)
        m_clock.schedule(m_pollIntervalMs, this, [this] { poll(); });
}

void Dispatcher::poll()
{
    QStringList missing;
    for (const QString& c : m_outbox.channelsWithPending()) {
        if (!m_channels.contains(c))
            missing << c;
    }
    if (!missing.isEmpty())
        Q_EMIT missingChannels(missing);
    pump();
    m_clock.schedule(m_pollIntervalMs, this, [this] { poll(); });
}

void Dispatcher::wake()
{
    if (!m_started || m_pumpQueued)
        return;
    m_pumpQueued = true;
    QMetaObject::invokeMethod(
        this, [this] { pump(); }, Qt::QueuedConnection);
}

void Dispatcher::remember(const Alert& alert)
{
    if (m_alertCache.size() < kAlertCacheLimit)
        m_alertCache.insert(alert.id, CachedAlert { alert, !m_settings.parallel });
}

int Dispatcher::inFlightCount() const
{
    int n = 0;
    for (const auto& st : m_channels)
        n += static_cast<int>(st.inFlight.size());
    return n;
}

CircuitState Dispatcher::circuitState(const QString& channel) const
{
    auto it = m_channels.find(channel);
    return it == m_channels.end() ? CircuitState::Closed : it->breaker.state(m_clock.nowMs());
}

qint64 Dispatcher::circuitWaitMs(const QString& channel) const
{
    auto it = m_channels.find(channel);
    return it == m_channels.end() ? 0 : it->breaker.waitMs(m_clock.nowMs());
}

QSet<qint64> Dispatcher::allInFlight() const
{
    QSet<qint64> all;
    for (const auto& st : m_channels)
        all.unite(st.inFlight);
    return all;
}

void Dispatcher::pump()
{
    m_pumpQueued = false;
    Q_EMIT aboutToPump();
    const qint64 now = m_clock.nowMs();
    qint64 nextWake = -1;
    auto wantWake = [&](qint64 at) { nextWake = nextWake < 0 ? at : std::min(nextWake, at); };

    for (auto it = m_channels.begin(); it != m_channels.end(); ++it) {
        ChannelState& st = it.value();
        if (!st.channel || st.suspended)
            continue;
        const int capacity = m_settings.concurrency - static_cast<int>(st.inFlight.size());
        if (capacity <= 0)
            continue; // a completion pumps again
        const qint64 blocked = std::max(st.bucket.waitMs(now), st.breaker.waitMs(now));
        if (blocked > 0) {
            if (m_outbox.nextDueAt(it.key()) >= 0)
                wantWake(now + blocked);
            continue;
        }
        const QList<DeliveryRow> rows = m_outbox.due(it.key(), now, capacity, st.inFlight);
        int started = 0;
        for (const DeliveryRow& row : rows) {
            // The bucket first: the breaker's half-open probe slot must only be taken by a
            // request that really goes out.
            if (const qint64 wait = st.bucket.waitMs(now); wait > 0) {
                wantWake(now + wait);
                break;
            }
            if (!st.breaker.allow(now)) {
                // Open: wake after the cooldown. Half-open with the probe out: its outcome wakes us.
                if (const qint64 wait = st.breaker.waitMs(now); wait > 0)
                    wantWake(now + wait);
                break;
            }
            st.bucket.tryTake(now);
            startDelivery(st, row);
            ++started;
        }
        // A full batch means more rows may be due: the next completion pumps again. Otherwise
        // find out when the channel's next row (a retry, say) falls due. Rows in flight are
        // pending too, with a past due time: they must not hide a later retry.
        if (started == static_cast<int>(rows.size()) && started < capacity) {
            const qint64 due = m_outbox.nextDueAt(it.key(), st.inFlight);
            if (due > now)
                wantWake(due);
        }
    }
    if (nextWake >= 0)
        m_wake.wakeAt(nextWake);
}

void Dispatcher::startDelivery(ChannelState& st, const DeliveryRow& row)
{
    const qint64 startedAt = m_clock.nowMs();
    const auto cached = m_alertCache.constFind(row.alertId);
    const Alert* remembered = cached != m_alertCache.constEnd() ? &cached->alert : nullptr;
    std::optional<Alert> alert;
    if (m_composer)
        alert = m_composer(row, *st.channel, remembered);
    else if (remembered)
        alert = *remembered;
    else
        alert = m_alerts.get(row.alertId);
    st.inFlight.insert(row.id);
    if (!alert) {
        // Cannot happen through the engine (alert and rows commit together); fail loudly.
        SendOutcome o;
        o.error = QStringLiteral("alert %1 is missing from the history").arg(row.alertId);
        onOutcome(st.channel->name(), row, startedAt, o);
        return;
    }
    DeliveryContext ctx { row.idempotencyKey, row.attempts + 1, m_settings.timeoutMs, row.purpose };
    const QString name = st.channel->name();
    QPointer<Dispatcher> self(this);
    st.channel->send(*alert, ctx, [self, name, row, startedAt](const SendOutcome& o) {
        if (self)
            self->onOutcome(name, row, startedAt, o);
    });
}

void Dispatcher::onOutcome(const QString& channelName, const DeliveryRow& row, qint64 startedAt, const SendOutcome& o)
{
    const qint64 now = m_clock.nowMs();
    auto it = m_channels.find(channelName);

    const int attemptsMade = row.attempts + 1;
    DeliveryStatus status = DeliveryStatus::Failed;
    qint64 nextAt = now;
    QString outcomeName = QStringLiteral("failed");
    QString error = o.error;

    switch (o.kind) {
    // Every outcome tells the breaker something, so a half-open probe slot is always given back.
    // An HTTP answer that is not a server error (a 4xx, a 429) shows the endpoint is up.
    case SendOutcome::Kind::Delivered:
        status = DeliveryStatus::Delivered;
        outcomeName = QStringLiteral("delivered");
        if (it != m_channels.end())
            tellBreaker(it->breaker, o, now);
        break;
    case SendOutcome::Kind::Retry: {
        const qint64 delay = nextRetryDelayMs(m_settings, attemptsMade, o.retryAfterMs, m_unit());
        if (it != m_channels.end()) {
            if (o.rateLimited)
                it->bucket.pauseUntil(now + std::max<qint64>(0, delay >= 0 ? delay : o.retryAfterMs));
            tellBreaker(it->breaker, o, now);
        }
        if (delay < 0) {
            error = gaveUpError(attemptsMade, o.error);
        } else {
            status = DeliveryStatus::Pending;
            outcomeName = QStringLiteral("retry");
            nextAt = now + delay;
        }
        break;
    }
    case SendOutcome::Kind::Failed:
        if (it != m_channels.end())
            tellBreaker(it->breaker, o, now);
        break;
    }

    Finished f;
    f.attemptsMade = attemptsMade;
    f.update.alertId = row.alertId;
    f.update.attempt = AttemptRecord { row.id, channelName, startedAt, now, outcomeName, o.httpStatus, error,
        o.kind == SendOutcome::Kind::Delivered ? o.latencyMs : (now - startedAt) };
    f.update.newStatus = status;
    f.update.nextAttemptAt = nextAt;
    // Sequential delivery goes on with the alert's next row; fail-fast cancels instead. An
    // alert known to be queued in parallel has no next row to look for.
    const auto cached = m_alertCache.constFind(row.alertId);
    const bool mayHaveWaiting = cached == m_alertCache.constEnd() || cached->sequential;
    f.update.promoteNext
        = mayHaveWaiting && isTerminal(status) && !(status == DeliveryStatus::Failed && m_settings.failFast);
    m_finished.append(std::move(f));
    if (!m_commitQueued) {
        m_commitQueued = true;
        QMetaObject::invokeMethod(
            this, [this] { commitOutcomes(); }, Qt::QueuedConnection);
    }
}

void Dispatcher::commitOutcomes()
{
    m_commitQueued = false;
    const QList<Finished> batch = std::exchange(m_finished, {});
    if (batch.isEmpty())
        return;
    QList<AttemptUpdate> updates;
    updates.reserve(batch.size());
    for (const Finished& f : batch)
        updates << f.update;
    QString dbError;
    QSet<QString> completed; // alerts with no open row left, as of the commit
    const bool committed = m_outbox.recordAttempts(updates, &dbError, &completed);
    // Only now may the rows be taken again: committed, or (on failure) still pending to resend.
    for (const Finished& f : batch) {
        if (auto it = m_channels.find(f.update.attempt.channel); it != m_channels.end())
            it->inFlight.remove(f.update.attempt.deliveryId);
    }
    const qint64 now = m_clock.nowMs();
    if (!committed) {
        // The rows stay pending and are sent again: at-least-once, never lost.
        qCCritical(lcDelivery).noquote() << "cannot record" << batch.size() << "attempts:" << dbError;
        m_wake.wakeAt(now + 1000);
        return;
    }
    QStringList finishedAlerts; // in order, each once
    QSet<QString> seen;
    QSet<QString> cancelled; // fail-fast changed their rows after the commit
    for (const Finished& f : batch) {
        const AttemptRecord& rec = f.update.attempt;
        const QString& alertId = f.update.alertId;
        qCDebug(lcDelivery).noquote() << rec.channel << alertId << rec.outcome << rec.error;
        Q_EMIT attemptFinished(alertId, rec.channel, f.attemptsMade, rec.outcome, rec.latencyMs, rec.error);
        if (!isTerminal(f.update.newStatus))
            continue;
        if (f.update.newStatus == DeliveryStatus::Failed && m_settings.failFast) {
            m_outbox.cancelOpen(
                alertId, QStringLiteral("not sent: fail-fast after %1 failed").arg(rec.channel), now, allInFlight());
            cancelled.insert(alertId);
        }
        Q_EMIT deliveryFinished(alertId, rec.channel, f.update.newStatus);
        if (!seen.contains(alertId)) {
            seen.insert(alertId);
            finishedAlerts << alertId;
        }
    }
    for (const QString& alertId : std::as_const(finishedAlerts)) {
        if (cancelled.contains(alertId) ? m_outbox.alertComplete(alertId) : completed.contains(alertId)) {
            forget(alertId);
            Q_EMIT alertCompleted(alertId);
        }
    }
    if (m_started)
        pump();
}

} // namespace alertdesk
