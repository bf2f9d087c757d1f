#pragma once

#include "model/DeliveryReport.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTimer;

namespace alertdesk {

class ChannelsModel;
class EngineHost;
struct ChannelStatus;

// The channels with their health (from NotificationService::health() on the engine thread),
// a Send test button with the live result, enable/disable, remove, and "Add webhook…".
class ChannelsPage final : public QWidget {
    Q_OBJECT
public:
    explicit ChannelsPage(EngineHost& host, QWidget* parent = nullptr);
    ~ChannelsPage() override;

    void setReadOnly(bool readOnly);
    // Asks the engine for the channels and their health; coalesced when asked often.
    void refresh();
    void scheduleRefresh(int withinMs);
    // Opens "Add webhook…"; returns the dialog (modeless for tests, owned by this page).
    class WebhookDialog* openAddWebhook();
    void selectChannel(const QString& name);
    void sendTest();

    ChannelsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* testButton() const { return m_test; }
    QLabel* testResultLabel() const { return m_testResult; }
    bool showsEmptyState() const;

Q_SIGNALS:
    void channelsLoaded(int count);

private:
    struct TestState {
        bool running = false;
        bool done = false;
        ChannelResult result;
    };
    void onChannels(const QList<ChannelStatus>& channels);
    void updateDetails();
    void showTestState(const QString& channel);
    QString selectedName() const;

    EngineHost& m_host;
    ChannelsModel* m_model = nullptr;
    QStackedWidget* m_stack = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_emptyAdd = nullptr;
    QPushButton* m_test = nullptr;
    QPushButton* m_toggle = nullptr;
    QPushButton* m_remove = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_settings = nullptr;
    QLabel* m_secrets = nullptr;
    QLabel* m_activity = nullptr;
    QLabel* m_lastError = nullptr;
    QLabel* m_testResult = nullptr;
    QTimer* m_refreshTimer = nullptr;
    bool m_readOnly = false;
    bool m_fetching = false;
    bool m_fetchAgain = false;
    bool m_loadedOnce = false;
    QHash<QString, TestState> m_tests;
};

} // namespace alertdesk
