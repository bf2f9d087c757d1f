// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "CircuitBreaker.h"
#include "TokenBucket.h"
#include "config/Settings.h"
#include "model/Alert.h"
#include "model/DeliveryReport.h"
#include "storage/OutboxStore.h"

#include "util/WakeTimer.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <functional>
#include <random>

namespace alertdesk {

class AlertStore;
class Channel;
class Clock;
struct SendOutcome;

// Drives the outbox: takes due rows per channel within its concurrency, token bucket and
// circuit breaker, sends them, records every attempt, and schedules retries. Nothing is held
// only in memory: a row stays 'pending' until its outcome is committed.
// Priority lanes: a channel's free slot and next token go to its most urgent due row (CRITICAL,
// HIGH, MEDIUM, LOW, INFO; within a priority the earliest due, then the oldest), so a CRITICAL
// overtakes any backlog, retry or digest of lower priority without bypassing the limits. Strict
// priority, no aging: a lower row waits only while a more urgent one is due on its channel, and a
// failed CRITICAL waits out its backoff like any row, so the lower lanes drain meanwhile.
class Dispatcher final : public QObject {
    Q_OBJECT
public:
    Dispatcher(OutboxStore& outbox, AlertStore& alerts, Clock& clock, QObject* parent = nullptr);
    ~Dispatcher() override;

    void setSettings(const DeliverySettings& s); // applies to the channels' breakers too
    const DeliverySettings& settings() const { return m_settings; }
    // Registers (or replaces) a channel; the dispatcher does not own it.
    void addChannel(Channel* channel);
    void removeChannel(const QString& name);
    // A suspended channel sends nothing until addChannel() replaces it or resumeChannel();
    // its rate limit, circuit and requests in flight are kept.
    void suspendChannel(const QString& name);
    void resumeChannel(const QString& name);
    bool hasChannel(const QString& name) const { return m_channels.contains(name); }
    // Tests pin the jitter with this; it returns values in [0, 1).
    void setRandomSource(std::function<double()> unit) { m_unit = std::move(unit); }
    // How often to look for rows written by another process (a CLI hand-off); 0 = never.
    void setPollIntervalMs(qint64 ms) { m_pollIntervalMs = ms; }
    // What a row sends: by default the stored alert. The policies supply digests, reminders
    // and templated text through this; nullopt fails the row.
    // remembered: the alert as submitted in this process (remember()), or null.
    using Composer
        = std::function<std::optional<Alert>(const DeliveryRow& row, const Channel& channel, const Alert* remembered)>;
    void setComposer(Composer composer) { m_composer = std::move(composer); }

    // Fails every open row of a channel that cannot be used (not configured, no secret).
    void failChannel(const QString& name, const QString& reason);
    // Keeps the open rows of a channel that cannot be used for now (a locked keychain) for a
    // later try, with reason as their last error.
    void holdChannel(const QString& name, const QString& reason);

    void start();
    void wake(); // there may be new due rows: pump soon (coalesced)
    // The alert whose rows were just committed (under the current settings): kept while its
    // deliveries run, so that each delivery need not read it back from the history, nor look
    // for sequential rows to promote when it was queued in parallel. Only a cache: rows are
    // the truth, and an alert not in it is read from them.
    void remember(const Alert& alert);
    // The alert changed in the history (a state change, a repeat): read it back from now on.
    void forget(const QString& alertId) { m_alertCache.remove(alertId); }

    int inFlightCount() const;
    CircuitState circuitState(const QString& channel) const;
    qint64 circuitWaitMs(const QString& channel) const; // until an open circuit probes again; 0 otherwise
    // A test send's outcome (it has no row): the channel's breaker counts it like an attempt.
    void noteTestOutcome(const QString& channel, const SendOutcome& outcome);

Q_SIGNALS:
    void attemptFinished(const QString& alertId, const QString& channel, int attempt, const QString& outcome,
        qint64 latencyMs, const QString& error);
    void deliveryFinished(const QString& alertId, const QString& channel, alertdesk::DeliveryStatus status);
    void alertCompleted(const QString& alertId);
    // Rows wait for channels this dispatcher does not have (added by another process, say).
    void missingChannels(const QStringList& names);
    // Before each pump (every poll too): a moment to notice what another process changed.
    void aboutToPump();

private:
    struct ChannelState {
        QPointer<Channel> channel;
        TokenBucket bucket;
        CircuitBreaker breaker;
        QSet<qint64> inFlight;
        bool suspended = false;
    };

    // An outcome waiting for its commit; its row stays in flight (not sent again) until then.
    struct Finished {
        AttemptUpdate update;
        int attemptsMade = 0;
    };

    static void tellBreaker(CircuitBreaker& breaker, const SendOutcome& o, qint64 nowMs);
    void pump();
    void poll();
    void startDelivery(ChannelState& st, const DeliveryRow& row);
    void onOutcome(const QString& channelName, const DeliveryRow& row, qint64 startedAt, const SendOutcome& o);
    void commitOutcomes();
    // After a delivery of the alert failed for good: fail-fast cancels the rest, else the
    // next waiting row (sequential delivery) gets its turn.
    void continueAfterFailure(const QString& alertId, const QString& failedChannel, qint64 now);
    QSet<qint64> allInFlight() const;

    OutboxStore& m_outbox;
    AlertStore& m_alerts;
    Clock& m_clock;
    DeliverySettings m_settings;
    QHash<QString, ChannelState> m_channels;
    std::function<double()> m_unit;
    Composer m_composer;
    std::mt19937_64 m_rng { std::random_device {}() };
    bool m_started = false;
    bool m_pumpQueued = false;
    // Outcomes that arrived in one turn of the event loop are committed together: one
    // transaction for many attempts instead of one each.
    QList<Finished> m_finished;
    bool m_commitQueued = false;
    struct CachedAlert {
        Alert alert;
        bool sequential = false; // its rows were queued one after another
    };
    QHash<QString, CachedAlert> m_alertCache;
    WakeTimer m_wake { m_clock, this, [this] { pump(); } };
    qint64 m_pollIntervalMs = 1000;
};

} // namespace alertdesk
