// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "alerts/AlertsModel.h"

#include "UiText.h"

#include <QFont>
#include <QScopedValueRollback>
#include <algorithm>

namespace alertdesk {

namespace {
constexpr int kRereadLimit = 500; // open or dirty rows re-read per refresh, newest first
} // namespace

AlertsModel::AlertsModel(Database& db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_query(db)
{
}

AlertsModel::~AlertsModel() = default;

void AlertsModel::setFilter(const AlertFilter& filter)
{
    m_query.setFilter(filter);
    reload();
}

int AlertsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AlertsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return UiText::shortTime(r.createdAt);
        case PriorityColumn:
            return UiText::priority(r.priority);
        case TypeColumn:
            return UiText::type(r.type);
        case SymbolColumn:
            return r.symbol;
        case TitleColumn:
            return r.title;
        case StateColumn:
            return UiText::state(r.state);
        case DeliveriesColumn:
            return UiText::deliveriesShort(r.total, r.delivered, r.failed, r.cancelled);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TitleColumn)
            return r.title;
        if (index.column() == TimeColumn)
            return UiText::time(r.createdAt);
        if (index.column() == DeliveriesColumn)
            return UiText::deliveries(r.total, r.delivered, r.failed, r.cancelled);
        break;
    case Qt::ForegroundRole:
        if (index.column() == PriorityColumn)
            return UiText::priorityTextColor(r.priority);
        if (index.column() == DeliveriesColumn) {
            if (r.failed > 0)
                return UiText::errorColor();
            if (r.total > 0 && r.delivered == r.total)
                return UiText::okColor();
            return UiText::mutedColor();
        }
        if (index.column() == StateColumn && r.state != AlertState::Open)
            return UiText::mutedColor();
        break;
    case Qt::FontRole:
        if (index.column() == PriorityColumn || (index.column() == TitleColumn && r.state == AlertState::Open)) {
            static const QFont bold = [] {
                QFont f; // only the weight set: the rest follows the view's font
                f.setBold(true);
                return f;
            }();
            return bold;
        }
        break;
    case AlertIdRole:
        return r.id;
    case SeqRole:
        return r.seq;
    case PriorityRole:
        return static_cast<int>(r.priority);
    case StateRole:
        return static_cast<int>(r.state);
    default:
        break;
    }
    return {};
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case PriorityColumn:
        return tr("Priority");
    case TypeColumn:
        return tr("Type");
    case SymbolColumn:
        return tr("Symbol");
    case TitleColumn:
        return tr("Title");
    case StateColumn:
        return tr("State");
    case DeliveriesColumn:
        return tr("Deliveries");
    }
    return {};
}

bool AlertsModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && !m_changing;
}

void AlertsModel::fetchMore(const QModelIndex& parent)
{
    // Views (and model testers) may ask for more from inside the insert notifications.
    if (parent.isValid() || m_atEnd || m_changing)
        return;
    const QScopedValueRollback guard(m_changing, true);
    QList<Row> page
        = m_rows.isEmpty() ? m_query.newest(m_pageSize) : m_query.olderThan(m_rows.constLast().seq, m_pageSize);
    m_atEnd = page.size() < m_pageSize;
    if (page.isEmpty())
        return;
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(page.size()) - 1);
    m_rows += page;
    endInsertRows();
}

void AlertsModel::reload()
{
    const QScopedValueRollback guard(m_changing, true);
    beginResetModel();
    m_rows = m_query.newest(m_pageSize);
    m_atEnd = m_rows.size() < m_pageSize;
    m_dirty.clear();
    endResetModel();
}

void AlertsModel::refresh(const QList<int>& alsoRows)
{
    if (m_rows.isEmpty()) {
        reload();
        if (!m_rows.isEmpty())
            Q_EMIT rowsPrepended(static_cast<int>(m_rows.size()));
        return;
    }
    // New alerts: prepend them, unless there are more than a page (a storm): then start over
    // at the newest page, so memory stays bounded by what the user scrolled through.
    const QList<Row> fresh = m_query.newerThan(m_rows.constFirst().seq, m_pageSize + 1);
    if (fresh.size() > m_pageSize) {
        reload();
        Q_EMIT rowsPrepended(static_cast<int>(fresh.size()));
        return;
    }
    const int added = static_cast<int>(fresh.size());
    if (added > 0) {
        const QScopedValueRollback guard(m_changing, true);
        beginInsertRows({}, 0, added - 1);
        m_rows = fresh + m_rows;
        endInsertRows();
        Q_EMIT rowsPrepended(added);
    }

    QList<int> rows;
    QSet<int> seen;
    // The rows just prepended were read a moment ago: not again.
    auto want = [&](int row) {
        if (row >= added && row < m_rows.size() && !seen.contains(row)) {
            seen.insert(row);
            rows << row;
        }
    };
    for (int row : alsoRows)
        want(row);
    for (int i = 0; i < m_rows.size() && rows.size() < kRereadLimit + alsoRows.size(); ++i) {
        const Row& r = m_rows.at(i);
        if (r.deliveriesOpen() || m_dirty.contains(r.id))
            want(i);
    }
    m_dirty.clear();
    rereadRows(rows);
}

void AlertsModel::rereadRows(const QList<int>& rows)
{
    QList<qint64> seqs;
    for (int row : rows)
        seqs << m_rows.at(row).seq;
    QHash<qint64, Row> bySeq;
    for (const Row& r : m_query.rows(seqs))
        bySeq.insert(r.seq, r);
    QList<int> changed;
    for (int row : rows) {
        const auto it = bySeq.constFind(m_rows.at(row).seq);
        if (it != bySeq.constEnd() && !(*it == m_rows.at(row))) {
            m_rows[row] = *it;
            changed << row;
        }
    }
    // One signal per run of adjacent rows: in a storm most of the rows on screen change at
    // once, and each signal costs the view and the page a pass of their own.
    std::sort(changed.begin(), changed.end());
    for (qsizetype i = 0; i < changed.size();) {
        qsizetype j = i + 1;
        while (j < changed.size() && changed.at(j) == changed.at(j - 1) + 1)
            ++j;
        Q_EMIT dataChanged(index(changed.at(i), 0), index(changed.at(j - 1), ColumnCount - 1));
        i = j;
    }
}

QString AlertsModel::alertId(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

std::optional<AlertState> AlertsModel::state(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows.at(row).state;
}

bool AlertsModel::deliveriesOpen(int row) const
{
    return row >= 0 && row < m_rows.size() && m_rows.at(row).deliveriesOpen();
}

int AlertsModel::rowOf(const QString& alertId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == alertId)
            return i;
    }
    return -1;
}

} // namespace alertdesk
