// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertsExport.h"

#include <QDate>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMainWindow>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStatusBar>
#include <QTimer>

namespace alertdesk {

namespace {

// Alerts per slice: each costs a read of the alert, so a slice stays within a few milliseconds
// and the window keeps answering between two.
constexpr int kSlice = 250;

} // namespace

AlertsExport::AlertsExport(Database& db, AlertFilter filter, ExportFormat format, const QString& path, QObject* parent)
    : QObject(parent)
    , m_file(path)
    , m_db(db)
    , m_filter(std::move(filter))
    , m_format(format)
{
}

AlertsExport::~AlertsExport()
{
    if (m_running)
        m_file.cancelWriting();
}

bool AlertsExport::start(QString* error)
{
    if (!m_file.open(QIODevice::WriteOnly)) {
        *error = m_file.errorString();
        return false;
    }
    m_stream.setDevice(&m_file); // UTF-8, Qt 6's default
    m_export = std::make_unique<HistoryExport>(m_db, m_filter, QSet<Priority> {}, m_format, m_stream);
    m_running = true;
    QTimer::singleShot(0, this, &AlertsExport::writeSlice);
    return true;
}

void AlertsExport::cancel()
{
    if (!m_running)
        return;
    m_running = false;
    m_file.cancelWriting();
    m_file.commit(); // discards the temporary file
    Q_EMIT finished(false, {});
}

void AlertsExport::writeSlice()
{
    if (!m_running)
        return;
    if (m_export->writeMore(kSlice)) {
        Q_EMIT progressChanged(int(m_export->progress() * 1000));
        QTimer::singleShot(0, this, &AlertsExport::writeSlice);
        return;
    }
    m_running = false;
    if (!m_export->error().isEmpty()) {
        m_file.cancelWriting();
        m_file.commit();
        Q_EMIT finished(false, m_export->error());
        return;
    }
    if (!m_file.commit()) {
        Q_EMIT finished(false, m_file.errorString());
        return;
    }
    Q_EMIT progressChanged(1000);
    Q_EMIT finished(true, {});
}

void AlertsExport::run(QWidget* parent, Database& db, const AlertFilter& filter)
{
    const QString csv = tr("CSV (*.csv)");
    const QString json = tr("JSON (*.json)");
    const QString jsonl = tr("JSON lines (*.jsonl)");
    QString chosenFilter = csv;
    const QString suggested = QDir::home().filePath(
        QStringLiteral("alerts-%1.csv").arg(QDate::currentDate().toString(QStringLiteral("yyyy-MM-dd"))));
    QString path = QFileDialog::getSaveFileName(parent, tr("Export alerts"), suggested,
        QStringList { csv, json, jsonl }.join(QStringLiteral(";;")), &chosenFilter);
    if (path.isEmpty())
        return;
    if (!exportFormatFromString(QFileInfo(path).suffix().toLower()))
        path += chosenFilter == json ? QStringLiteral(".json")
            : chosenFilter == jsonl  ? QStringLiteral(".jsonl")
                                     : QStringLiteral(".csv");
    runTo(parent, db, filter, path);
}

AlertsExport* AlertsExport::runTo(QWidget* parent, Database& db, const AlertFilter& filter, const QString& path)
{
    const ExportFormat format = exportFormatFromString(QFileInfo(path).suffix().toLower()).value_or(ExportFormat::Csv);
    auto* job = new AlertsExport(db, filter, format, path, parent);
    QString error;
    if (!job->start(&error)) {
        QMessageBox::warning(
            parent, tr("Export alerts"), tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), error));
        delete job;
        return nullptr;
    }
    auto* progress = new QProgressDialog(
        tr("Exporting alerts to %1…").arg(QFileInfo(path).fileName()), tr("Cancel"), 0, 1000, parent);
    progress->setObjectName(QStringLiteral("exportProgress"));
    progress->setWindowTitle(tr("Export alerts"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(400); // a small export ends before it would flash up
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    connect(job, &AlertsExport::progressChanged, progress, &QProgressDialog::setValue);
    connect(progress, &QProgressDialog::canceled, job, &AlertsExport::cancel);
    connect(job, &AlertsExport::finished, parent, [parent, job, progress, path](bool ok, const QString& error) {
        const qint64 written = job->written();
        progress->hide();
        progress->deleteLater();
        job->deleteLater();
        auto* window = qobject_cast<QMainWindow*>(parent);
        const QString file = QDir::toNativeSeparators(path);
        if (ok) {
            if (window)
                window->statusBar()->showMessage(
                    tr("Exported %n alert(s) to %1", nullptr, int(std::min<qint64>(written, INT_MAX))).arg(file),
                    15000);
        } else if (error.isEmpty()) {
            if (window)
                window->statusBar()->showMessage(tr("Export cancelled: nothing was written to %1").arg(file), 15000);
        } else {
            QMessageBox::warning(parent, tr("Export alerts"), tr("Cannot write %1: %2").arg(file, error));
        }
    });
    return job;
}

} // namespace alertdesk
