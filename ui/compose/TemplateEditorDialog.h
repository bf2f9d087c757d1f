// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"
#include "policy/Template.h"

#include <QDialog>
#include <QJsonArray>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;
class QTimer;

namespace alertdesk {

class EngineHost;

// The profile's message templates (policies.templates): one per channel kind and alert type,
// with placeholders for every alert field and data entry. Shows, as you type, what a template
// makes of a sample alert, the alert being composed or one from the history, and what the
// channel kind then receives; a template with an error has the error's place highlighted and
// the preview shows the default text that a send falls back to. Saving validates the whole
// section as `alertdesk-cli policies set` does and stores it in the profile on the engine
// thread (Profile::setPolicies, Profile::save), where the next send picks it up.
class TemplateEditorDialog final : public QDialog {
    Q_OBJECT
public:
    TemplateEditorDialog(EngineHost& host, std::optional<Alert> composed, QWidget* parent = nullptr);
    ~TemplateEditorDialog() override;

    static constexpr int kPreviewDelayMs = 120;

    QListWidget* templateList() const { return m_list; }
    QComboBox* kindCombo() const { return m_kind; }
    QComboBox* typeCombo() const { return m_type; }
    QComboBox* sampleCombo() const { return m_sample; }
    QPlainTextEdit* titleEdit() const { return m_title; }
    QPlainTextEdit* messageEdit() const { return m_message; }
    QLabel* errorLabel() const { return m_error; }
    QLabel* previewTitle() const { return m_previewTitle; }
    QLabel* previewMessage() const { return m_previewMessage; }
    QLabel* previewNote() const { return m_previewNote; }
    QTextBrowser* payloadView() const { return m_payload; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* removeButton() const { return m_remove; }
    QPushButton* saveButton() const;
    bool isLoaded() const { return m_loaded; }
    // The templates as they would be saved (the "templates" array of the policies section).
    QJsonArray templatesJson() const;

Q_SIGNALS:
    void loaded();
    void previewUpdated();
    void saved(const QList<MessageTemplate>& templates);

private:
    struct Entry {
        QString kind = QStringLiteral("*");
        QString type = QStringLiteral("*");
        QString title;
        QString message;
    };
    // The dialog's three columns, made by the constructor: the templates, the one being edited,
    // and the preview (with the alert being composed among its samples when withComposed).
    QWidget* buildList(QWidget* parent);
    QWidget* buildEditor(QWidget* parent);
    QGroupBox* buildPreview(QWidget* parent, bool withComposed);
    void load();
    void addTemplate();
    void removeTemplate();
    void showEntry(int row);
    void storeEntry();
    void refreshListItem(int row);
    void updatePreview();
    void save();
    Alert sampleAlert() const;
    QString entryLabel(const Entry& e) const;

    EngineHost& m_host;
    QList<Entry> m_entries;
    QList<Alert> m_samples;
    int m_current = -1;
    bool m_loaded = false;
    bool m_showing = false; // filling the editors from an entry: no store back
    QListWidget* m_list = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QComboBox* m_kind = nullptr;
    QComboBox* m_type = nullptr;
    QPlainTextEdit* m_title = nullptr;
    QPlainTextEdit* m_message = nullptr;
    QLabel* m_error = nullptr;
    QComboBox* m_sample = nullptr;
    QLabel* m_previewTitle = nullptr;
    QLabel* m_previewMessage = nullptr;
    QLabel* m_previewNote = nullptr;
    QTextBrowser* m_payload = nullptr;
    QLabel* m_status = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QTimer* m_previewTimer = nullptr;
    QWidget* m_editor = nullptr;
};

} // namespace alertdesk
