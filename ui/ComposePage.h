#pragma once

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace alertdesk {

class EngineHost;
struct ChannelStatus;

// Send an alert by hand: type, priority, title, message, symbol, data (JSON, checked as you
// type) and the channels; with a preview of the JSON a webhook receives.
class ComposePage final : public QWidget {
    Q_OBJECT
public:
    explicit ComposePage(EngineHost& host, QWidget* parent = nullptr);
    ~ComposePage() override;

    void setChannels(const QList<ChannelStatus>& channels);
    void setEnabledForEngine(bool open);

    // The alert in its wire form, or the reason it cannot be sent.
    QJsonObject alertJson(QString* error) const;
    void send();

    QLineEdit* titleEdit() const { return m_title; }
    QPlainTextEdit* dataEdit() const { return m_data; }
    QPushButton* sendButton() const { return m_send; }
    QLabel* messageLabel() const { return m_status; }

Q_SIGNALS:
    void alertSent(const QString& alertId);
    void showAlertRequested(const QString& alertId);

private:
    void validate();
    void setStatus(const QString& text, const QColor& color);

    EngineHost& m_host;
    QComboBox* m_type = nullptr;
    QComboBox* m_priority = nullptr;
    QLineEdit* m_title = nullptr;
    QLineEdit* m_symbol = nullptr;
    QPlainTextEdit* m_message = nullptr;
    QPlainTextEdit* m_data = nullptr;
    QListWidget* m_channels = nullptr;
    QPlainTextEdit* m_preview = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_show = nullptr;
    QString m_lastSent;
    bool m_engineOpen = false;
    bool m_sending = false;
};

} // namespace alertdesk
