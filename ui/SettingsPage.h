#pragma once

#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QPushButton;

namespace alertdesk {

class EngineHost;

// The delivery.* settings (retries, delays, parallel or sequential, fail-fast, timeouts,
// concurrency, circuit breaker), one widget per setting of settingSpecs(); Apply stores them
// in the profile and hands them to the dispatcher.
class SettingsPage final : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPage(EngineHost& host, QWidget* parent = nullptr);
    ~SettingsPage() override;

    void setReadOnly(bool readOnly);
    void load(); // asks the engine for the stored values
    void apply();

    QWidget* editor(const QString& key) const { return m_editors.value(key); }
    QPushButton* applyButton() const { return m_apply; }

private:
    QHash<QString, QString> values() const;
    void setValues(const QJsonObject& values);
    void updateButtons();

    EngineHost& m_host;
    QHash<QString, QWidget*> m_editors;
    QJsonObject m_stored;
    QLabel* m_status = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_revert = nullptr;
    bool m_readOnly = false;
    bool m_loading = false;
};

} // namespace alertdesk
