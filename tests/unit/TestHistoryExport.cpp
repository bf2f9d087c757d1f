// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "storage/AlertStore.h"
#include "storage/Database.h"
#include "storage/HistoryExport.h"
#include "storage/OutboxStore.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <memory>

using namespace alertdesk;

// The history export on a history file of its own, read through a read-only connection as the
// window does: slices that add up to every alert once, newest first; CSV quoting by RFC 4180;
// JSON and JSON lines that parse; the filter and the priority set; progress; a failing output.
class TestHistoryExport final : public QObject {
    Q_OBJECT

    static constexpr qint64 kT0 = 1700000000000;
    static constexpr qint64 kMinute = 60 * 1000;

    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Database> m_read;

    QString add(const QString& title, int minute, Priority priority = Priority::Info, const QString& message = {},
        const QJsonObject& data = {})
    {
        Alert a;
        a.id = newAlertId();
        a.type = AlertType::Risk;
        a.priority = priority;
        a.title = title;
        a.message = message;
        a.symbol = QStringLiteral("BTCUSDT");
        a.data = data;
        a.createdAt = a.updatedAt = QDateTime::fromMSecsSinceEpoch(kT0 + minute * kMinute, Qt::UTC);
        QString error;
        AlertStore alerts(*m_db);
        OutboxStore outbox(*m_db);
        const bool ok = m_db->transaction(
            [&] {
                return alerts.insert(a, &error)
                    && outbox.enqueue(a.id, a.priority, { QStringLiteral("desk") }, false, kT0, &error);
            },
            &error);
        if (!ok)
            qWarning() << error;
        return ok ? a.id : QString();
    }

    // The whole export in slices of `slice`; the number of slices in *slices.
    QString exportAll(ExportFormat format, const AlertFilter& filter = {}, const QSet<Priority>& priorities = {},
        int slice = 500, int* slices = nullptr, QList<double>* progress = nullptr)
    {
        QString text;
        QTextStream out(&text);
        HistoryExport e(*m_read, filter, priorities, format, out);
        int n = 0;
        for (bool more = true; more;) {
            more = e.writeMore(slice);
            ++n;
            if (progress)
                *progress << e.progress();
        }
        if (!e.error().isEmpty())
            qWarning() << e.error();
        if (slices)
            *slices = n;
        return text;
    }

    // A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF records), to read back
    // exactly what was written; the CLI test reads the same with Python's csv module.
    static QList<QStringList> parseCsv(const QString& text)
    {
        QList<QStringList> rows;
        QStringList row;
        QString field;
        bool quoted = false;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (quoted) {
                if (c == QLatin1Char('"') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else if (c == QLatin1Char('"')) {
                    quoted = false;
                } else {
                    field += c;
                }
            } else if (c == QLatin1Char('"')) {
                quoted = true;
            } else if (c == QLatin1Char(',')) {
                row << field;
                field.clear();
            } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n')) {
                row << field;
                rows << row;
                row.clear();
                field.clear();
                ++i;
            } else {
                field += c;
            }
        }
        if (!field.isEmpty() || !row.isEmpty())
            rows << (row << field);
        return rows;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        const QString path = m_tmp->filePath(QStringLiteral("history.db"));
        QString error;
        m_db = Database::open(path, &error);
        QVERIFY2(m_db, qPrintable(error));
        m_read = Database::open(path, &error, Database::Mode::ReadOnly);
        QVERIFY2(m_read, qPrintable(error));
    }
    void cleanup()
    {
        m_read.reset();
        m_db.reset();
        m_tmp.reset();
    }

    void formatNames()
    {
        QCOMPARE(exportFormatFromString(QStringLiteral("csv")), ExportFormat::Csv);
        QCOMPARE(exportFormatFromString(QStringLiteral("jsonl")), ExportFormat::Jsonl);
        QVERIFY(!exportFormatFromString(QStringLiteral("xml")));
        QCOMPARE(exportFormatExtension(ExportFormat::Json), QStringLiteral("json"));
    }

    // Fields with commas, quotes, line breaks, emoji and JSON come back exactly, in a header
    // row's columns, records ended by CRLF.
    void csvQuotesWhatNeedsIt()
    {
        const QString message = QStringLiteral("line one, with a comma\nline \"two\"\r\nthree 🚀");
        const QString id = add(QStringLiteral("Margin \"call\", now"), 1, Priority::Critical, message,
            QJsonObject { { QStringLiteral("price"), 1.5 }, { QStringLiteral("note"), QStringLiteral("a,b") } });
        const QString plain = add(QStringLiteral("Plain"), 2);
        const QString text = exportAll(ExportFormat::Csv);
        QVERIFY(text.startsWith(QStringLiteral("id,created_at,priority,type,symbol,title,message,state,")));
        const QList<QStringList> rows = parseCsv(text);
        QCOMPARE(rows.size(), 3);
        const QStringList header = rows.at(0);
        for (const QStringList& r : rows)
            QCOMPARE(r.size(), header.size());
        auto field
            = [&](int row, const char* column) { return rows.at(row).at(header.indexOf(QLatin1String(column))); };
        QCOMPARE(field(1, "id"), plain); // newest first
        QCOMPARE(field(2, "id"), id);
        QCOMPARE(field(2, "title"), QStringLiteral("Margin \"call\", now"));
        QCOMPARE(field(2, "message"), message);
        QCOMPARE(field(2, "priority"), QStringLiteral("CRITICAL"));
        QCOMPARE(field(2, "created_at"), QStringLiteral("2023-11-14T22:14:20.000Z"));
        QCOMPARE(QJsonDocument::fromJson(field(2, "data").toUtf8()).object().value(QStringLiteral("note")).toString(),
            QStringLiteral("a,b"));
        QCOMPARE(field(2, "deliveries"), QStringLiteral("1"));
        QCOMPARE(field(2, "delivered"), QStringLiteral("0"));
        QCOMPARE(field(1, "title"), QStringLiteral("Plain"));
        // Every record ends with CRLF; the one line break inside a quoted field is data.
        QVERIFY(text.endsWith(QStringLiteral("\r\n")));
        QCOMPARE(text.count(QStringLiteral("\r\n")), 3 + 1);
    }

    // Slices add up to every alert once, newest first, with progress rising to 1.
    void slicesCoverEveryAlertOnce()
    {
        for (int i = 0; i < 1203; ++i)
            QVERIFY(!add(QStringLiteral("Alert %1").arg(i), i).isEmpty());
        int slices = 0;
        QList<double> progress;
        const QString text = exportAll(ExportFormat::Jsonl, {}, {}, 500, &slices, &progress);
        QCOMPARE(slices, 3);
        for (qsizetype i = 1; i < progress.size(); ++i)
            QVERIFY(progress.at(i) > progress.at(i - 1));
        QVERIFY(progress.first() > 0.3 && progress.first() < 0.5);
        QCOMPARE(progress.last(), 1.0);
        const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1203);
        QSet<QString> ids;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QJsonObject o = QJsonDocument::fromJson(lines.at(i).toUtf8()).object();
            QCOMPARE(o.value(QStringLiteral("title")).toString(), QStringLiteral("Alert %1").arg(1202 - i));
            QCOMPARE(o.value(QStringLiteral("deliveries")).toObject().value(QStringLiteral("total")).toInt(), 1);
            ids.insert(o.value(QStringLiteral("id")).toString());
        }
        QCOMPARE(ids.size(), 1203);
    }

    void jsonIsOneArray()
    {
        QCOMPARE(QJsonDocument::fromJson(exportAll(ExportFormat::Json).toUtf8()).array().size(), 0);
        add(QStringLiteral("a"), 1);
        add(QStringLiteral("b"), 2);
        QJsonParseError error {};
        const QJsonDocument doc = QJsonDocument::fromJson(exportAll(ExportFormat::Json, {}, {}, 1).toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.array().size(), 2);
        QCOMPARE(doc.array().at(0).toObject().value(QStringLiteral("title")).toString(), QStringLiteral("b"));
    }

    // The filter (time range, state) and the priority set narrow it.
    void filtersNarrow()
    {
        add(QStringLiteral("low"), 1, Priority::Low);
        add(QStringLiteral("high"), 2, Priority::High);
        add(QStringLiteral("critical"), 3, Priority::Critical);
        add(QStringLiteral("info"), 4, Priority::Info);
        auto titles = [](const QString& jsonl) {
            QStringList out;
            for (const QString& l : jsonl.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
                out << QJsonDocument::fromJson(l.toUtf8()).object().value(QStringLiteral("title")).toString();
            return out;
        };
        QCOMPARE(titles(exportAll(ExportFormat::Jsonl, {}, { Priority::High, Priority::Critical })),
            (QStringList { "critical", "high" }));
        AlertFilter range;
        range.fromMs = kT0 + 2 * kMinute;
        range.toMs = kT0 + 3 * kMinute;
        QCOMPARE(titles(exportAll(ExportFormat::Jsonl, range)), (QStringList { "critical", "high" }));
        AlertFilter resolved;
        resolved.state = AlertState::Resolved;
        QCOMPARE(titles(exportAll(ExportFormat::Jsonl, resolved)), QStringList {});
    }

    // An output that fails is reported, not taken for the end.
    void failingOutputIsAnError()
    {
        add(QStringLiteral("a"), 1);
        QBuffer closed; // never opened: every write fails
        QTextStream out(&closed);
        HistoryExport e(*m_read, {}, {}, ExportFormat::Csv, out);
        QVERIFY(!e.writeMore());
        QVERIFY(!e.error().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHistoryExport)
#include "TestHistoryExport.moc"
