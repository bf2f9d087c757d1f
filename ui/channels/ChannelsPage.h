// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/DeliveryReport.h"

#include <QHash>
#include <QMessageBox>
#include <QPointer>
#include <QWidget>

class QGroupBox;
class QHBoxLayout;
class QLabel;
class QLayout;
class QPushButton;
class QShowEvent;
class QStackedWidget;
class QTableView;
class QTimer;

namespace alertdesk {

class AppriseUrlDialog;
class ChannelDialog;
class ChannelsModel;
class Database;
class EngineHost;
class HourlyChart;
struct ChannelConfig;
struct ChannelStatus;

// The channels with their health (from NotificationService::health() on the engine thread);
// for the selected one a health panel (sent, failed, success rate, latency, circuit, last error)
// and its last 24 hours as two small charts (volume, latency), read from the history through
// the window's read-only connection while the page is shown;
// a Send test button with the live result, enable/disable, remove, "Add channel…" and
// "Edit…" (a form per kind), and the importers: "Import .env…" and "Add from Apprise URL…".
class ChannelsPage final : public QWidget {
    Q_OBJECT
public:
    explicit ChannelsPage(EngineHost& host, QWidget* parent = nullptr);
    ~ChannelsPage() override;

    enum Figure { SentFigure, FailedFigure, SuccessFigure, LatencyFigure, CircuitFigure, FigureCount };

    void setReadOnly(bool readOnly);
    // The window's read-only history connection (null: none); the charts read through it.
    void setDatabase(Database* db);
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
    QLabel* figureLabel(Figure f) const { return m_figures[f]; }
    QLabel* lastErrorLabel() const { return m_lastError; }
    HourlyChart* volumeChart() const { return m_volume; }
    HourlyChart* latencyChart() const { return m_latency; }
    // Reads the selected channel's last 24 hours now (when shown); coalesced as deliveries finish.
    void loadHistory();
    void scheduleHistory(int withinMs);
    bool showsEmptyState() const;

Q_SIGNALS:
    void channelsLoaded(int count);
    void historyLoaded(const QString& channel);
    void imported(int exitCode);

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct TestState {
        bool running = false;
        bool done = false;
        ChannelResult result;
    };
    // The page's parts, made by the constructor: what a profile without channels sees, the
    // buttons over the table, the table, the selected channel's health, and the buttons' wiring.
    QWidget* buildEmptyPage();
    QLayout* buildButtonBar(QWidget* list);
    QTableView* buildTable(QWidget* parent);
    QGroupBox* buildDetails(QWidget* parent);
    void connectActions();
    void onChannels(const QList<ChannelStatus>& channels);
    void afterSave(const QString& name);
    void applySaved(const ChannelConfig& config);
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
    QLabel* m_figures[FigureCount] = {};
    QLabel* m_lastError = nullptr;
    QLabel* m_testResult = nullptr;
    QTimer* m_refreshTimer = nullptr;
    QTimer* m_historyTimer = nullptr;
    Database* m_db = nullptr;
    HourlyChart* m_volume = nullptr;
    HourlyChart* m_latency = nullptr;
    QString m_historyChannel; // the channel the charts show
    bool m_historyDirty = true;
    bool m_detailsDirty = true; // the details' texts were not updated while hidden
    bool m_readOnly = false;
    bool m_fetching = false;
    bool m_fetchAgain = false;
    bool m_loadedOnce = false;
    QHash<QString, TestState> m_tests;
};

} // namespace alertdesk
