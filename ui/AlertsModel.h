#pragma once

#include "model/Alert.h"

#include <QAbstractTableModel>
#include <QSet>
#include <QSqlQuery>

namespace alertdesk {

class Database;

// The history, newest first, read page by page with keyset paging on alerts.seq: only the
// pages the user has scrolled through are in memory, and each page costs the same at any
// depth. Reads through the GUI's own read-only connection.
class AlertsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, PriorityColumn, TypeColumn, SymbolColumn, TitleColumn, StateColumn, DeliveriesColumn,
                  ColumnCount };
    enum Role { AlertIdRole = Qt::UserRole + 1, SeqRole, PriorityRole };
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
    // Picks up alerts newer than the first row (many new ones: back to the newest page) and
    // re-reads rows that were marked dirty, whose deliveries are still open, or that are in
    // `alsoRows` (the rows on screen).
    void refresh(const QList<int>& alsoRows = {});
    void markDirty(const QString& alertId) { m_dirty.insert(alertId); }

    QString alertId(int row) const;
    bool deliveriesOpen(int row) const;
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

    QList<Row> query(const QString& where, const QVariantList& binds, int limit) const;
    void rereadRows(const QList<int>& rows);

    Database& m_db;
    QList<Row> m_rows; // seq descending
    bool m_atEnd = false;
    bool m_changing = false; // inside a reset or an insert
    int m_pageSize = kDefaultPageSize;
    QSet<QString> m_dirty;
};

} // namespace alertdesk
