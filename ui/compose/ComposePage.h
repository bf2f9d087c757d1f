// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "config/ChannelConfig.h"
#include "policy/Template.h"

#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;
class QTimer;

namespace alertdesk {

class EngineHost;
struct ChannelStatus;

// Send an alert by hand: type, priority, title, message, symbol, data (JSON, checked as you
// type) and the channels; with a live preview of what each chosen channel receives (the
// profile's templates and the channels' own payload builders, see ChannelPreview), and the
// template editor a click away.
class ComposePage final : public QWidget {
    Q_OBJECT
public:
    explicit ComposePage(EngineHost& host, QWidget* parent = nullptr);
    ~ComposePage() override;

    void setChannels(const QList<ChannelStatus>& channels);
    void setEnabledForEngine(bool open);
    // The profile's message templates, which the preview applies as a send does.
    void setTemplates(const QList<MessageTemplate>& templates);
    // Reads the templates from the engine again (after an edit).
    void reloadTemplates();
    void openTemplateEditor();

    // The alert in its wire form, or the reason it cannot be sent.
    QJsonObject alertJson(QString* error) const;
    void send();

    QComboBox* typeCombo() const { return m_type; }
    QLineEdit* titleEdit() const { return m_title; }
    QPlainTextEdit* dataEdit() const { return m_data; }
    QPushButton* sendButton() const { return m_send; }
    QLabel* messageLabel() const { return m_status; }
    QPlainTextEdit* messageEdit() const { return m_message; }
    QLineEdit* symbolEdit() const { return m_symbol; }
    QListWidget* channelList() const { return m_channels; }
    QTextBrowser* preview() const { return m_preview; }
    QPushButton* templatesButton() const { return m_templatesButton; }
    QPushButton* addChannelButton() const { return m_addChannel; }
    // What the preview shows for a channel (its heading, summary and payload), "" when not shown.
    QString previewFor(const QString& channel) const { return m_previewTexts.value(channel); }
    // Changes since the last preview wait this long (the preview follows typing, not each key).
    static constexpr int kPreviewDelayMs = 150;

Q_SIGNALS:
    void alertSent(const QString& alertId);
    void showAlertRequested(const QString& alertId);
    void addChannelRequested(); // Add a channel…: there is none to send to
    void previewUpdated();

private:
    void validate();
    void formChanged();
    void updatePreview();
    void setStatus(const QString& text, const QColor& color);

    EngineHost& m_host;
    QComboBox* m_type = nullptr;
    QComboBox* m_priority = nullptr;
    QLineEdit* m_title = nullptr;
    QLineEdit* m_symbol = nullptr;
    QPlainTextEdit* m_message = nullptr;
    QPlainTextEdit* m_data = nullptr;
    QListWidget* m_channels = nullptr;
    QTextBrowser* m_preview = nullptr;
    QTimer* m_previewTimer = nullptr;
    QPushButton* m_templatesButton = nullptr;
    QList<ChannelConfig> m_channelConfigs;
    QList<MessageTemplate> m_templates;
    QHash<QString, QString> m_previewTexts;
    QLabel* m_status = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_show = nullptr;
    QPushButton* m_addChannel = nullptr;
    QString m_lastSent;
    bool m_engineOpen = false;
    bool m_sending = false;
    bool m_sentShown = false; // the status line tells about the last send
};

} // namespace alertdesk
