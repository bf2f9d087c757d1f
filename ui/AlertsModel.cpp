#include "AlertsModel.h"

#include "UiLogging.h"
#include "UiText.h"
#include "storage/Database.h"

#include <QFont>
#include <QScopedValueRollback>
#include <QSqlError>
#include <algorithm>

namespace alertdesk {

namespace {
// One row with its delivery summary; the correlated counts use the deliveries_alert index.
// The unary + keeps SQLite off deliveries_status: through it, each count would walk every
// delivered (or failed) row of the history, for every alert read (seconds in a storm).
const QString kSelect = QStringLiteral(
    "SELECT a.seq, a.id, a.created_at, a.priority, a.type, a.symbol, a.title, a.state, "
    "(SELECT COUNT(*) FROM deliveries d WHERE d.alert_id = a.id), "
    "(SELECT COUNT(*) FROM deliveries d WHERE d.alert_id = a.id AND +d.status = 'delivered'), "
    "(SELECT COUNT(*) FROM deliveries d WHERE d.alert_id = a.id AND +d.status = 'failed'), "
    "(SELECT COUNT(*) FROM deliveries d WHERE d.alert_id = a.id AND +d.status = 'cancelled') "
    "FROM alerts a");
constexpr int kRereadLimit = 500;  // open or dirty rows re-read per refresh, newest first
constexpr int kInChunk = 250;      // bound variables per IN (...)
} // namespace

AlertsModel::AlertsModel(Database& db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
{
}

AlertsModel::~AlertsModel() = default;

QList<AlertsModel::Row> AlertsModel::query(const QString& where, const QVariantList& binds, int limit) const
{
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    QString sql = kSelect;
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    sql += QStringLiteral(" ORDER BY a.seq DESC");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    q.prepare(sql);
    for (const QVariant& b : binds)
        q.addBindValue(b);
    QList<Row> out;
    if (!q.exec()) {
        qCWarning(lcUi) << "cannot read alerts:" << q.lastError().text();
        return out;
    }
    while (q.next()) {
        Row r;
        r.seq = q.value(0).toLongLong();
        r.id = q.value(1).toString();
        r.createdAt = q.value(2).toLongLong();
        r.priority = static_cast<Priority>(std::clamp(q.value(3).toInt(), 0, 4));
        r.type = static_cast<AlertType>(std::clamp(q.value(4).toInt(), 0, 5));
        r.symbol = q.value(5).toString();
        r.title = q.value(6).toString();
        r.state = static_cast<AlertState>(std::clamp(q.value(7).toInt(), 0, 3));
        r.total = q.value(8).toInt();
        r.delivered = q.value(9).toInt();
        r.failed = q.value(10).toInt();
        r.cancelled = q.value(11).toInt();
        out << r;
    }
    return out;
}

int AlertsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }

int AlertsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AlertsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return UiText::shortTime(r.createdAt);
        case PriorityColumn: return UiText::priority(r.priority);
        case TypeColumn: return UiText::type(r.type);
        case SymbolColumn: return r.symbol;
        case TitleColumn: return r.title;
        case StateColumn: return UiText::state(r.state);
        case DeliveriesColumn: return UiText::deliveriesShort(r.total, r.delivered, r.failed, r.cancelled);
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
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case AlertIdRole: return r.id;
    case SeqRole: return r.seq;
    case PriorityRole: return static_cast<int>(r.priority);
    default: break;
    }
    return {};
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case PriorityColumn: return tr("Priority");
    case TypeColumn: return tr("Type");
    case SymbolColumn: return tr("Symbol");
    case TitleColumn: return tr("Title");
    case StateColumn: return tr("State");
    case DeliveriesColumn: return tr("Deliveries");
    }
    return {};
}

bool AlertsModel::canFetchMore(const QModelIndex& parent) const { return !parent.isValid() && !m_atEnd && !m_changing; }

void AlertsModel::fetchMore(const QModelIndex& parent)
{
    // Views (and model testers) may ask for more from inside the insert notifications.
    if (parent.isValid() || m_atEnd || m_changing)
        return;
    const QScopedValueRollback guard(m_changing, true);
    QList<Row> page = m_rows.isEmpty()
                          ? query({}, {}, m_pageSize)
                          : query(QStringLiteral("a.seq < ?"), {m_rows.constLast().seq}, m_pageSize);
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
    m_rows = query({}, {}, m_pageSize);
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
    const QList<Row> fresh = query(QStringLiteral("a.seq > ?"), {m_rows.constFirst().seq}, m_pageSize + 1);
    if (fresh.size() > m_pageSize) {
        reload();
        Q_EMIT rowsPrepended(static_cast<int>(fresh.size()));
        return;
    }
    if (!fresh.isEmpty()) {
        const QScopedValueRollback guard(m_changing, true);
        beginInsertRows({}, 0, static_cast<int>(fresh.size()) - 1);
        m_rows = fresh + m_rows;
        endInsertRows();
        Q_EMIT rowsPrepended(static_cast<int>(fresh.size()));
    }

    QList<int> rows;
    QSet<int> seen;
    auto want = [&](int row) {
        if (row >= 0 && row < m_rows.size() && !seen.contains(row)) {
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
    for (qsizetype start = 0; start < rows.size(); start += kInChunk) {
        const QList<int> chunk = rows.mid(start, kInChunk);
        QStringList marks;
        QVariantList binds;
        for (int row : chunk) {
            marks << QStringLiteral("?");
            binds << m_rows.at(row).seq;
        }
        const QList<Row> fresh = query(QStringLiteral("a.seq IN (%1)").arg(marks.join(QLatin1Char(','))), binds, 0);
        QHash<qint64, const Row*> bySeq;
        for (const Row& r : fresh)
            bySeq.insert(r.seq, &r);
        for (int row : chunk) {
            const Row* r = bySeq.value(m_rows.at(row).seq);
            if (r && !(*r == m_rows.at(row))) {
                m_rows[row] = *r;
                Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            }
        }
    }
}

QString AlertsModel::alertId(int row) const { return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString(); }

bool AlertsModel::deliveriesOpen(int row) const { return row >= 0 && row < m_rows.size() && m_rows.at(row).deliveriesOpen(); }

int AlertsModel::rowOf(const QString& alertId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == alertId)
            return i;
    }
    return -1;
}

} // namespace alertdesk
