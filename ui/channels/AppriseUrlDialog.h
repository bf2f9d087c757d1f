// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace alertdesk {

class EngineHost;

// "Add from Apprise URL…": one URL (tgram://, discord://, slack://, mailto://, json://,
// pagerduty://...) and an optional name, read on the engine thread by the same code as
// `alertdesk-cli channel add-url`. The URL holds secrets: it is typed into a password field
// and never quoted back. The dialog closes once the channel is stored (notes in notes()).
class AppriseUrlDialog final : public QDialog {
    Q_OBJECT
public:
    explicit AppriseUrlDialog(EngineHost& host, QWidget* parent = nullptr);
    ~AppriseUrlDialog() override;

    QLineEdit* urlEdit() const { return m_url; }
    QLineEdit* nameEdit() const { return m_name; }
    QLabel* messageLabel() const { return m_message; }
    QPushButton* addButton() const { return m_add; }
    QString savedName() const { return m_savedName; }
    QStringList notes() const { return m_notes; }

private:
    void add();

    EngineHost& m_host;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_name = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_add = nullptr;
    bool m_adding = false;
    QString m_savedName;
    QStringList m_notes;
};

} // namespace alertdesk
