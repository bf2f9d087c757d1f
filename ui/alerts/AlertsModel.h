// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "storage/HistoryQuery.h"

#include <QAbstractTableModel>
#include <QSet>
#include <optional>

namespace alertdesk {

// The history, newest first, read page by page (HistoryQuery's keyset pages on alerts.seq): only
// the pages the user has scrolled through are in memory, and each page costs the same at any
// depth. Reads through the GUI's own read-only connection. A filter narrows every page read, so
// it costs no more than the page.
class AlertsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        PriorityColumn,
        TypeColumn,
        SymbolColumn,
        TitleColumn,
        StateColumn,
        DeliveriesColumn,
        ColumnCount
    };
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
    const AlertFilter& filter() const { return m_query.filter(); }
    // HistoryQuery::ftsQuery(): the FTS5 query a search runs for the user's words.
    static QString ftsQuery(const QString& text) { return HistoryQuery::ftsQuery(text); }
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
    using Row = HistoryRow;

    void rereadRows(const QList<int>& rows);

    HistoryQuery m_query;
    QList<Row> m_rows; // seq descending
    bool m_atEnd = false;
    bool m_changing = false; // inside a reset or an insert
    int m_pageSize = kDefaultPageSize;
    QSet<QString> m_dirty;
};

} // namespace alertdesk
