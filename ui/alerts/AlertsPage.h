// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "alerts/AlertsModel.h"
#include "app/EngineHost.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QWidget>
#include <array>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTimer;
class QVBoxLayout;

namespace alertdesk {

class AlertDetailsPane;
class BulkActionRunner;
class SavedFilters;
class Database;
class WelcomePanel;

// The history: a filter bar and a search field over the alerts table (paged, live), the
// actions on the selected alerts (acknowledge, snooze, resolve: on the engine thread), the
// count of unacknowledged alerts, and the details of the current alert below; the welcome
// panel instead while the profile has neither channels nor alerts.
class AlertsPage final : public QWidget {
    Q_OBJECT
public:
    enum TimeRange { AnyTime, LastHour, LastDay, LastWeek, LastMonth, CustomRange };

    explicit AlertsPage(QWidget* parent = nullptr);
    ~AlertsPage() override;

    void setDatabase(Database* db); // the GUI's read-only connection; may be null
    void setEngineHost(EngineHost* host);
    void setHasChannels(bool has);
    void setReadOnly(bool readOnly);
    // Re-reads what may have changed: new alerts, open deliveries, the rows on screen.
    void refresh();
    void markDirty(const QString& alertId);
    void selectAlert(const QString& alertId);

    // The filter the bar describes right now (the time presets relative to now).
    AlertFilter currentFilter() const;
    // Applies the bar's filter at once (typing applies it after a short pause).
    void applyFilter();
    void clearFilters();
    // Sets a custom time range and applies it.
    void setCustomRange(const QDateTime& from, const QDateTime& to);
    // Sets the bar to filter (another page's "show these alerts") and applies it.
    void showFilter(const AlertFilter& filter);

    // The actions on the selected rows; each applies to the rows where it makes sense.
    void acknowledgeSelected(const QString& note);
    void snoozeSelected(qint64 untilMs, const QString& note = {});
    void resolveSelected(const QString& note = {});
    void reopenSelected(const QString& note = {});
    // Ctrl+A in the table: the actions then apply to every alert the filter matches, loaded
    // or not (the buttons say how many), written in batches (BulkActionRunner).
    void selectAllMatching();
    bool allMatchingSelected() const { return m_allMatching; }
    // End in the table: the oldest alert the filter matches, reading the pages up to it.
    void goToOldest();
    // The same on the given alerts (a notification's Acknowledge and Snooze 1 h), source ui.
    void changeAlerts(
        const QStringList& ids, EngineHost::AlertAction action, qint64 untilMs = 0, const QString& note = {});
    // The dialogs behind "Acknowledge…" and "Snooze > Custom…" (window-modal, not blocking).
    void openAcknowledgeDialog();
    void openSnoozeDialog();
    // 08:00 local time on the day after now.
    static QDateTime tomorrowMorning(const QDateTime& now);

    AlertsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    AlertDetailsPane* details() const { return m_details; }
    WelcomePanel* welcome() const { return m_welcome; }
    QLineEdit* searchField() const { return m_search; }
    QComboBox* stateFilter() const { return m_stateFilter; }
    QComboBox* priorityFilter() const { return m_priorityFilter; }
    QComboBox* typeFilter() const { return m_typeFilter; }
    QComboBox* symbolFilter() const { return m_symbolFilter; }
    QComboBox* channelFilter() const { return m_channelFilter; }
    QComboBox* timeFilter() const { return m_timeFilter; }
    QAction* acknowledgeAction() const { return m_ackAction; }
    QAction* snoozeAction() const { return m_snoozeAction; }
    QAction* resolveAction() const { return m_resolveAction; }
    QAction* reopenAction() const { return m_reopenAction; }
    QPushButton* reopenButton() const { return m_reopenButton; }
    BulkActionRunner* bulkRunner() const { return m_bulk; }
    SavedFilters* savedFilters() const { return m_saved; }
    QMenu* snoozeMenu() const { return m_snoozeMenu; }
    QPushButton* acknowledgeButton() const { return m_ackButton; }
    QPushButton* snoozeButton() const { return m_snoozeButton; }
    QPushButton* resolveButton() const { return m_resolveButton; }
    QPushButton* unacknowledgedButton() const { return m_unackButton; }
    QLabel* messageLabel() const { return m_message; }
    bool showsWelcome() const;
    qint64 unacknowledgedCount() const { return m_open; }

Q_SIGNALS:
    void addChannelRequested();
    void channelsRequested();
    void composeRequested();
    void countsChanged(qint64 total, qint64 open);
    // An action's answer from the engine, after the table and the details were re-read.
    void actionFinished(const QStringList& changed, const QStringList& errors);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildBars(QWidget* host, QVBoxLayout* layout);
    void updateStack();
    void updateCounts(bool force);
    void updateFilterChoices();
    void updateActions();
    void onCurrentChanged();
    void onTimeChosen(int index);
    void openRangeDialog();
    QStringList selectedIds(EngineHost::AlertAction action) const;
    int actionCount(EngineHost::AlertAction action) const; // what the action applies to
    void runBulk(EngineHost::AlertAction action, qint64 untilMs, const QString& note);
    void drawPriorityGlyphsOnce() const;
    QList<Alert> selectedAlerts() const; // every selected row, in the table's order
    void runAction(EngineHost::AlertAction action, qint64 untilMs, const QString& note);
    void reportAction(EngineHost::AlertAction action, const QStringList& changed, const QStringList& errors);

    Database* m_db = nullptr;
    EngineHost* m_host = nullptr;
    AlertsModel* m_model = nullptr;
    QStackedWidget* m_stack = nullptr;
    WelcomePanel* m_welcome = nullptr;
    QLabel* m_empty = nullptr;
    QLabel* m_noMatch = nullptr;
    QSplitter* m_splitter = nullptr;
    QTableView* m_table = nullptr;
    AlertDetailsPane* m_details = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_stateFilter = nullptr;
    QComboBox* m_priorityFilter = nullptr;
    QComboBox* m_typeFilter = nullptr;
    QComboBox* m_symbolFilter = nullptr;
    QComboBox* m_channelFilter = nullptr;
    QComboBox* m_timeFilter = nullptr;
    QPushButton* m_clearFilters = nullptr;
    SavedFilters* m_saved = nullptr;
    QAction* m_ackAction = nullptr;
    QAction* m_snoozeAction = nullptr;
    QAction* m_resolveAction = nullptr;
    QAction* m_reopenAction = nullptr;
    QPushButton* m_reopenButton = nullptr;
    BulkActionRunner* m_bulk = nullptr;
    bool m_allMatching = false; // Ctrl+A: every alert the filter matches
    bool m_selectingAll = false;
    std::array<qint64, 4> m_matchCounts {}; // per AlertState, up to m_matchUpTo
    qint64 m_matchUpTo = 0;
    QMenu* m_snoozeMenu = nullptr;
    QPushButton* m_ackButton = nullptr;
    QPushButton* m_snoozeButton = nullptr;
    QPushButton* m_resolveButton = nullptr;
    QPushButton* m_unackButton = nullptr;
    QLabel* m_message = nullptr;
    QTimer* m_filterTimer = nullptr; // typing pauses before the filter applies
    QDateTime m_customFrom;
    QDateTime m_customTo;
    int m_lastTimeIndex = AnyTime;
    int m_pendingActions = 0;
    bool m_detailsDirty = false;
    bool m_hasChannels = true; // until told otherwise: no welcome flashing at start
    qint64 m_total = -1;
    qint64 m_open = -1;
    QElapsedTimer m_countsAge;
    QTimer* m_countsTimer = nullptr; // the deferred count after a throttled one
};

} // namespace alertdesk
