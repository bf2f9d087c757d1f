#pragma once

#include "model/DeliveryReport.h"

#include <QHash>
#include <QMessageBox>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTimer;

namespace alertdesk {

class AppriseUrlDialog;
class ChannelDialog;
class ChannelsModel;
class EngineHost;
struct ChannelStatus;

// The channels with their health (from NotificationService::health() on the engine thread),
// a Send test button with the live result, enable/disable, remove, "Add channel…" and
// "Edit…" (a form per kind), and the importers: "Import .env…" and "Add from Apprise URL…".
class ChannelsPage final : public QWidget {
    Q_OBJECT
public:
    explicit ChannelsPage(EngineHost& host, QWidget* parent = nullptr);
    ~ChannelsPage() override;

    void setReadOnly(bool readOnly);
    // Asks the engine for the channels and their health; coalesced when asked often.
    void refresh();
    void scheduleRefresh(int withinMs);
    // The dialogs open window-modal without blocking and are owned by this page (tests drive
    // them). kind: the kind selected first (empty: the first, webhook).
    ChannelDialog* openAddChannel(const QString& kind = {});
    ChannelDialog* openEditChannel(const QString& name); // null when there is no such channel
    AppriseUrlDialog* openAddFromUrl();
    // "Import .env…" once the file is chosen: runs on the engine thread, then shows the report.
    void importEnvFile(const QString& path);
    QMessageBox* reportBox() const { return m_report; } // the last import's report, while shown
    void selectChannel(const QString& name);
    void sendTest();

    ChannelsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* editButton() const { return m_edit; }
    QPushButton* importButton() const { return m_import; }
    QPushButton* addFromUrlButton() const { return m_addUrl; }
    QPushButton* testButton() const { return m_test; }
    QLabel* testResultLabel() const { return m_testResult; }
    bool showsEmptyState() const;

Q_SIGNALS:
    void channelsLoaded(int count);
    void imported(int exitCode);

private:
    struct TestState {
        bool running = false;
        bool done = false;
        ChannelResult result;
    };
    void onChannels(const QList<ChannelStatus>& channels);
    void afterSave(const QString& name);
    void chooseEnvFile();
    void showReport(const QString& title, const QString& heading, const QStringList& lines, bool problem);
    void updateDetails();
    void showTestState(const QString& channel);
    QString selectedName() const;

    EngineHost& m_host;
    ChannelsModel* m_model = nullptr;
    QStackedWidget* m_stack = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_emptyAdd = nullptr;
    QPushButton* m_emptyImport = nullptr;
    QPushButton* m_emptyUrl = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_import = nullptr;
    QPushButton* m_addUrl = nullptr;
    QPointer<QMessageBox> m_report;
    bool m_importing = false;
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
