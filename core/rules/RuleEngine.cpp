// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "RuleEngine.h"

#include "util/Clock.h"

#include <algorithm>
#include <cmath>

namespace alertdesk {

namespace {
// Floor division, so once-per intervals stay aligned for times before the epoch too.
qint64 intervalIndex(qint64 t, qint64 interval)
{
    const qint64 q = t / interval;
    return (t % interval != 0 && t < 0) ? q - 1 : q;
}

// A percentage reached within floating-point noise counts: 0.1 -> 0.105 is a 5 % move.
bool reachesPercent(double change, double percent)
{
    return change >= percent - 1e-9 * std::max(1.0, percent);
}
} // namespace

void RuleEngine::PointQueue::pushBack(Point p)
{
    if (m_size == m_buf.size()) {
        if (m_buf.size() < static_cast<size_t>(kWindowCapacity)) {
            // Grow (doubling), unrolling the ring into the new buffer.
            std::vector<Point> bigger(m_buf.empty() ? 16 : m_buf.size() * 2);
            for (size_t i = 0; i < m_size; ++i)
                bigger[i] = m_buf[(m_head + i) & (m_buf.size() - 1)];
            m_buf.swap(bigger);
            m_head = 0;
        } else {
            popFront(); // bounded: the oldest point goes
        }
    }
    m_buf[(m_head + m_size) & (m_buf.size() - 1)] = p;
    ++m_size;
}

RuleEngine::RuleEngine(Clock& clock)
    : m_clock(clock)
{
}

RuleEngine::~RuleEngine() = default;

QString RuleEngine::statusText(SampleStatus s)
{
    switch (s) {
    case SampleStatus::Evaluated:
        return QStringLiteral("evaluated");
    case SampleStatus::NoRules:
        return QStringLiteral("no rule watches this metric");
    case SampleStatus::OutOfOrder:
        return QStringLiteral("older than the metric's latest sample; ignored");
    case SampleStatus::InvalidValue:
        return QStringLiteral("value is not a finite number");
    case SampleStatus::TooFarAhead:
        return QStringLiteral("time is more than 5 minutes ahead of this machine's clock");
    }
    return {};
}

void RuleEngine::collect(std::vector<Rule>* defs, std::vector<RuleState>* states, QSet<QString>* dirtyNames) const
{
    defs->reserve(m_hot.size());
    states->reserve(m_hot.size());
    for (const Hot& h : m_hot) {
        defs->push_back(m_defs[h.def]);
        states->push_back(h.state);
        if (h.dirty)
            dirtyNames->insert(m_defs[h.def].name);
    }
}

void RuleEngine::setRules(const QList<Rule>& rules)
{
    QHash<QString, qsizetype> live;
    for (size_t i = 0; i < m_hot.size(); ++i)
        live.insert(m_defs[m_hot[i].def].name, static_cast<qsizetype>(i));
    std::vector<Rule> defs;
    std::vector<RuleState> states;
    QSet<QString> dirty;
    defs.reserve(rules.size());
    states.reserve(rules.size());
    for (const Rule& r : rules) {
        const auto it = live.constFind(r.name);
        const Hot* h = it == live.cend() ? nullptr : &m_hot[static_cast<size_t>(*it)];
        const bool keep = h && m_defs[h->def].revision == r.revision;
        defs.push_back(r);
        states.push_back(keep ? h->state : r.state);
        if (keep && h->dirty)
            dirty.insert(r.name);
    }
    rebuild(std::move(defs), std::move(states), dirty);
}

void RuleEngine::upsertRule(const Rule& rule)
{
    std::vector<Rule> defs;
    std::vector<RuleState> states;
    QSet<QString> dirty;
    collect(&defs, &states, &dirty);
    bool replaced = false;
    for (size_t i = 0; i < defs.size(); ++i) {
        if (defs[i].name != rule.name)
            continue;
        if (defs[i].revision != rule.revision) {
            states[i] = rule.state;
            dirty.remove(rule.name);
        }
        defs[i] = rule;
        replaced = true;
    }
    if (!replaced) {
        defs.push_back(rule);
        states.push_back(rule.state);
    }
    rebuild(std::move(defs), std::move(states), dirty);
}

bool RuleEngine::removeRule(const QString& name)
{
    std::vector<Rule> defs;
    std::vector<RuleState> states;
    QSet<QString> dirty;
    collect(&defs, &states, &dirty);
    for (size_t i = 0; i < defs.size(); ++i) {
        if (defs[i].name == name) {
            defs.erase(defs.begin() + static_cast<std::ptrdiff_t>(i));
            states.erase(states.begin() + static_cast<std::ptrdiff_t>(i));
            dirty.remove(name);
            rebuild(std::move(defs), std::move(states), dirty);
            return true;
        }
    }
    return false;
}

void RuleEngine::rebuild(std::vector<Rule> defs, std::vector<RuleState> states, const QSet<QString>& dirtyNames)
{
    std::vector<size_t> order(defs.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return defs[a].metric != defs[b].metric ? defs[a].metric < defs[b].metric : defs[a].name < defs[b].name;
    });

    // Metric slots survive a rebuild: their latest sample and window points are still true.
    QHash<QString, MetricSlot> slots;
    m_defs.clear();
    m_hot.clear();
    m_dirty.clear();
    m_defs.reserve(defs.size());
    m_hot.reserve(defs.size());
    for (size_t k = 0; k < order.size(); ++k) {
        Rule& r = defs[order[k]];
        RuleState st = states[order[k]];
        auto sit = slots.find(r.metric);
        if (sit == slots.end()) {
            MetricSlot fresh;
            if (auto old = m_metrics.find(r.metric); old != m_metrics.end()) {
                fresh.lastValue = old->lastValue;
                fresh.lastTimeMs = old->lastTimeMs;
                fresh.trackers = std::move(old->trackers);
            }
            fresh.first = static_cast<quint32>(k);
            sit = slots.emplace(r.metric, std::move(fresh));
        }
        MetricSlot& slot = *sit;
        ++slot.count;
        // A stored state can be newer than anything seen in this process (a restart).
        if (st.lastSampleMs > slot.lastTimeMs && st.hasLastValue()) {
            slot.lastTimeMs = st.lastSampleMs;
            slot.lastValue = st.lastValue;
        }
        Hot h;
        h.value = r.value;
        h.value2 = r.value2;
        h.intervalMs = r.intervalMs;
        h.cooldownMs = r.cooldownMs;
        h.expiresAtMs = r.expiresAtMs;
        h.state = st;
        h.def = static_cast<quint32>(k);
        h.condition = r.condition;
        h.frequency = r.frequency;
        h.enabled = r.enabled;
        if (isMoveCondition(r.condition)) {
            auto t = std::find_if(slot.trackers.begin(), slot.trackers.end(),
                [&](const WindowTracker& w) { return w.windowMs == r.windowMs; });
            if (t == slot.trackers.end()) {
                WindowTracker w;
                w.windowMs = r.windowMs;
                slot.trackers.push_back(std::move(w));
                t = slot.trackers.end() - 1;
            }
            h.tracker = static_cast<qint32>(t - slot.trackers.begin());
        }
        if (dirtyNames.contains(r.name)) {
            h.dirty = true;
            m_dirty.push_back(static_cast<quint32>(k));
        }
        m_defs.push_back(std::move(r));
        m_hot.push_back(h);
    }
    // Trackers no rule uses any more go; rules without a value yet start from the metric's latest.
    for (MetricSlot& slot : slots) {
        std::vector<WindowTracker> used;
        for (quint32 i = slot.first; i < slot.first + slot.count; ++i) {
            Hot& h = m_hot[i];
            if (!h.state.hasLastValue() && slot.lastTimeMs > 0) {
                h.state.lastValue = slot.lastValue;
                h.state.lastSampleMs = slot.lastTimeMs;
            }
            if (h.tracker < 0)
                continue;
            const qint64 window = slot.trackers[static_cast<size_t>(h.tracker)].windowMs;
            auto u
                = std::find_if(used.begin(), used.end(), [&](const WindowTracker& w) { return w.windowMs == window; });
            if (u == used.end()) {
                used.push_back(std::move(slot.trackers[static_cast<size_t>(h.tracker)]));
                slot.trackers[static_cast<size_t>(h.tracker)].windowMs = window; // moved-from: keep the key
                u = used.end() - 1;
            }
            h.tracker = static_cast<qint32>(u - used.begin());
        }
        slot.trackers = std::move(used);
    }
    m_metrics = std::move(slots);
}

std::optional<Rule> RuleEngine::rule(const QString& name) const
{
    for (const Hot& h : m_hot) {
        if (m_defs[h.def].name == name) {
            Rule r = m_defs[h.def];
            r.state = h.state;
            return r;
        }
    }
    return std::nullopt;
}

QList<Rule> RuleEngine::rules() const
{
    QList<Rule> out;
    out.reserve(static_cast<qsizetype>(m_hot.size()));
    for (const Hot& h : m_hot) {
        out.append(m_defs[h.def]);
        out.last().state = h.state;
    }
    return out;
}

RuleEngine::SampleStatus RuleEngine::evaluate(
    const QString& metric, double value, qint64 timeMs, QList<RuleFiring>* fired)
{
    if (!std::isfinite(value))
        return SampleStatus::InvalidValue;
    const auto it = m_metrics.find(metric);
    if (it == m_metrics.end())
        return SampleStatus::NoRules;
    MetricSlot& slot = *it;
    const qint64 now = m_clock.nowMs();
    if (timeMs > now + kMaxFutureMs)
        return SampleStatus::TooFarAhead;
    if (timeMs < slot.lastTimeMs)
        return SampleStatus::OutOfOrder;

    // Points that have left a window go before anyone looks at its lowest or highest value.
    for (WindowTracker& w : slot.trackers) {
        const qint64 cutoff = timeMs - w.windowMs;
        while (!w.lows.empty() && w.lows.front().t < cutoff)
            w.lows.popFront();
        while (!w.highs.empty() && w.highs.front().t < cutoff)
            w.highs.popFront();
    }

    Hot* const begin = m_hot.data() + slot.first;
    Hot* const end = begin + slot.count;
    for (Hot* h = begin; h != end; ++h) {
        if (!h->enabled || h->state.exhausted || (h->expiresAtMs > 0 && now >= h->expiresAtMs))
            continue;
        const double prev = h->state.lastValue; // NaN before the first sample: every comparison is false
        const double x = h->value;
        bool triggered = false;
        switch (h->condition) {
        case RuleCondition::Above:
            triggered = value > x;
            break;
        case RuleCondition::Below:
            triggered = value < x;
            break;
        case RuleCondition::CrossingUp:
            triggered = prev < x && value >= x;
            break;
        case RuleCondition::CrossingDown:
            triggered = prev > x && value <= x;
            break;
        case RuleCondition::Crossing:
            triggered = (prev < x && value >= x) || (prev > x && value <= x);
            break;
        case RuleCondition::EnterRange:
        case RuleCondition::LeaveRange: {
            if (prev == prev) {
                const bool wasIn = prev >= x && prev <= h->value2;
                const bool isIn = value >= x && value <= h->value2;
                triggered = h->condition == RuleCondition::EnterRange ? (!wasIn && isIn) : (wasIn && !isIn);
            }
            break;
        }
        case RuleCondition::MovedUp: {
            const PointQueue& lows = slot.trackers[static_cast<size_t>(h->tracker)].lows;
            if (!lows.empty() && lows.front().v != 0)
                triggered = reachesPercent((value - lows.front().v) / std::fabs(lows.front().v) * 100.0, x);
            break;
        }
        case RuleCondition::MovedDown: {
            const PointQueue& highs = slot.trackers[static_cast<size_t>(h->tracker)].highs;
            if (!highs.empty() && highs.front().v != 0)
                triggered = reachesPercent((highs.front().v - value) / std::fabs(highs.front().v) * 100.0, x);
            break;
        }
        }
        h->state.lastValue = value;
        h->state.lastSampleMs = timeMs;
        if (!h->dirty) {
            h->dirty = true;
            m_dirty.push_back(static_cast<quint32>(h - m_hot.data()));
        }
        if (!triggered)
            continue;
        const qint64 last = h->state.lastFiredMs;
        if (last > 0 && h->cooldownMs > 0 && timeMs - last < h->cooldownMs)
            continue;
        if (last > 0 && h->frequency == RuleFrequency::OncePer
            && intervalIndex(timeMs, h->intervalMs) == intervalIndex(last, h->intervalMs))
            continue;
        h->state.lastFiredMs = timeMs;
        ++h->state.firedCount;
        if (h->frequency == RuleFrequency::Once)
            h->state.exhausted = true;
        if (fired) {
            const Rule& def = m_defs[h->def];
            fired->append(RuleFiring { def.name, def.revision, buildRuleAlert(def, value, timeMs), h->state });
        }
    }

    slot.lastValue = value;
    slot.lastTimeMs = timeMs;
    for (WindowTracker& w : slot.trackers) {
        while (!w.lows.empty() && w.lows.back().v >= value)
            w.lows.popBack();
        w.lows.pushBack({ timeMs, value });
        while (!w.highs.empty() && w.highs.back().v <= value)
            w.highs.popBack();
        w.highs.pushBack({ timeMs, value });
    }
    return SampleStatus::Evaluated;
}

QList<RuleStateUpdate> RuleEngine::takeDirtyStates()
{
    QList<RuleStateUpdate> out;
    out.reserve(static_cast<qsizetype>(m_dirty.size()));
    for (quint32 i : m_dirty) {
        Hot& h = m_hot[i];
        h.dirty = false;
        out.append({ m_defs[h.def].name, m_defs[h.def].revision, h.state });
    }
    m_dirty.clear();
    return out;
}

} // namespace alertdesk
