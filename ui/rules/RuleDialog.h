// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "rules/Rule.h"

#include <QDialog>
#include <QHash>
#include <optional>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace alertdesk {

class EngineHost;

// Adds or edits a threshold rule. The form is turned into the options of `alertdesk-cli rule
// add` and checked by the same ruleFromArgs() (core/config/RuleArgs) as you type; its
// structured error marks the field at fault and is worded with the form's labels ("“Threshold”
// must be a number, not 'abc'.") in the window's language. Fields the chosen condition does not use are hidden. Saving
// goes through the running engine's RuleService on the engine thread (addRule, or replaceRule for an edit): the rule is
// live at once. The dialog closes only once the engine has stored the rule.
class RuleDialog final : public QDialog {
    Q_OBJECT
public:
    // existing: the rule to edit (its name cannot change), or nullopt for a new rule.
    RuleDialog(EngineHost& host, const QStringList& channels, std::optional<Rule> existing, QWidget* parent = nullptr);
    ~RuleDialog() override;

    // The rule the form describes, or nullopt with *error (the option at fault, the message).
    std::optional<Rule> rule(FieldError* error) const;
    // A check's message with the form's labels: "{--value} must be a number" -> "“Threshold” must be a number."
    QString formMessage(const FieldError& error) const;
    bool isEdit() const { return m_existing.has_value(); }

    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* metricEdit() const { return m_metric; }
    QComboBox* conditionCombo() const { return m_condition; }
    QLineEdit* valueEdit() const { return m_value; }
    QLineEdit* value2Edit() const { return m_value2; }
    QLineEdit* windowEdit() const { return m_window; }
    QComboBox* frequencyCombo() const { return m_frequency; }
    QLineEdit* intervalEdit() const { return m_interval; }
    QLineEdit* cooldownEdit() const { return m_cooldown; }
    QCheckBox* expiresCheck() const { return m_expires; }
    QDateTimeEdit* expiresEdit() const { return m_expiresAt; }
    QComboBox* typeCombo() const { return m_type; }
    QComboBox* priorityCombo() const { return m_priority; }
    QLineEdit* titleEdit() const { return m_title; }
    QLineEdit* messageEdit() const { return m_message; }
    QListWidget* channelList() const { return m_channels; }
    QLabel* messageLabel() const { return m_status; }
    QPushButton* saveButton() const;

Q_SIGNALS:
    void ruleSaved(const QString& name);

private:
    void checkAsTyped();
    void validate();
    void conditionChanged();
    void save();
    void fill(const Rule& r);
    void markField(const QString& option);

    EngineHost& m_host;
    std::optional<Rule> m_existing;
    QHash<QString, QWidget*> m_fields; // CLI option -> its widget
    QHash<QWidget*, QLabel*> m_labels;
    bool m_frequencyTouched = false;
    bool m_saving = false;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_metric = nullptr;
    QComboBox* m_condition = nullptr;
    QLineEdit* m_value = nullptr;
    QLineEdit* m_value2 = nullptr;
    QLineEdit* m_window = nullptr;
    QComboBox* m_frequency = nullptr;
    QLineEdit* m_interval = nullptr;
    QLineEdit* m_cooldown = nullptr;
    QCheckBox* m_expires = nullptr;
    QDateTimeEdit* m_expiresAt = nullptr;
    QComboBox* m_type = nullptr;
    QComboBox* m_priority = nullptr;
    QLineEdit* m_title = nullptr;
    QLineEdit* m_message = nullptr;
    QListWidget* m_channels = nullptr;
    QLabel* m_status = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace alertdesk
