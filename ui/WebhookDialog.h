#pragma once

#include "channels/Channel.h"
#include "config/ChannelConfig.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace alertdesk {

class EngineHost;

// "Add webhook…": name, URL, extra headers and an optional HMAC secret, checked as the user
// types, with a message that says what is wrong; Save stays disabled until the form is valid.
// Saving goes through the engine (secrets to the keychain); the dialog closes only once the
// channel is stored, and shows the reason otherwise.
class WebhookDialog final : public QDialog {
    Q_OBJECT
public:
    WebhookDialog(EngineHost& host, QStringList existingNames, QWidget* parent = nullptr);
    ~WebhookDialog() override;

    struct Form {
        QString name;
        QString url;
        QString headers; // "Name: value" per line
        QString hmacSecret;
        bool enabled = true;
    };
    struct Check {
        QString error;   // empty when the form can be saved
        QString warning; // saved anyway, but worth saying (plain http)
        ChannelConfig config;
        SecretMap secrets;
    };
    // Pure: what Save would store, or what is wrong.
    static Check check(const Form& form, const QStringList& existingNames);

    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* urlEdit() const { return m_url; }
    QPlainTextEdit* headersEdit() const { return m_headers; }
    QLineEdit* secretEdit() const { return m_secret; }
    QCheckBox* enabledBox() const { return m_enabled; }
    QLabel* messageLabel() const { return m_message; }
    QPushButton* saveButton() const { return m_save; }
    QString savedName() const { return m_savedName; }

private:
    Form form() const;
    void validate();
    void save();

    EngineHost& m_host;
    QStringList m_existing;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_url = nullptr;
    QPlainTextEdit* m_headers = nullptr;
    QLineEdit* m_secret = nullptr;
    QCheckBox* m_enabled = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_save = nullptr;
    bool m_touched = false;
    bool m_saving = false;
    QString m_savedName;
};

} // namespace alertdesk
