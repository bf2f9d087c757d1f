// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "alerts/BulkActionRunner.h"

#include "storage/Database.h"

#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>

namespace alertdesk {

BulkActionRunner::BulkActionRunner(Database& db, EngineHost& host, const AlertFilter& filter, qint64 upToSeq,
    EngineHost::AlertAction action, qint64 untilMs, QString note, qint64 total, QWidget* parent)
    : QObject(parent)
    , m_db(db)
    , m_host(&host)
    , m_query(db)
    , m_parent(parent)
    , m_action(action)
    , m_untilMs(untilMs)
    , m_note(std::move(note))
    , m_total(total)
    , m_nextBelow(upToSeq + 1)
{
    m_query.setFilter(filter);
}

BulkActionRunner::~BulkActionRunner() = default;

QList<AlertState> BulkActionRunner::statesFor(EngineHost::AlertAction action)
{
    switch (action) {
    case EngineHost::AlertAction::Acknowledge:
        return { AlertState::Open, AlertState::Snoozed };
    case EngineHost::AlertAction::Snooze:
    case EngineHost::AlertAction::Resolve:
        return { AlertState::Open, AlertState::Acknowledged, AlertState::Snoozed };
    case EngineHost::AlertAction::Reopen:
        return { AlertState::Acknowledged, AlertState::Snoozed, AlertState::Resolved };
    }
    return {};
}

qint64 BulkActionRunner::countFor(EngineHost::AlertAction action, const std::array<qint64, 4>& counts)
{
    qint64 n = 0;
    for (AlertState st : statesFor(action))
        n += counts.at(static_cast<size_t>(st));
    return n;
}

void BulkActionRunner::confirm(
    QWidget* parent, EngineHost::AlertAction action, qint64 count, const std::function<void()>& go)
{
    if (count <= kConfirmAbove) {
        go();
        return;
    }
    const QString n = QLocale().toString(count);
    QString question, button;
    switch (action) {
    case EngineHost::AlertAction::Acknowledge:
        question = tr("Acknowledge %1 alerts?").arg(n);
        button = tr("&Acknowledge %1").arg(n);
        break;
    case EngineHost::AlertAction::Snooze:
        question = tr("Snooze %1 alerts?").arg(n);
        button = tr("S&nooze %1").arg(n);
        break;
    case EngineHost::AlertAction::Resolve:
        question = tr("Resolve %1 alerts?").arg(n);
        button = tr("&Resolve %1").arg(n);
        break;
    case EngineHost::AlertAction::Reopen:
        question = tr("Reopen %1 alerts?").arg(n);
        button = tr("Re&open %1").arg(n);
        break;
    }
    auto* box = new QMessageBox(QMessageBox::Question, question, question, QMessageBox::Cancel, parent);
    box->setObjectName(QStringLiteral("bulkConfirm"));
    box->setInformativeText(tr("This applies to every alert that matches the filter, also those not shown yet."));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    QPushButton* yes = box->addButton(button, QMessageBox::AcceptRole);
    box->setDefaultButton(yes);
    // Once the box is closed: the progress that follows is window-modal too.
    QObject::connect(box, &QMessageBox::finished, box, [box, yes, go] {
        if (box->clickedButton() == yes)
            go();
    });
    box->open();
}

void BulkActionRunner::start()
{
    if (m_total > kConfirmAbove) {
        m_progress = new QProgressDialog(m_parent);
        m_progress->setObjectName(QStringLiteral("bulkProgress"));
        m_progress->setWindowModality(Qt::WindowModal);
        m_progress->setAutoClose(false);
        m_progress->setAutoReset(false);
        m_progress->setMinimumDuration(0);
        m_progress->setRange(0, static_cast<int>(std::min<qint64>(m_total, INT_MAX)));
        m_progress->setValue(0);
        m_progress->setLabelText(tr("Working on %1 alerts…").arg(QLocale().toString(m_total)));
        connect(m_progress, &QProgressDialog::canceled, this, &BulkActionRunner::cancel);
        m_progress->show();
    }
    nextBatch();
}

void BulkActionRunner::cancel()
{
    m_cancelled = true; // the batch under way commits; none follows
    if (m_progress)
        m_progress->setLabelText(tr("Stopping after this batch…"));
}

void BulkActionRunner::nextBatch()
{
    if (m_cancelled || !m_host) {
        finish();
        return;
    }
    const QList<HistoryRow> rows = m_query.olderThan(m_nextBelow, kBatchSize, statesFor(m_action));
    if (rows.isEmpty()) {
        finish();
        return;
    }
    m_nextBelow = rows.constLast().seq;
    QStringList ids;
    ids.reserve(rows.size());
    for (const HistoryRow& r : rows)
        ids << r.id;
    m_host->changeAlertBatch(
        ids, m_action, m_untilMs, m_note, this, [this](const QStringList& changed, const QStringList& errors) {
            m_changed += changed;
            m_errors += errors;
            m_done += changed.size() + errors.size();
            if (m_progress) {
                m_progress->setValue(static_cast<int>(std::min<qint64>(m_done, m_progress->maximum())));
                if (!m_cancelled)
                    m_progress->setLabelText(
                        tr("Done %1 of %2 alerts…").arg(QLocale().toString(m_done), QLocale().toString(m_total)));
            }
            Q_EMIT progressed(m_done, m_total);
            nextBatch();
        });
}

void BulkActionRunner::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_progress) {
        m_progress->hide();
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    Q_EMIT finished(m_changed, m_errors, m_cancelled);
}

} // namespace alertdesk
