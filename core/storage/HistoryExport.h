// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "storage/HistoryQuery.h"

#include <QSet>
#include <QString>
#include <optional>

class QTextStream;

namespace alertdesk {

class Database;

enum class ExportFormat { Csv, Json, Jsonl };
// "csv", "json", "jsonl"; nullopt for anything else.
std::optional<ExportFormat> exportFormatFromString(const QString& name);
// What a file of this format is called: its extension without the dot.
QString exportFormatExtension(ExportFormat format);

// The alerts under a filter, newest first, written as CSV (RFC 4180: a header row, CRLF line
// ends, fields quoted where they hold a comma, a quote or a line break), a JSON array or JSON
// lines, in slices: a caller shows progress and may stop between two slices. Each alert carries
// its fields as stored (the full title and message) and the count of its deliveries by outcome;
// no delivery's error or channel setting, so nothing secret can reach a file.
class HistoryExport final {
public:
    // priorities narrows further (empty: every priority), for the command line's repeated
    // --priority; the filter's own priority applies too.
    HistoryExport(Database& db, const AlertFilter& filter, const QSet<Priority>& priorities, ExportFormat format,
        QTextStream& out);

    // Writes the next slice (at most `limit` alerts). Returns false when the export ended:
    // everything written (atEnd()) or the output failed (error()).
    bool writeMore(int limit = 500);
    bool atEnd() const { return m_atEnd; }
    QString error() const { return m_error; }
    qint64 written() const { return m_written; }
    // How far the walk has come through the history, 0 to 1 (by position in the history, so no
    // count of the matches is needed first).
    double progress() const;

private:
    void writeHeader();
    void writeFooter();
    bool checkOut();

    Database& m_db;
    HistoryQuery m_query;
    QSet<Priority> m_priorities;
    ExportFormat m_format;
    QTextStream& m_out;
    qint64 m_written = 0;
    qint64 m_newestSeq = -1; // the first alert walked
    qint64 m_lastSeq = -1; // the last alert walked
    qint64 m_oldestSeq = 0; // the history's first alert
    bool m_started = false;
    bool m_atEnd = false;
    QString m_error;
};

} // namespace alertdesk
