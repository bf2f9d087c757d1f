// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "channels/Channel.h"
#include "config/ChannelConfig.h"

#include <QDialog>
#include <QMap>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace alertdesk {

class EngineHost;
struct ChannelStatus;

using ChannelOptions = QMap<QString, QStringList>;

// "Add channel…" and "Edit channel…": a kind selector and, for the kind, one field per option
// of the command line's table (channelArgSpecs()). The form runs the kind's own builder and
// check (buildChannelFromOptions) as the user types, shows what is wrong in the form's words,
// and keeps Save disabled until it passes. Secret options are password fields; repeatable
// ones take one value per line (secret ones: separated by spaces). Editing prefills what is
// not secret; a secret field left empty keeps the stored value (read on the engine thread,
// never shown). Saving goes through the engine: secrets to the keychain, then the profile.
class ChannelDialog final : public QDialog {
    Q_OBJECT
public:
    // Add: the kind can be chosen; initialKind is selected first.
    ChannelDialog(EngineHost& host, QStringList existingNames, const QString& initialKind, QWidget* parent = nullptr);
    // Edit: kind and name are fixed.
    ChannelDialog(EngineHost& host, const ChannelStatus& channel, QWidget* parent = nullptr);
    ~ChannelDialog() override;

    struct Form {
        QString kind;
        QString name;
        bool enabled = true;
        ChannelOptions options; // what the fields hold; an empty field is absent
    };
    struct Check {
        QString error; // empty when the form can be saved
        QString errorField; // the option at fault, when one is
        QString warning; // saved anyway, but worth saying (plain http)
        ChannelConfig config;
        SecretMap secrets;
    };
    // Pure: what Save would store, or what is wrong. Editing: `kept` are the stored values of
    // secret options, used for those the form leaves empty, and `stored` is the channel as it
    // is (its settings that no option stands for stay as they are).
    static Check check(const Form& form, const QStringList& existingNames, const ChannelOptions& kept = {},
        const ChannelConfig* stored = nullptr);
    // "webhook-url" -> "Webhook URL"
    static QString optionLabel(const QString& option);
    // A builder's or a check's message in the form's words: "{--bot-token} is required" and
    // "{bot_token} is required" -> "“Bot token” is required."
    static QString formMessage(const QString& kind, const FieldError& error);

    bool isEditing() const { return m_editing; }
    QComboBox* kindBox() const { return m_kind; }
    QLineEdit* nameEdit() const { return m_name; }
    QCheckBox* enabledBox() const { return m_enabled; }
    QWidget* field(const QString& option) const { return m_fields.value(option); }
    QStringList fieldOptions() const { return m_fields.keys(); }
    QLabel* messageLabel() const { return m_message; }
    QPushButton* saveButton() const { return m_save; }
    QString savedName() const { return m_savedName; }
    // What the save stored (no secret values; secretFields: the ones set), once accepted.
    const ChannelConfig& savedConfig() const { return m_savedConfig; }
    bool storedSecretsRead() const { return m_keptReady; }

Q_SIGNALS:
    void storedSecretsLoaded();

private:
    void buildForm();
    void buildFields();
    Form form() const;
    void validate();
    void save();
    void setMessage(const QString& text, const QColor& color);
    // Outlines the field of the option at fault (none: "") and puts the message on its tooltip.
    void markField(const QString& option, const QString& message);

    EngineHost& m_host;
    bool m_editing = false;
    QStringList m_existing;
    ChannelConfig m_stored; // editing
    ChannelOptions m_kept; // editing: stored secret values, by option
    bool m_keptReady = true;
    QString m_keptError;

    QComboBox* m_kind = nullptr;
    QLabel* m_kindLabel = nullptr;
    QLineEdit* m_name = nullptr;
    QCheckBox* m_enabled = nullptr;
    QFormLayout* m_form = nullptr;
    QLabel* m_usage = nullptr;
    QMap<QString, QWidget*> m_fields;
    QLabel* m_message = nullptr;
    QPushButton* m_save = nullptr;
    bool m_touched = false;
    bool m_saving = false;
    QString m_savedName;
    ChannelConfig m_savedConfig;
};

} // namespace alertdesk
