#include "alerts/AlertsModel.h"

#include "UiLogging.h"
#include "UiText.h"
#include "storage/Database.h"

#include <QFont>
#include <QScopedValueRollback>
#include <QDateTime>
#include <QRegularExpression>
#include <QSqlError>
#include <algorithm>

namespace alertdesk {

namespace {
// One row with its delivery summary. The four counts come from one walk of the alert's
// deliveries along the deliveries_alert index, packed 16 bits each into one integer (an alert
// has one delivery per channel: far fewer than 32,768); NULL when it has none.
const QString kColumns = QStringLiteral(
    "SELECT a.seq, a.id, a.created_at, a.priority, a.type, a.symbol, a.title, a.state, "
    "(SELECT COUNT(*) + (SUM(d.status = 'delivered') << 16) + (SUM(d.status = 'failed') << 32) "
    "+ (SUM(d.status = 'cancelled') << 48) FROM deliveries d WHERE d.alert_id = a.id) ");
constexpr int kCountBits = 16;
constexpr qint64 kCountMask = (qint64(1) << kCountBits) - 1;
constexpr int kRereadLimit = 500;  // open or dirty rows re-read per refresh, newest first
constexpr int kInChunk = 250;      // bound variables per IN (...)
} // namespace

bool AlertFilter::isEmpty() const
{
    return !state && !priority && !type && symbol.isEmpty() && channel.isEmpty() && fromMs == 0 && toMs == 0
           && search.trimmed().isEmpty();
}

AlertsModel::AlertsModel(Database& db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
{
}

AlertsModel::~AlertsModel() = default;

QString AlertsModel::ftsQuery(const QString& text)
{
    QStringList terms;
    for (const QString& word : text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        if (std::none_of(word.begin(), word.end(), [](QChar c) { return c.isLetterOrNumber(); }))
            continue; // nothing the tokenizer would index
        QString quoted = word;
        quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        terms << QLatin1Char('"') + quoted + QLatin1Char('"');
    }
    if (terms.isEmpty())
        return {};
    // Typed so far: the start of a word, once it has three characters (a prefix of one or two
    // would merge the lists of thousands of words on a long history).
    if (terms.last().size() >= 5) // with its quotes
        terms.last() += QLatin1Char('*');
    return terms.join(QLatin1Char(' '));
}

QList<AlertsModel::Row> AlertsModel::query(const QString& where, const QVariantList& binds, int limit, bool filtered) const
{
    if (filtered && m_emptyRange)
        return {};
    if (!filtered || m_ftsQuery.isEmpty())
        return queryPart(where, binds, limit, filtered, SearchPart::None, 0);
    // One high-water mark for both parts, so the engine indexing in between neither drops nor
    // repeats an alert.
    QSqlQuery q(m_db.db());
    const qint64 indexed = q.exec(QStringLiteral("SELECT seq FROM alerts_fts_indexed")) && q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    QList<Row> out = queryPart(where, binds, limit, filtered, SearchPart::Indexed, indexed);
    const QList<Row> tail = queryPart(where, binds, limit, filtered, SearchPart::Tail, indexed);
    if (tail.isEmpty())
        return out;
    // The tail is all newer than the indexed part: it comes first.
    out = tail + out;
    if (limit > 0 && out.size() > limit)
        out.resize(limit);
    return out;
}

QList<AlertsModel::Row> AlertsModel::queryPart(const QString& where, const QVariantList& binds, int limit, bool filtered,
                                               SearchPart part, qint64 indexedUpTo) const
{
    QList<Row> out;
    const bool fts = part == SearchPart::Indexed;
    // A search walks the full-text index newest first (FTS5 takes the rowid range and order
    // itself) and looks each hit up in alerts; CROSS JOIN keeps that order of the loops.
    const QString key = fts ? QStringLiteral("f.rowid") : QStringLiteral("a.seq");
    QString sql = kColumns
                  + (fts ? QStringLiteral("FROM alerts_fts f CROSS JOIN alerts a ON a.seq = f.rowid")
                         : QStringLiteral("FROM alerts a"));
    QStringList conds;
    QVariantList values;
    if (fts) {
        conds << QStringLiteral("alerts_fts MATCH ?") << QStringLiteral("f.rowid <= ?");
        values << m_ftsQuery << indexedUpTo;
    } else if (part == SearchPart::Tail) {
        // Every word in the title or the message, as the index would match it (LIKE folds
        // ASCII case only, and takes any substring, not just the start of a word).
        conds << QStringLiteral("a.seq > ?");
        values << indexedUpTo;
        for (const QString& word : m_filter.search.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
            if (std::none_of(word.begin(), word.end(), [](QChar c) { return c.isLetterOrNumber(); }))
                continue;
            QString pattern = word;
            pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
                .replace(QLatin1Char('%'), QStringLiteral("\\%"))
                .replace(QLatin1Char('_'), QStringLiteral("\\_"));
            pattern = QLatin1Char('%') + pattern + QLatin1Char('%');
            conds << QStringLiteral("(a.title LIKE ? ESCAPE '\\' OR a.message LIKE ? ESCAPE '\\')");
            values << pattern << pattern;
        }
    }
    if (!where.isEmpty()) {
        conds << (where.contains(QLatin1String("%1")) ? where.arg(key) : where);
        values += binds;
    }
    if (filtered) {
        const AlertFilter& f = m_filter;
        if (f.state) {
            conds << QStringLiteral("a.state = ?");
            values << static_cast<int>(*f.state);
        }
        if (f.priority) {
            conds << QStringLiteral("a.priority = ?");
            values << static_cast<int>(*f.priority);
        }
        if (f.type) {
            conds << QStringLiteral("a.type = ?");
            values << static_cast<int>(*f.type);
        }
        if (!f.symbol.isEmpty()) {
            conds << QStringLiteral("a.symbol = ?");
            values << f.symbol;
        }
        if (!f.channel.isEmpty()) {
            conds << QStringLiteral("EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.id AND d.channel = ?)");
            values << f.channel;
        }
        // The time range is checked on each row (the unary + keeps the planner off the
        // created_at index and a sort of the whole range); its seq range bounds the walk.
        if (f.fromMs > 0) {
            conds << QStringLiteral("+a.created_at >= ?");
            values << f.fromMs;
        }
        if (f.toMs > 0) {
            conds << QStringLiteral("+a.created_at <= ?");
            values << f.toMs;
        }
        if (m_seqFloor > 0) {
            conds << key + QStringLiteral(" >= ?");
            values << m_seqFloor;
        }
        if (m_seqCeiling > 0) {
            conds << key + QStringLiteral(" <= ?");
            values << m_seqCeiling;
        }
    }
    if (!conds.isEmpty())
        sql += QStringLiteral(" WHERE ") + conds.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY ") + key + QStringLiteral(" DESC");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant& b : std::as_const(values))
        q.addBindValue(b);
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
        const qint64 counts = q.value(8).toLongLong();
        r.total = static_cast<int>(counts & kCountMask);
        r.delivered = static_cast<int>((counts >> kCountBits) & kCountMask);
        r.failed = static_cast<int>((counts >> (2 * kCountBits)) & kCountMask);
        r.cancelled = static_cast<int>((counts >> (3 * kCountBits)) & kCountMask);
        out << r;
    }
    return out;
}

void AlertsModel::computeSeqBounds()
{
    // Exact: the smallest and the largest seq of the alerts created in the range. A range
    // open towards now has only a floor, found on one side of its edge: along the created_at
    // index over the range, or along seq from the oldest alert until the first one in it.
    // The edge's seq (one index seek) says which is cheaper; an index entry is about six
    // times cheaper to walk than a row (measured over 1,000,000 alerts).
    constexpr qint64 kIndexRowsPerTableRow = 6;
    m_seqFloor = m_seqCeiling = 0;
    m_emptyRange = false;
    QSqlQuery q(m_db.db());
    auto value = [&q](const QString& sql, const QVariantList& binds) -> std::optional<qint64> {
        q.prepare(sql);
        for (const QVariant& b : binds)
            q.addBindValue(b);
        if (!q.exec() || !q.next() || q.value(0).isNull())
            return std::nullopt;
        return q.value(0).toLongLong();
    };
    // An end in the future lets new alerts in: no ceiling then.
    const bool endPassed = m_filter.toMs > 0 && m_filter.toMs < QDateTime::currentMSecsSinceEpoch();
    if (endPassed) {
        // A closed range: its own rows along the index give both bounds.
        q.prepare(QStringLiteral("SELECT MIN(seq), MAX(seq) FROM alerts INDEXED BY alerts_created WHERE created_at "
                                 "BETWEEN ? AND ?"));
        q.addBindValue(m_filter.fromMs);
        q.addBindValue(m_filter.toMs);
        if (q.exec() && q.next() && !q.value(0).isNull()) {
            m_seqFloor = q.value(0).toLongLong();
            m_seqCeiling = q.value(1).toLongLong();
        } else {
            m_emptyRange = true;
        }
    } else if (m_filter.fromMs > 0) {
        const qint64 last = value(QStringLiteral("SELECT MAX(seq) FROM alerts"), {}).value_or(0);
        const std::optional<qint64> edge = value(QStringLiteral("SELECT seq FROM alerts INDEXED BY alerts_created WHERE "
                                                                "created_at >= ? ORDER BY created_at LIMIT 1"),
                                                 {m_filter.fromMs});
        if (!edge) {
            m_emptyRange = true; // nothing yet: new alerts come in through refresh()
        } else {
            const bool alongIndex = last - *edge < kIndexRowsPerTableRow * *edge;
            m_seqFloor = value(alongIndex ? QStringLiteral("SELECT MIN(seq) FROM alerts INDEXED BY alerts_created WHERE created_at >= ?")
                                          : QStringLiteral("SELECT MIN(seq) FROM alerts NOT INDEXED WHERE created_at >= ?"),
                               {m_filter.fromMs})
                             .value_or(*edge);
        }
    }
    if (m_emptyRange) // refresh() must still see alerts that arrive later in an open range
        m_emptyRange = endPassed;
}

void AlertsModel::setFilter(const AlertFilter& filter)
{
    m_filter = filter;
    m_ftsQuery = ftsQuery(filter.search);
    computeSeqBounds();
    reload();
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
            static const QFont bold = [] {
                QFont f; // only the weight set: the rest follows the view's font
                f.setBold(true);
                return f;
            }();
            return bold;
        }
        break;
    case AlertIdRole: return r.id;
    case SeqRole: return r.seq;
    case PriorityRole: return static_cast<int>(r.priority);
    case StateRole: return static_cast<int>(r.state);
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
                          : query(QStringLiteral("%1 < ?"), {m_rows.constLast().seq}, m_pageSize);
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
    const QList<Row> fresh = query(QStringLiteral("%1 > ?"), {m_rows.constFirst().seq}, m_pageSize + 1);
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
    QList<int> changed;
    for (qsizetype start = 0; start < rows.size(); start += kInChunk) {
        const QList<int> chunk = rows.mid(start, kInChunk);
        QStringList marks;
        QVariantList binds;
        for (int row : chunk) {
            marks << QStringLiteral("?");
            binds << m_rows.at(row).seq;
        }
        const QList<Row> fresh = query(QStringLiteral("a.seq IN (%1)").arg(marks.join(QLatin1Char(','))), binds, 0, false);
        QHash<qint64, const Row*> bySeq;
        for (const Row& r : fresh)
            bySeq.insert(r.seq, &r);
        for (int row : chunk) {
            const Row* r = bySeq.value(m_rows.at(row).seq);
            if (r && !(*r == m_rows.at(row))) {
                m_rows[row] = *r;
                changed << row;
            }
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

QString AlertsModel::alertId(int row) const { return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString(); }

std::optional<AlertState> AlertsModel::state(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows.at(row).state;
}

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
