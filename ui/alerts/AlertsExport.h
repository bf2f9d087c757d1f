// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "storage/HistoryExport.h"

#include <QObject>
#include <QSaveFile>
#include <QTextStream>
#include <memory>

class QWidget;

namespace alertdesk {

// File › Export…: the Alerts page's current filter written to a file a slice at a time on the
// GUI thread's event loop (the window stays responsive), through a QSaveFile so that a cancelled
// or failed export leaves no partial file and never replaces an existing one half-way.
class AlertsExport final : public QObject {
    Q_OBJECT
public:
    AlertsExport(Database& db, AlertFilter filter, ExportFormat format, const QString& path, QObject* parent = nullptr);
    ~AlertsExport() override;

    // Opens the file and starts; false (and *error) when the file cannot be opened.
    bool start(QString* error);
    void cancel();
    qint64 written() const { return m_export ? m_export->written() : 0; }
    QString path() const { return m_file.fileName(); }

    // Asks where, shows the progress with Cancel, and reports the end in the parent's status
    // bar or a message box. The format follows the chosen file's extension.
    static void run(QWidget* parent, Database& db, const AlertFilter& filter);
    // The same for a path already chosen (the tests use it without a file dialog).
    static AlertsExport* runTo(QWidget* parent, Database& db, const AlertFilter& filter, const QString& path);

Q_SIGNALS:
    void progressChanged(int permille);
    // ok false: cancelled (error empty) or failed (error says why).
    void finished(bool ok, const QString& error);

private:
    void writeSlice();

    QSaveFile m_file;
    QTextStream m_stream;
    std::unique_ptr<HistoryExport> m_export;
    Database& m_db;
    AlertFilter m_filter;
    ExportFormat m_format;
    bool m_running = false;
};

} // namespace alertdesk
