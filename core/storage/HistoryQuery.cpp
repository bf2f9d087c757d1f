// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "storage/HistoryQuery.h"

#include "storage/Database.h"
#include "storage/OutboxStore.h"
#include "util/Logging.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace alertdesk {

namespace {
// One row with its delivery summary. The four counts come from one walk of the alert's
// deliveries along the deliveries_alert index, packed 16 bits each into one integer (an alert
// has one delivery per channel: far fewer than 32,768); NULL when it has none.
const QString kColumns
    = QStringLiteral("SELECT a.seq, a.id, a.created_at, a.priority, a.type, a.symbol, a.title, a.state, "
                     "(SELECT COUNT(*) + (SUM(d.status = 'delivered') << 16) + (SUM(d.status = 'failed') << 32) "
                     "+ (SUM(d.status = 'cancelled') << 48) FROM deliveries d WHERE d.alert_id = a.id) ");
constexpr int kCountBits = 16;
constexpr qint64 kCountMask = (qint64(1) << kCountBits) - 1;
constexpr int kInChunk = 250; // bound variables per IN (...)
} // namespace

bool AlertFilter::isEmpty() const
{
    return !state && !priority && !type && symbol.isEmpty() && channel.isEmpty() && fromMs == 0 && toMs == 0
        && search.trimmed().isEmpty();
}

HistoryQuery::HistoryQuery(Database& db)
    : m_db(db)
{
}

QString HistoryQuery::ftsQuery(const QString& text)
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

QList<std::pair<HistoryQuery::SearchPart, const HistoryQuery::SearchVariant*>> HistoryQuery::parts() const
{
    QList<std::pair<SearchPart, const SearchVariant*>> out;
    if (m_variants.isEmpty())
        out.append({ SearchPart::None, nullptr });
    for (const SearchVariant& v : m_variants) {
        if (v.words.isEmpty()) {
            out.append({ SearchPart::None, &v }); // every word in the symbol
        } else {
            out.append({ SearchPart::Indexed, &v });
            out.append({ SearchPart::Tail, &v });
        }
    }
    return out;
}

QList<HistoryRow> HistoryQuery::query(const QString& where, const QVariantList& binds, int limit, bool filtered) const
{
    if (filtered && m_emptyRange)
        return {};
    if (!filtered || m_variants.isEmpty())
        return queryPart(where, binds, limit, filtered, SearchPart::None, 0);
    // One high-water mark for every part, so the engine indexing in between neither drops nor
    // repeats an alert. Each part is in keyset order: their union, newest first, is too.
    const qint64 indexed = indexedUpTo();
    QList<HistoryRow> out;
    for (const auto& [part, variant] : parts())
        out += queryPart(where, binds, limit, filtered, part, indexed, variant);
    std::sort(out.begin(), out.end(), [](const HistoryRow& a, const HistoryRow& b) { return a.seq > b.seq; });
    out.erase(
        std::unique(out.begin(), out.end(), [](const HistoryRow& a, const HistoryRow& b) { return a.seq == b.seq; }),
        out.end());
    if (limit > 0 && out.size() > limit)
        out.resize(limit);
    return out;
}

QString HistoryQuery::partFrom(const QString& where, const QVariantList& binds, bool filtered, SearchPart part,
    qint64 indexedUpTo, const SearchVariant* variant, QVariantList* valuesOut) const
{
    const bool fts = part == SearchPart::Indexed;
    // A search walks the full-text index newest first (FTS5 takes the rowid range and order
    // itself) and looks each hit up in alerts; CROSS JOIN keeps that order of the loops.
    const QString key = fts ? QStringLiteral("f.rowid") : QStringLiteral("a.seq");
    QString sql = (fts ? QStringLiteral("FROM alerts_fts f CROSS JOIN alerts a ON a.seq = f.rowid")
                       : QStringLiteral("FROM alerts a"));
    QStringList conds;
    QVariantList values;
    if (fts) {
        conds << QStringLiteral("alerts_fts MATCH ?") << QStringLiteral("f.rowid <= ?");
        values << variant->fts << indexedUpTo;
    } else if (part == SearchPart::Tail) {
        // Every word in the title or the message, as the index would match it (LIKE folds
        // ASCII case only, and takes any substring, not just the start of a word).
        conds << QStringLiteral("a.seq > ?");
        values << indexedUpTo;
        for (const QString& word : variant->words) {
            QString pattern = word;
            pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
                .replace(QLatin1Char('%'), QStringLiteral("\\%"))
                .replace(QLatin1Char('_'), QStringLiteral("\\_"));
            pattern = QLatin1Char('%') + pattern + QLatin1Char('%');
            conds << QStringLiteral("(a.title LIKE ? ESCAPE '\\' OR a.message LIKE ? ESCAPE '\\')");
            values << pattern << pattern;
        }
    }
    if (variant && !variant->symbols.isEmpty()) {
        conds << QStringLiteral("a.symbol IN (%1)")
                     .arg(QStringList(variant->symbols.size(), QStringLiteral("?")).join(QLatin1Char(',')));
        for (const QString& symbol : variant->symbols)
            values << symbol;
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
            conds << (f.priorityAtLeast ? QStringLiteral("a.priority <= ?") : QStringLiteral("a.priority = ?"));
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
    *valuesOut = values;
    return sql;
}

qint64 HistoryQuery::indexedUpTo() const
{
    QSqlQuery q(m_db.db());
    return q.exec(QStringLiteral("SELECT seq FROM alerts_fts_indexed")) && q.next() ? q.value(0).toLongLong() : 0;
}

QList<HistoryRow> HistoryQuery::queryPart(const QString& where, const QVariantList& binds, int limit, bool filtered,
    SearchPart part, qint64 indexedUpTo, const SearchVariant* variant) const
{
    QList<HistoryRow> out;
    const QString key = part == SearchPart::Indexed ? QStringLiteral("f.rowid") : QStringLiteral("a.seq");
    QVariantList values;
    QString sql = kColumns + partFrom(where, binds, filtered, part, indexedUpTo, variant, &values);
    sql += QStringLiteral(" ORDER BY ") + key + QStringLiteral(" DESC");
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant& b : std::as_const(values))
        q.addBindValue(b);
    if (!q.exec()) {
        qCWarning(lcStorage) << "cannot read alerts:" << q.lastError().text();
        return out;
    }
    while (q.next()) {
        HistoryRow r;
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

void HistoryQuery::computeSeqBounds()
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
        const std::optional<qint64> edge
            = value(QStringLiteral("SELECT seq FROM alerts INDEXED BY alerts_created WHERE "
                                   "created_at >= ? ORDER BY created_at LIMIT 1"),
                { m_filter.fromMs });
        if (!edge) {
            m_emptyRange = true; // nothing yet: new alerts come in through refresh()
        } else {
            const bool alongIndex = last - *edge < kIndexRowsPerTableRow * *edge;
            m_seqFloor = value(alongIndex
                    ? QStringLiteral("SELECT MIN(seq) FROM alerts INDEXED BY alerts_created WHERE created_at >= ?")
                    : QStringLiteral("SELECT MIN(seq) FROM alerts NOT INDEXED WHERE created_at >= ?"),
                { m_filter.fromMs })
                             .value_or(*edge);
        }
    }
    if (m_emptyRange) // refresh() must still see alerts that arrive later in an open range
        m_emptyRange = endPassed;
}

void HistoryQuery::setFilter(const AlertFilter& filter)
{
    m_filter = filter;
    computeVariants();
    computeSeqBounds();
}

QList<HistoryRow> HistoryQuery::newest(int limit) const
{
    return query({}, {}, limit);
}

QList<HistoryRow> HistoryQuery::olderThan(qint64 seq, int limit) const
{
    return query(QStringLiteral("%1 < ?"), { seq }, limit);
}

QList<HistoryRow> HistoryQuery::newerThan(qint64 seq, int limit) const
{
    return query(QStringLiteral("%1 > ?"), { seq }, limit);
}

QList<HistoryRow> HistoryQuery::olderThan(qint64 seq, int limit, const QList<AlertState>& states) const
{
    QStringList in;
    for (AlertState st : states)
        in << QString::number(static_cast<int>(st));
    return query(QStringLiteral("%1 < ? AND a.state IN (%2)").arg(QStringLiteral("%1"), in.join(QLatin1Char(','))),
        { seq }, limit);
}

std::array<qint64, 4> HistoryQuery::countByState(qint64 upToSeq) const
{
    std::array<qint64, 4> out {};
    if (m_emptyRange)
        return out;
    if (m_filter.isEmpty() && (upToSeq <= 0 || upToSeq >= newestSeq())) {
        // The whole history: the counts its triggers keep (four rows), not a walk of it.
        QSqlQuery q(m_db.db());
        if (q.exec(QStringLiteral("SELECT state, n FROM alert_counts"))) {
            while (q.next()) {
                const int st = q.value(0).toInt();
                if (st >= 0 && st < int(out.size()))
                    out.at(st) += q.value(1).toLongLong();
            }
            return out;
        }
    }
    // The parts of a search may overlap (a word in the title and the symbol): their union.
    const qint64 indexed = m_variants.isEmpty() ? 0 : indexedUpTo();
    const QString where = upToSeq > 0 ? QStringLiteral("%1 <= ?") : QString();
    const QVariantList binds = upToSeq > 0 ? QVariantList { upToSeq } : QVariantList {};
    QVariantList values;
    QString sql;
    if (m_variants.isEmpty()) {
        sql = QStringLiteral("SELECT a.state, COUNT(*) ")
            + partFrom(where, binds, true, SearchPart::None, 0, nullptr, &values);
    } else {
        QStringList selects;
        for (const auto& [part, variant] : parts()) {
            QVariantList v;
            selects << QStringLiteral("SELECT a.seq ") + partFrom(where, binds, true, part, indexed, variant, &v);
            values += v;
        }
        sql = QStringLiteral("SELECT a.state, COUNT(*) FROM alerts a WHERE a.seq IN (")
            + selects.join(QStringLiteral(" UNION ")) + QLatin1Char(')');
    }
    sql += QStringLiteral(" GROUP BY a.state");
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant& b : std::as_const(values))
        q.addBindValue(b);
    if (!q.exec()) {
        qCWarning(lcStorage) << "cannot count alerts:" << q.lastError().text();
        return out;
    }
    while (q.next()) {
        const int st = q.value(0).toInt();
        if (st >= 0 && st < int(out.size()))
            out.at(st) += q.value(1).toLongLong();
    }
    return out;
}

void HistoryQuery::computeVariants()
{
    m_variants.clear();
    QStringList words;
    for (const QString& word : m_filter.search.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        if (std::any_of(word.begin(), word.end(), [](QChar c) { return c.isLetterOrNumber(); }))
            words << word; // else nothing the tokenizer would index
    }
    if (words.isEmpty())
        return;
    // The symbols each word starts (the known ones: a few index seeks); at most three such
    // words split between the symbol and the text, so at most eight variants.
    constexpr int kSymbolWords = 3;
    const QStringList known = symbols();
    QList<int> symbolWords;
    QList<QStringList> started;
    for (int i = 0; i < words.size() && symbolWords.size() < kSymbolWords; ++i) {
        QStringList s;
        for (const QString& symbol : known) {
            if (symbol.startsWith(words.at(i), Qt::CaseInsensitive))
                s << symbol;
        }
        if (!s.isEmpty()) {
            symbolWords << i;
            started << s;
        }
    }
    for (int mask = 0; mask < (1 << symbolWords.size()); ++mask) {
        SearchVariant v;
        bool possible = true;
        QList<bool> inSymbol(words.size(), false);
        for (int b = 0; b < symbolWords.size(); ++b) {
            if (!(mask & (1 << b)))
                continue;
            inSymbol[symbolWords.at(b)] = true;
            // An alert has one symbol: the words in it must all start it.
            if (v.symbols.isEmpty() && possible) {
                v.symbols = started.at(b);
            } else {
                QStringList both;
                for (const QString& symbol : std::as_const(v.symbols)) {
                    if (started.at(b).contains(symbol))
                        both << symbol;
                }
                v.symbols = both;
            }
            possible = possible && !v.symbols.isEmpty();
        }
        if (!possible)
            continue;
        for (int i = 0; i < words.size(); ++i) {
            if (!inSymbol.at(i))
                v.words << words.at(i);
        }
        v.fts = ftsQuery(v.words.join(QLatin1Char(' ')));
        m_variants << v;
    }
}

qint64 HistoryQuery::newestSeq() const
{
    QSqlQuery q(m_db.db());
    return q.exec(QStringLiteral("SELECT MAX(seq) FROM alerts")) && q.next() ? q.value(0).toLongLong() : 0;
}

QList<HistoryRow> HistoryQuery::rows(const QList<qint64>& seqs) const
{
    QList<HistoryRow> out;
    for (qsizetype start = 0; start < seqs.size(); start += kInChunk) {
        const QList<qint64> chunk = seqs.mid(start, kInChunk);
        QStringList marks;
        QVariantList binds;
        for (qint64 seq : chunk) {
            marks << QStringLiteral("?");
            binds << seq;
        }
        out += query(QStringLiteral("a.seq IN (%1)").arg(marks.join(QLatin1Char(','))), binds, 0, false);
    }
    std::sort(out.begin(), out.end(), [](const HistoryRow& a, const HistoryRow& b) { return a.seq > b.seq; });
    return out;
}

HistoryCounts HistoryQuery::counts() const
{
    HistoryCounts out;
    QSqlQuery q(m_db.db());
    if (!q.exec(QStringLiteral("SELECT state, n FROM alert_counts"))) {
        qCWarning(lcStorage) << "cannot read the alert counts:" << q.lastError().text();
        return out;
    }
    while (q.next()) {
        out.total += q.value(1).toLongLong();
        if (q.value(0).toInt() == static_cast<int>(AlertState::Open))
            out.open = q.value(1).toLongLong();
    }
    return out;
}

QStringList HistoryQuery::symbols(int limit) const
{
    // The distinct values of the alerts_symbol index's leading column, one index seek each
    // (a skip scan): cheap however many alerts share each symbol.
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("WITH RECURSIVE v(x) AS (SELECT MIN(symbol) FROM alerts UNION ALL "
                             "SELECT (SELECT MIN(symbol) FROM alerts WHERE symbol > v.x) FROM v WHERE v.x IS NOT NULL) "
                             "SELECT x FROM v WHERE x IS NOT NULL AND x != '' LIMIT ?"));
    q.addBindValue(limit);
    QStringList out;
    if (!q.exec()) {
        qCWarning(lcStorage) << "cannot read the symbols:" << q.lastError().text();
        return out;
    }
    while (q.next())
        out << q.value(0).toString();
    return out;
}

QStringList HistoryQuery::channels(int limit) const
{
    return OutboxStore(m_db).channelsInHistory(limit);
}

QList<HistoryAttempt> HistoryQuery::attempts(const QString& alertId) const
{
    QList<HistoryAttempt> out;
    QSqlQuery q(m_db.db());
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT t.delivery_id, t.started_at, t.outcome, t.http_status, t.error, t.latency_ms "
                       "FROM attempts t JOIN deliveries d ON d.id = t.delivery_id WHERE d.alert_id = ? ORDER BY t.id"));
    q.addBindValue(alertId);
    if (!q.exec()) {
        qCWarning(lcStorage) << "cannot read attempts:" << q.lastError().text();
        return out;
    }
    while (q.next()) {
        HistoryAttempt a;
        a.deliveryId = q.value(0).toLongLong();
        a.startedAt = q.value(1).toLongLong();
        a.outcome = q.value(2).toString();
        a.httpStatus = q.value(3).toInt();
        a.error = q.value(4).toString();
        a.latencyMs = q.value(5).toLongLong();
        out << a;
    }
    return out;
}

qint64 HistoryQuery::dataVersion() const
{
    QSqlQuery q(m_db.db());
    if (!q.exec(QStringLiteral("PRAGMA data_version")) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

} // namespace alertdesk
