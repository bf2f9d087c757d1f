// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "settings/SourcesEditor.h"

#include "UiText.h"
#include "app/EngineHost.h"
#include "settings/SourceDialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace alertdesk {

namespace {
enum Column { NameColumn, TopicColumn, ServerColumn, StateColumn, TakenColumn, ColumnCount };
}

SourcesEditor::SourcesEditor(EngineHost& host, QWidget* parent)
    : QWidget(parent)
    , m_host(host)
{
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    auto* intro = new QLabel(
        tr("Alerts from outside this computer without opening a port: TradingView (or a bot) posts to an ntfy "
           "topic and AlertDesk subscribes to it. Set the alert's webhook URL in TradingView to "
           "https://ntfy.sh/YOUR-TOPIC (or your own ntfy server). Messages published while AlertDesk is closed "
           "are picked up when it starts again (ntfy keeps them 12 hours by default)."),
        this);
    intro->setWordWrap(true);
    v->addWidget(intro);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setHorizontalHeaderLabels({ tr("Name"), tr("Topic"), tr("Server"), tr("State"), tr("Alerts") });
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(StateColumn, QHeaderView::Stretch);
    m_table->setMinimumHeight(140);
    m_table->setAccessibleName(tr("Sources"));
    v->addWidget(m_table, 1);
    auto* buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("&Add source…"), this);
    m_edit = new QPushButton(tr("&Edit…"), this);
    m_remove = new QPushButton(tr("&Remove…"), this);
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    v->addLayout(buttons);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    v->addWidget(m_status);

    connect(m_add, &QPushButton::clicked, this, [this] { openDialog(false); });
    connect(m_edit, &QPushButton::clicked, this, [this] { openDialog(true); });
    connect(m_table, &QTableWidget::itemDoubleClicked, this, [this] { openDialog(true); });
    connect(m_remove, &QPushButton::clicked, this, &SourcesEditor::removeSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &SourcesEditor::updateButtons);
    connect(&m_host, &EngineHost::sourcesChanged, this, &SourcesEditor::refresh);
    refresh();
}

SourcesEditor::~SourcesEditor() = default;

SourceDialog* SourcesEditor::dialog() const
{
    return m_dialog;
}

void SourcesEditor::setEditable(bool editable)
{
    m_editable = editable;
    updateButtons();
}

QString SourcesEditor::selectedName() const
{
    const QList<QTableWidgetItem*> sel = m_table->selectedItems();
    return sel.isEmpty() ? QString() : m_table->item(sel.first()->row(), NameColumn)->text();
}

void SourcesEditor::updateButtons()
{
    const bool selected = !selectedName().isEmpty();
    m_add->setEnabled(m_editable);
    m_edit->setEnabled(m_editable && selected);
    m_remove->setEnabled(m_editable && selected);
}

void SourcesEditor::refresh()
{
    const QString keep = selectedName();
    const QList<SourceStatus> sources = m_host.sourceStatus();
    m_table->setRowCount(static_cast<int>(sources.size()));
    for (int row = 0; row < sources.size(); ++row) {
        const SourceStatus& st = sources[row];
        QString state;
        if (!st.config.enabled)
            state = tr("Disabled");
        else if (!st.running)
            state = st.error.isEmpty() ? tr("Not subscribed") : tr("Not subscribed: %1").arg(st.error);
        else {
            switch (st.state) {
            case NtfySource::State::Connected:
                state = tr("Connected");
                break;
            case NtfySource::State::Connecting:
                state = tr("Connecting…");
                break;
            case NtfySource::State::Reconnecting:
                state = st.error.isEmpty() ? tr("Reconnecting") : tr("Reconnecting (%1)").arg(st.error);
                break;
            case NtfySource::State::Off:
                state = tr("Off");
                break;
            }
        }
        const QString cells[ColumnCount]
            = { st.config.name, st.config.settings.value(QStringLiteral("topic")).toString(),
                  QUrl(st.config.settings.value(QStringLiteral("server")).toString()).host(), state,
                  QLocale().toString(st.taken) };
        for (int c = 0; c < ColumnCount; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == StateColumn)
                item->setToolTip(state);
            m_table->setItem(row, c, item);
        }
        if (st.config.name == keep)
            m_table->selectRow(row);
    }
    updateButtons();
}

void SourcesEditor::openDialog(bool edit)
{
    if (!m_editable || m_dialog)
        return;
    std::optional<SourceConfig> existing;
    if (edit) {
        const QString name = selectedName();
        for (const SourceStatus& st : m_host.sourceStatus()) {
            if (st.config.name == name)
                existing = st.config;
        }
        if (!existing)
            return;
    }
    m_dialog = new SourceDialog(m_host, existing, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &SourceDialog::sourceSaved, this, [this](const QString& name) {
        m_status->setText(tr("Source %1 saved; AlertDesk subscribes to it now.").arg(name));
    });
    m_dialog->open();
}

void SourcesEditor::removeSelected()
{
    const QString name = selectedName();
    if (name.isEmpty() || !m_editable)
        return;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Remove source"),
        tr("Remove the source %1? AlertDesk stops reading its topic and forgets where it stood.").arg(name),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("removeSourceQuestion"));
    connect(box, &QMessageBox::buttonClicked, this, [this, box, name](QAbstractButton* button) {
        if (box->standardButton(button) != QMessageBox::Yes)
            return;
        m_host.removeSource(name, this, [this, name](const QString& error) {
            m_status->setText(error.isEmpty() ? tr("Source %1 removed.").arg(name) : tr("Not removed: %1").arg(error));
        });
    });
    box->open();
}

} // namespace alertdesk
