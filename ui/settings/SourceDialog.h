// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "config/SourceConfig.h"
#include "model/FieldError.h"

#include <QDialog>
#include <QHash>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace alertdesk {

class EngineHost;

// Adds or edits an ntfy source. The form becomes the options of `alertdesk-cli source add
// ntfy` and is checked as you type by the same buildNtfySource() (core/config/SourceArgs),
// the field at fault marked and named by its label. The token is never shown: an edit leaves
// it as stored unless a new one is typed or "Remove the token" is ticked. Saving goes through
// the engine (Engine::saveSource): the subscription follows at once; the dialog closes only
// once the source is stored.
class SourceDialog final : public QDialog {
    Q_OBJECT
public:
    // existing: the source to edit (its name cannot change), or nullopt for a new one.
    SourceDialog(EngineHost& host, std::optional<SourceConfig> existing, QWidget* parent = nullptr);
    ~SourceDialog() override;

    // The source the form describes and its secrets (only "token" when one was typed or removed),
    // or nullopt with *error (the option at fault, the message).
    std::optional<SourceConfig> source(QMap<QString, QString>* secrets, FieldError* error) const;
    QString formMessage(const FieldError& error) const;

    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* serverEdit() const { return m_server; }
    QLineEdit* topicEdit() const { return m_topic; }
    QLineEdit* tokenEdit() const { return m_token; }
    QCheckBox* removeTokenCheck() const { return m_removeToken; }
    QComboBox* typeCombo() const { return m_type; }
    QComboBox* priorityCombo() const { return m_priority; }
    QLineEdit* channelsEdit() const { return m_channels; }
    QCheckBox* enabledCheck() const { return m_enabled; }
    QLabel* messageLabel() const { return m_status; }
    QPushButton* saveButton() const { return m_save; }

Q_SIGNALS:
    void sourceSaved(const QString& name);

private:
    void validate();
    void save();
    void markField(const QString& option);

    EngineHost& m_host;
    std::optional<SourceConfig> m_existing;
    QHash<QString, QWidget*> m_fields; // option -> its widget
    QHash<QWidget*, QLabel*> m_labels;
    bool m_saving = false;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_server = nullptr;
    QLineEdit* m_topic = nullptr;
    QLineEdit* m_token = nullptr;
    QCheckBox* m_removeToken = nullptr;
    QComboBox* m_type = nullptr;
    QComboBox* m_priority = nullptr;
    QLineEdit* m_channels = nullptr;
    QCheckBox* m_enabled = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_save = nullptr;
};

} // namespace alertdesk
