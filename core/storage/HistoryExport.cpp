// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "HistoryExport.h"

#include "storage/AlertStore.h"
#include "storage/Database.h"

#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTextStream>

namespace alertdesk {

namespace {

const QStringList& csvColumns()
{
    static const QStringList columns { QStringLiteral("id"), QStringLiteral("created_at"), QStringLiteral("priority"),
        QStringLiteral("type"), QStringLiteral("symbol"), QStringLiteral("title"), QStringLiteral("message"),
        QStringLiteral("state"), QStringLiteral("strategy"), QStringLiteral("position"), QStringLiteral("count"),
        QStringLiteral("last_seen_at"), QStringLiteral("updated_at"), QStringLiteral("channels"),
        QStringLiteral("data"), QStringLiteral("deliveries"), QStringLiteral("delivered"), QStringLiteral("failed"),
        QStringLiteral("cancelled") };
    return columns;
}

// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString isoUtc(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

std::optional<ExportFormat> exportFormatFromString(const QString& name)
{
    if (name == QLatin1String("csv"))
        return ExportFormat::Csv;
    if (name == QLatin1String("json"))
        return ExportFormat::Json;
    if (name == QLatin1String("jsonl"))
        return ExportFormat::Jsonl;
    return std::nullopt;
}

QString exportFormatExtension(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Csv:
        return QStringLiteral("csv");
    case ExportFormat::Json:
        return QStringLiteral("json");
    case ExportFormat::Jsonl:
        return QStringLiteral("jsonl");
    }
    return {};
}

HistoryExport::HistoryExport(
    Database& db, const AlertFilter& filter, const QSet<Priority>& priorities, ExportFormat format, QTextStream& out)
    : m_db(db)
    , m_query(db)
    , m_priorities(priorities)
    , m_format(format)
    , m_out(out)
{
    m_query.setFilter(filter);
    QSqlQuery q(db.db());
    if (q.exec(QStringLiteral("SELECT MIN(seq) FROM alerts")) && q.next())
        m_oldestSeq = q.value(0).toLongLong();
}

bool HistoryExport::writeMore(int limit)
{
    if (m_atEnd || !m_error.isEmpty())
        return false;
    if (!m_started) {
        m_started = true;
        writeHeader();
    }
    const QList<HistoryRow> rows = m_lastSeq < 0 ? m_query.newest(limit) : m_query.olderThan(m_lastSeq, limit);
    const AlertStore store(m_db);
    for (const HistoryRow& row : rows) {
        if (m_newestSeq < 0)
            m_newestSeq = row.seq;
        m_lastSeq = row.seq;
        if (!m_priorities.isEmpty() && !m_priorities.contains(row.priority))
            continue;
        const std::optional<Alert> alert = store.get(row.id);
        if (!alert) // resolved and pruned since the page was read
            continue;
        if (m_format == ExportFormat::Csv) {
            const Alert& a = *alert;
            const QStringList fields { a.id, isoUtc(a.createdAt), priorityName(a.priority), alertTypeName(a.type),
                a.symbol, a.title, a.message, alertStateName(a.state), a.strategy, a.position,
                QString::number(a.occurrences), isoUtc(a.lastSeenAt.isValid() ? a.lastSeenAt : a.createdAt),
                isoUtc(a.updatedAt), a.channels.join(QLatin1Char(' ')),
                a.data.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(a.data).toJson(QJsonDocument::Compact)),
                QString::number(row.total), QString::number(row.delivered), QString::number(row.failed),
                QString::number(row.cancelled) };
            QStringList quoted;
            quoted.reserve(fields.size());
            for (const QString& f : fields)
                quoted << csvField(f);
            m_out << quoted.join(QLatin1Char(',')) << "\r\n";
        } else {
            QJsonObject o = alert->toJson();
            o.insert(QStringLiteral("deliveries"),
                QJsonObject { { QStringLiteral("total"), row.total }, { QStringLiteral("delivered"), row.delivered },
                    { QStringLiteral("failed"), row.failed }, { QStringLiteral("cancelled"), row.cancelled } });
            const QByteArray json = QJsonDocument(o).toJson(QJsonDocument::Compact);
            if (m_format == ExportFormat::Json)
                m_out << (m_written == 0 ? "\n  " : ",\n  ") << QString::fromUtf8(json);
            else
                m_out << QString::fromUtf8(json) << '\n';
        }
        ++m_written;
    }
    if (rows.size() < limit) {
        m_atEnd = true;
        writeFooter();
    }
    m_out.flush(); // a full disk shows here, slice by slice, not at the end
    return checkOut() && !m_atEnd;
}

double HistoryExport::progress() const
{
    if (m_atEnd)
        return 1.0;
    if (m_lastSeq < 0 || m_newestSeq <= m_oldestSeq)
        return 0.0;
    return double(m_newestSeq - m_lastSeq) / double(m_newestSeq - m_oldestSeq);
}

void HistoryExport::writeHeader()
{
    if (m_format == ExportFormat::Csv)
        m_out << csvColumns().join(QLatin1Char(',')) << "\r\n";
    else if (m_format == ExportFormat::Json)
        m_out << '[';
}

void HistoryExport::writeFooter()
{
    if (m_format == ExportFormat::Json)
        m_out << (m_written == 0 ? "]\n" : "\n]\n");
}

bool HistoryExport::checkOut()
{
    if (m_out.status() == QTextStream::Ok && (!m_out.device() || m_out.device()->isWritable()))
        return true;
    m_error = m_out.device() && !m_out.device()->errorString().isEmpty() ? m_out.device()->errorString()
                                                                         : QStringLiteral("cannot write");
    return false;
}

} // namespace alertdesk
