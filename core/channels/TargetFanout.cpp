// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "TargetFanout.h"

#include <memory>

namespace alertdesk {

SendOutcome combineTargetOutcomes(const QList<TargetResult>& results)
{
    SendOutcome o;
    if (results.isEmpty()) {
        o.kind = SendOutcome::Kind::Failed;
        o.error = QStringLiteral("no target configured");
        return o;
    }
    bool anyRetry = false, anyFailed = false;
    QStringList errors;
    for (const TargetResult& r : results) {
        const SendOutcome& t = r.outcome;
        o.latencyMs = std::max(o.latencyMs, t.latencyMs);
        if (t.kind == SendOutcome::Kind::Delivered)
            continue;
        if (o.httpStatus == 0)
            o.httpStatus = t.httpStatus;
        errors << (results.size() == 1 ? t.error : r.label + QStringLiteral(": ") + t.error);
        if (t.kind == SendOutcome::Kind::Retry) {
            anyRetry = true;
            o.retryAfterMs = std::max(o.retryAfterMs, t.retryAfterMs);
            o.rateLimited = o.rateLimited || t.rateLimited;
        } else {
            anyFailed = true;
        }
    }
    if (!anyRetry && !anyFailed) {
        o.kind = SendOutcome::Kind::Delivered;
        o.httpStatus = results.last().outcome.httpStatus;
        return o;
    }
    o.kind = anyRetry ? SendOutcome::Kind::Retry : SendOutcome::Kind::Failed;
    o.error = errors.join(QStringLiteral("; "));
    return o;
}

SendOutcome combineAnyTargetOutcome(const QList<TargetResult>& results)
{
    SendOutcome o = combineTargetOutcomes(results);
    if (o.kind == SendOutcome::Kind::Delivered)
        return o;
    for (const TargetResult& r : results) {
        if (r.outcome.kind != SendOutcome::Kind::Delivered)
            continue;
        // The failures stay in the attempt's error, the delivery counts as made.
        SendOutcome d = SendOutcome::delivered(r.outcome.httpStatus, o.latencyMs);
        d.error = o.error;
        return d;
    }
    return o;
}

void TargetFanout::remember(const QString& key, const QString& targetId, const TargetResult& r)
{
    if (!m_finished.contains(key)) {
        m_order << key;
        while (m_order.size() > kMaxRemembered)
            m_finished.remove(m_order.takeFirst());
    }
    m_finished[key].insert(targetId, r);
}

void TargetFanout::run(const QString& key, const QList<ChannelTarget>& targets, const SendOne& sendOne,
    std::function<void(SendOutcome)> done, Need need)
{
    struct State {
        QList<TargetResult> results; // in target order
        QList<bool> fresh; // sent in this attempt
        int outstanding = 0;
        std::function<void(SendOutcome)> done;
    };
    auto st = std::make_shared<State>();
    st->done = std::move(done);
    const QHash<QString, TargetResult> earlier
        = need == Need::Every ? m_finished.value(key) : QHash<QString, TargetResult>();
    QList<int> toSend;
    for (int i = 0; i < targets.size(); ++i) {
        if (auto it = earlier.find(targets[i].id); it != earlier.end()) {
            st->results << *it;
            st->fresh << false;
        } else {
            st->results << TargetResult { targets[i].label, {} };
            st->fresh << true;
            toSend << i;
        }
    }
    auto finish = [this, key, targets, st, need] {
        if (need == Need::Any) {
            st->done(combineAnyTargetOutcome(st->results));
            return;
        }
        for (int i = 0; i < targets.size(); ++i) {
            if (st->fresh[i] && st->results[i].outcome.kind != SendOutcome::Kind::Retry)
                remember(key, targets[i].id, st->results[i]);
        }
        SendOutcome combined = combineTargetOutcomes(st->results);
        if (combined.kind != SendOutcome::Kind::Retry) {
            m_finished.remove(key);
            m_order.removeOne(key);
        }
        st->done(combined);
    };
    if (toSend.isEmpty()) { // cannot happen through the dispatcher; answer anyway
        finish();
        return;
    }
    st->outstanding = static_cast<int>(toSend.size());
    for (int i : toSend) {
        sendOne(targets[i], [st, i, finish](SendOutcome o) {
            st->results[i].outcome = std::move(o);
            if (--st->outstanding == 0)
                finish();
        });
    }
}

} // namespace alertdesk
