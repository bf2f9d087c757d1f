// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "Rule.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <memory>
#include <vector>

namespace alertdesk {

class Clock;

// A rule that fired: the alert it raises and its state right after firing, which the engine
// stores in the same transaction as the alert (so a restart never reports it twice).
struct RuleFiring {
    QString rule;
    qint64 revision = 0;
    Alert alert;
    RuleState state;
};

// A rule's state that changed since it was last saved.
struct RuleStateUpdate {
    QString rule;
    qint64 revision = 0;
    RuleState state;
};

// Samples in, alerts out. Rules are indexed by metric key (one hash look-up per sample) and
// kept contiguous per metric with their state, so a sample costs a few nanoseconds per rule of
// its metric. It never calls the engine: evaluate() returns what fired and the engine submits
// it. Not thread-safe: one thread (the engine's) owns it.
//
// Time: a sample's own time drives crossings, windows, cooldowns and once-per intervals (so a
// replayed series behaves as it did live); the Clock decides expiry and refuses samples too far
// in the future. Per metric, samples must come in time order: an older one is ignored.
class RuleEngine final {
public:
    // Each moved-up/moved-down window keeps at most this many points (monotonic queues: a
    // point is kept only while it can still be the window's lowest or highest value).
    static constexpr int kWindowCapacity = 4096;
    // A sample stamped further ahead of the clock than this is refused.
    static constexpr qint64 kMaxFutureMs = 5LL * 60 * 1000;

    enum class SampleStatus { Evaluated, NoRules, OutOfOrder, InvalidValue, TooFarAhead };

    explicit RuleEngine(Clock& clock);
    ~RuleEngine();
    RuleEngine(const RuleEngine&) = delete;
    RuleEngine& operator=(const RuleEngine&) = delete;

    // Replaces the rule set. A rule whose name and revision are unchanged keeps its live
    // state (which is newer than a stored one); others take the state they come with. A rule
    // that has no last value yet takes its metric's latest sample, if one has been seen.
    void setRules(const QList<Rule>& rules);
    void upsertRule(const Rule& rule);
    bool removeRule(const QString& name);

    std::optional<Rule> rule(const QString& name) const; // with its live state
    QList<Rule> rules() const; // sorted by metric, then name
    qsizetype ruleCount() const { return static_cast<qsizetype>(m_hot.size()); }
    qsizetype metricCount() const { return m_metrics.size(); }

    // Evaluates one sample against the rules of its metric and appends what fired.
    SampleStatus evaluate(const QString& metric, double value, qint64 timeMs, QList<RuleFiring>* fired);

    bool hasDirtyState() const { return !m_dirty.empty(); }
    // The states changed since the last call (and clears the list).
    QList<RuleStateUpdate> takeDirtyStates();

    static QString statusText(SampleStatus s);

private:
    // A bounded double-ended queue of (time, value) points over a ring buffer.
    class PointQueue final {
    public:
        struct Point {
            qint64 t;
            double v;
        };
        bool empty() const { return m_size == 0; }
        const Point& front() const { return m_buf[m_head]; }
        const Point& back() const { return m_buf[(m_head + m_size - 1) & (m_buf.size() - 1)]; }
        void popFront()
        {
            m_head = (m_head + 1) & (m_buf.size() - 1);
            --m_size;
        }
        void popBack() { --m_size; }
        void pushBack(Point p); // drops the oldest point when full
        size_t size() const { return m_size; }

    private:
        std::vector<Point> m_buf; // capacity: a power of two
        size_t m_head = 0;
        size_t m_size = 0;
    };

    // The lowest and highest value of one metric over one window length.
    struct WindowTracker {
        qint64 windowMs = 0;
        PointQueue lows; // increasing values: front is the window's minimum
        PointQueue highs; // decreasing values: front is the window's maximum
    };

    struct Hot {
        double value = 0;
        double value2 = 0;
        qint64 intervalMs = 0;
        qint64 cooldownMs = 0;
        qint64 expiresAtMs = 0;
        RuleState state;
        quint32 def = 0; // index into m_defs
        qint32 tracker = -1; // index into its MetricSlot's trackers
        RuleCondition condition = RuleCondition::Above;
        RuleFrequency frequency = RuleFrequency::Every;
        bool enabled = true;
        bool dirty = false;
    };

    struct MetricSlot {
        quint32 first = 0; // its rules: m_hot[first, first + count)
        quint32 count = 0;
        double lastValue = std::numeric_limits<double>::quiet_NaN();
        qint64 lastTimeMs = 0;
        std::vector<WindowTracker> trackers;
    };

    void rebuild(std::vector<Rule> defs, std::vector<RuleState> states, const QSet<QString>& dirtyNames);
    void collect(std::vector<Rule>* defs, std::vector<RuleState>* states, QSet<QString>* dirtyNames) const;

    Clock& m_clock;
    std::vector<Rule> m_defs; // definitions (cold), same order as m_hot
    std::vector<Hot> m_hot; // what evaluate() touches, grouped by metric
    QHash<QString, MetricSlot> m_metrics;
    std::vector<quint32> m_dirty; // indices into m_hot
};

} // namespace alertdesk
