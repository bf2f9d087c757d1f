#pragma once

#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QPushButton;

namespace alertdesk {

class EngineHost;

// Every setting of settingSpecs(), one widget each, grouped by the key's prefix: delivery.*
// (retries, delays, parallel or sequential, fail-fast, timeouts, concurrency, circuit breaker)
// and ui.* (notifications, close to tray, start minimized). Apply stores them in the profile
// and hands the delivery ones to the dispatcher.
class SettingsPage final : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPage(EngineHost& host, QWidget* parent = nullptr);
    ~SettingsPage() override;

    void setReadOnly(bool readOnly);
    // Without a system tray the tray settings get a note saying what happens instead.
    void setTrayAvailable(bool available);
    QLabel* trayNote() const { return m_trayNote; }
    // Asks the engine for the stored values; doneNote, when given, is shown once they are in.
    void load(const QString& doneNote = {});
    void apply();

    QWidget* editor(const QString& key) const { return m_editors.value(key); }
    QPushButton* applyButton() const { return m_apply; }
    QLabel* statusLabel() const { return m_status; }

Q_SIGNALS:
    // The values the profile holds, each time they were (re)read: at load and after Apply.
    void stored(const QJsonObject& values);

private:
    QHash<QString, QString> values() const;
    void setValues(const QJsonObject& values);
    void updateButtons();

    EngineHost& m_host;
    QHash<QString, QWidget*> m_editors;
    QJsonObject m_stored;
    QLabel* m_status = nullptr;
    QLabel* m_trayNote = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_revert = nullptr;
    bool m_readOnly = false;
    bool m_loading = false;
};

} // namespace alertdesk
