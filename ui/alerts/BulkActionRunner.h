// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "app/EngineHost.h"
#include "storage/HistoryQuery.h"

#include <QObject>
#include <QPointer>
#include <array>
#include <functional>

class QProgressDialog;
class QWidget;

namespace alertdesk {

class Database;

// An action on every alert that matches the Alerts page's filter, not only the rows loaded:
// it walks the matching alerts page by page (keyset on seq, up to the newest alert when it
// started, so alerts arriving meanwhile are left alone) and hands each page to the engine as
// one batch, one transaction each, waiting for its answer before reading the next: the window
// stays responsive and a cancel stops between two committed batches. A progress dialog with
// Cancel shows over large sets.
class BulkActionRunner final : public QObject {
    Q_OBJECT
public:
    static constexpr int kBatchSize = 500;
    static constexpr qint64 kConfirmAbove = 50; // a larger set asks first, and shows progress

    BulkActionRunner(Database& db, EngineHost& host, const AlertFilter& filter, qint64 upToSeq,
        EngineHost::AlertAction action, qint64 untilMs, QString note, qint64 total, QWidget* parent);
    ~BulkActionRunner() override;

    // The states an action applies to, and how many of counts (per AlertState) that is.
    static QList<AlertState> statesFor(EngineHost::AlertAction action);
    static qint64 countFor(EngineHost::AlertAction action, const std::array<qint64, 4>& counts);
    // Asks whether to go on when count is over kConfirmAbove (window-modal, not blocking),
    // then calls go; at once when it is not.
    static void confirm(QWidget* parent, EngineHost::AlertAction action, qint64 count, const std::function<void()>& go);

    void start();
    void cancel();
    QProgressDialog* progressDialog() const { return m_progress; }

Q_SIGNALS:
    void progressed(qint64 done, qint64 total);
    void finished(const QStringList& changed, const QStringList& errors, bool cancelled);

private:
    void nextBatch();
    void finish();

    Database& m_db;
    QPointer<EngineHost> m_host;
    HistoryQuery m_query;
    QWidget* m_parent = nullptr;
    EngineHost::AlertAction m_action;
    qint64 m_untilMs = 0;
    QString m_note;
    qint64 m_total = 0;
    qint64 m_nextBelow = 0; // the next page is older than this seq
    qint64 m_done = 0;
    bool m_cancelled = false;
    bool m_finished = false;
    QStringList m_changed;
    QStringList m_errors;
    QProgressDialog* m_progress = nullptr;
};

} // namespace alertdesk
