// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace alertdesk {

class EngineHost;
class SourceDialog;

// The Settings page's Sources section: the profile's ntfy sources with their connection
// state as the engine reports it (EngineHost::sourceStatus), and Add…, Edit… and Remove…,
// which act on the running engine at once (no Apply).
class SourcesEditor final : public QWidget {
    Q_OBJECT
public:
    explicit SourcesEditor(EngineHost& host, QWidget* parent = nullptr);
    ~SourcesEditor() override;

    void setEditable(bool editable);
    QTableWidget* table() const { return m_table; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* editButton() const { return m_edit; }
    QPushButton* removeButton() const { return m_remove; }
    QLabel* statusLabel() const { return m_status; }
    SourceDialog* dialog() const; // the open add/edit form, if any

private:
    void refresh();
    void updateButtons();
    void openDialog(bool edit);
    void removeSelected();
    QString selectedName() const;

    EngineHost& m_host;
    QTableWidget* m_table = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_remove = nullptr;
    QLabel* m_status = nullptr;
    QPointer<SourceDialog> m_dialog;
    bool m_editable = true;
};

} // namespace alertdesk
