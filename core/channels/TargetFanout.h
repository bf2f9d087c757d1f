// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Channel.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace alertdesk {

// One destination of a channel that has several (a webhook URL, a chat id, a phone number).
struct ChannelTarget {
    QString id; // stable within the channel's configuration
    QString label; // how errors name it: never a secret ("webhook 2", "chat -100123")
};

struct TargetResult {
    QString label;
    SendOutcome outcome;
};

// The outcome of one delivery from its targets' outcomes: Delivered when every target is,
// Retry when any target can still succeed later (the longest wait any of them asked for),
// else Failed. Errors name their target when the channel has more than one.
SendOutcome combineTargetOutcomes(const QList<TargetResult>& results);
// For targets that are replicas of one destination (the peers of an Alertmanager cluster):
// Delivered when any target is (the others' errors still named in the error text), else as
// combineTargetOutcomes.
SendOutcome combineAnyTargetOutcome(const QList<TargetResult>& results);

// Sends one delivery (one alert to one channel) to all of the channel's targets at once.
//
// One outbox row is one (alert, channel), so the targets share its retries. To keep a retry
// from repeating messages that already arrived, the fanout remembers per idempotency key
// which targets are finished (delivered, or failed for good) and sends a retry only to the
// others. The memory lives in the channel object, not in SQLite: after a restart (or when
// the channel is rebuilt with a new configuration) a retry goes to every target again, which
// is the at-least-once promise, not a loss. Entries go when the delivery ends; the oldest
// are dropped past kMaxRemembered (a delivery whose retries ran out never comes back).
class TargetFanout final {
public:
    static constexpr int kMaxRemembered = 1000;
    using SendOne = std::function<void(const ChannelTarget&, std::function<void(SendOutcome)>)>;

    // Every: each target must take the delivery. Any: one is enough, and every attempt goes to
    // all targets again (replicas that deduplicate by themselves), so nothing is remembered.
    enum class Need { Every, Any };

    void run(const QString& key, const QList<ChannelTarget>& targets, const SendOne& sendOne,
        std::function<void(SendOutcome)> done, Need need = Need::Every);

    // Targets of a delivery already finished (for tests and diagnostics).
    QStringList finishedTargets(const QString& key) const { return m_finished.value(key).keys(); }
    int rememberedDeliveries() const { return static_cast<int>(m_finished.size()); }

private:
    void remember(const QString& key, const QString& targetId, const TargetResult& r);

    QHash<QString, QHash<QString, TargetResult>> m_finished; // key -> target id -> final result
    QStringList m_order; // keys, oldest first
};

} // namespace alertdesk
