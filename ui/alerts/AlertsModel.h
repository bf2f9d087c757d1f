#pragma once

#include "model/Alert.h"

#include <QAbstractTableModel>
#include <QSet>
#include <QSqlQuery>
#include <optional>

namespace alertdesk {

class Database;

// What the Alerts page narrows the history to. Empty members do not filter.
struct AlertFilter {
    std::optional<AlertState> state;
    std::optional<Priority> priority;
    std::optional<AlertType> type;
    QString symbol;  // exact
    QString channel; // alerts with a delivery to this channel
    qint64 fromMs = 0; // created_at >= fromMs (0: no bound)
    qint64 toMs = 0;   // created_at <= toMs (0: no bound)
    QString search;  // words of the title or message (the last one may be a word's start)

    bool isEmpty() const;
    bool operator==(const AlertFilter&) const = default;
};

// The history, newest first, read page by page with keyset paging on alerts.seq: only the
// pages the user has scrolled through are in memory, and each page costs the same at any
// depth. Reads through the GUI's own read-only connection. A filter narrows every page read
// (a search walks the full-text index in seq order), so it costs no more than the page.
class AlertsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, PriorityColumn, TypeColumn, SymbolColumn, TitleColumn, StateColumn, DeliveriesColumn,
                  ColumnCount };
    enum Role { AlertIdRole = Qt::UserRole + 1, SeqRole, PriorityRole, StateRole };
    static constexpr int kDefaultPageSize = 200;

    explicit AlertsModel(Database& db, QObject* parent = nullptr);
    ~AlertsModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    int pageSize() const { return m_pageSize; }
    void setPageSize(int n) { m_pageSize = std::max(1, n); }

    // Drops every row and reads the newest page again.
    void reload();
    // Narrows the history to filter and reads its newest page.
    void setFilter(const AlertFilter& filter);
    const AlertFilter& filter() const { return m_filter; }
    // An FTS5 query for the user's words: each a quoted token (so no word is taken for an
    // operator), the last one of three characters or more also as the start of a word. Empty
    // when there is no word.
    static QString ftsQuery(const QString& text);
    // Picks up alerts newer than the first row (many new ones: back to the newest page) and
    // re-reads rows that were marked dirty, whose deliveries are still open, or that are in
    // `alsoRows` (the rows on screen).
    void refresh(const QList<int>& alsoRows = {});
    void markDirty(const QString& alertId) { m_dirty.insert(alertId); }

    QString alertId(int row) const;
    bool deliveriesOpen(int row) const;
    std::optional<AlertState> state(int row) const;
    int rowOf(const QString& alertId) const; // -1 when not loaded

Q_SIGNALS:
    void rowsPrepended(int count);

private:
    struct Row {
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
        bool operator==(const Row&) const = default;
    };

    // where: on alerts a (and seq, the keyset); filtered: the filter applies too.
    QList<Row> query(const QString& where, const QVariantList& binds, int limit, bool filtered = true) const;
    // A search reads the full-text index up to its high-water mark and matches the newer
    // alerts (not indexed yet) word by word; query() merges both in keyset order.
    enum class SearchPart { None, Indexed, Tail };
    QList<Row> queryPart(const QString& where, const QVariantList& binds, int limit, bool filtered, SearchPart part,
                         qint64 indexedUpTo) const;
    void computeSeqBounds();
    void rereadRows(const QList<int>& rows);

    Database& m_db;
    QList<Row> m_rows; // seq descending
    bool m_atEnd = false;
    bool m_changing = false; // inside a reset or an insert
    int m_pageSize = kDefaultPageSize;
    QSet<QString> m_dirty;
    AlertFilter m_filter;
    QString m_ftsQuery;
    // A time range as a range of seq (alerts get their created_at as they are stored, so the
    // range is narrow in seq too): a page stops scanning at its edge instead of at the end.
    qint64 m_seqFloor = 0;
    qint64 m_seqCeiling = 0;
    bool m_emptyRange = false;
};

} // namespace alertdesk
