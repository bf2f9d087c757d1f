// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <array>
#include <optional>

namespace alertdesk {

class Database;

// What the Alerts page narrows the history to. Empty members do not filter.
struct AlertFilter {
    std::optional<AlertState> state;
    std::optional<Priority> priority;
    bool priorityAtLeast = false; // priority or more urgent ("HIGH and above")
    std::optional<AlertType> type;
    QString symbol; // exact
    QString channel; // alerts with a delivery to this channel
    qint64 fromMs = 0; // created_at >= fromMs (0: no bound)
    qint64 toMs = 0; // created_at <= toMs (0: no bound)
    QString search; // words of the title, the message or the start of the symbol (the last one may be a word's start)

    bool isEmpty() const;
    bool operator==(const AlertFilter&) const = default;
};

// One alert as the Alerts page lists it, with the summary of its deliveries.
struct HistoryRow {
    qint64 seq = 0;
    QString id;
    qint64 createdAt = 0;
    Priority priority = Priority::Info;
    AlertType type = AlertType::Custom;
    QString symbol;
    QString title;
    AlertState state = AlertState::Open;
    int total = 0;
    int delivered = 0;
    int failed = 0;
    int cancelled = 0;

    bool deliveriesOpen() const { return delivered + failed + cancelled < total; }
    bool operator==(const HistoryRow&) const = default;
};

// One attempt at one of an alert's deliveries.
struct HistoryAttempt {
    qint64 deliveryId = 0;
    qint64 startedAt = 0;
    QString outcome; // "delivered", "retry", "failed"
    int httpStatus = 0;
    QString error;
    qint64 latencyMs = 0;
};

// How many alerts the history holds, and how many of them are open.
struct HistoryCounts {
    qint64 total = 0;
    qint64 open = 0;
    bool operator==(const HistoryCounts&) const = default;
};

// The history as the window reads it: pages of alerts under a filter, the filter's choices, the
// counts, an alert's attempts. Read-only; it runs on the connection it is given (the window's
// own read-only one) and on that connection's thread. Pages are keyset pages on alerts.seq,
// newest first: each costs the same at any depth, and a filter narrows the page's own walk (a
// search walks the full-text index in seq order, a time range becomes a range of seq), so a
// filtered page costs no more than the page.
class HistoryQuery final {
public:
    explicit HistoryQuery(Database& db);

    // Narrows the pages read from now on to filter (computes its range of seq once).
    void setFilter(const AlertFilter& filter);
    const AlertFilter& filter() const { return m_filter; }
    // An FTS5 query for the user's words: each a quoted token (so no word is taken for an
    // operator), the last one of three characters or more also as the start of a word. Empty
    // when there is no word.
    static QString ftsQuery(const QString& text);

    // The filtered history, newest first: the newest `limit` alerts, those older than seq,
    // those newer than seq.
    QList<HistoryRow> newest(int limit) const;
    QList<HistoryRow> olderThan(qint64 seq, int limit) const;
    QList<HistoryRow> newerThan(qint64 seq, int limit) const;
    // Those older than seq in one of these states (a bulk action walks what it applies to).
    QList<HistoryRow> olderThan(qint64 seq, int limit, const QList<AlertState>& states) const;
    // How many alerts match the filter, per state (indexed by AlertState), up to seq (0: all).
    std::array<qint64, 4> countByState(qint64 upToSeq = 0) const;
    // The newest seq in the history (0 when empty).
    qint64 newestSeq() const;
    // The alerts with these seq as they are now, filtered or not, newest first; a seq no
    // longer in the history is left out.
    QList<HistoryRow> rows(const QList<qint64>& seqs) const;

    // Kept per state by the history's own triggers: four rows, however long the history.
    HistoryCounts counts() const;
    // The filter's choices: the symbols of the alerts and the channels of the deliveries,
    // in order, at most `limit` each; a few index seeks each, however long the history.
    QStringList symbols(int limit = 500) const;
    QStringList channels(int limit = 500) const;
    // The attempts at the alert's deliveries, in the order they were made.
    QList<HistoryAttempt> attempts(const QString& alertId) const;
    // Changes whenever another connection (the engine, another process) commits; -1 when it
    // cannot be read.
    qint64 dataVersion() const;

private:
    // where: on alerts a (%1 stands for the keyset column); filtered: the filter applies too.
    QList<HistoryRow> query(const QString& where, const QVariantList& binds, int limit, bool filtered = true) const;
    // A search reads the full-text index up to its high-water mark and matches the newer
    // alerts (not indexed yet) word by word; query() merges both in keyset order.
    enum class SearchPart { None, Indexed, Tail };
    // A search word matches the title or the message, or the start of the symbol: each way of
    // splitting the words between the symbol (one of `symbols`) and the text (`words`, as the
    // FTS query `fts`) is a variant, and a search reads the union of its variants.
    struct SearchVariant {
        QString fts;
        QStringList words;
        QStringList symbols; // empty: the symbol is not asked
    };
    QList<HistoryRow> queryPart(const QString& where, const QVariantList& binds, int limit, bool filtered,
        SearchPart part, qint64 indexedUpTo, const SearchVariant* variant = nullptr) const;
    // FROM and WHERE of a part, with their values.
    QString partFrom(const QString& where, const QVariantList& binds, bool filtered, SearchPart part,
        qint64 indexedUpTo, const SearchVariant* variant, QVariantList* values) const;
    // The parts a filtered read is made of, in the order query() merges them.
    QList<std::pair<SearchPart, const SearchVariant*>> parts() const;
    void computeVariants();
    qint64 indexedUpTo() const;
    void computeSeqBounds();

    Database& m_db;
    AlertFilter m_filter;
    QList<SearchVariant> m_variants; // none without a search
    // A time range as a range of seq (alerts get their created_at as they are stored, so the
    // range is narrow in seq too): a page stops scanning at its edge instead of at the end.
    qint64 m_seqFloor = 0;
    qint64 m_seqCeiling = 0;
    bool m_emptyRange = false;
};

} // namespace alertdesk
