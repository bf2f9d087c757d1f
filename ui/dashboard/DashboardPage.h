// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "app/EngineHost.h"
#include "storage/DashboardQuery.h"
#include "storage/HistoryQuery.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QWidget>

class QAbstractButton;
class QButtonGroup;
class QLabel;
class QPushButton;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace alertdesk {

class Database;
class HourlyChart;

// The history at a glance for today, the last 7 or the last 30 days: open alerts by priority,
// alerts raised over time, deliveries per channel with their success rate and latency, the
// mean time to acknowledge, the noisiest symbols and rules, the channels whose circuit is
// open. Every figure leads to the Alerts page with the matching filter (filterRequested).
// Reads the hourly counts of core/storage's DashboardQuery through the window's read-only
// connection: a few thousand rows at most, whatever the history's length.
class DashboardPage final : public QWidget {
    Q_OBJECT
public:
    enum Range { Today, Week, Month };

    explicit DashboardPage(QWidget* parent = nullptr);
    ~DashboardPage() override;

    // The GUI's read-only connection; may be null. Read when shown.
    void setDatabase(Database* db);
    // The channels as the engine last reported them: their circuits.
    void setChannels(const QList<ChannelStatus>& channels);
    void setRange(Range range);
    Range range() const { return m_range; }
    // Re-reads the figures now (a range chosen; also each time the page is shown).
    void refresh();
    // Re-reads them soon: at most every 2 s while the history keeps changing (a storm), so the
    // window's event loop stays free between the reads.
    void scheduleRefresh();

    // The range's first instant and its end (the end of today), local time.
    QDateTime rangeStart() const;
    QDateTime rangeEnd() const;
    const DashboardData& data() const { return m_data; }

    QAbstractButton* rangeButton(Range range) const;
    QPushButton* priorityTile(Priority p) const;
    HourlyChart* alertsChart() const { return m_alertsChart; }
    HourlyChart* deliveriesChart() const { return m_deliveriesChart; }
    QTreeWidget* channelTable() const { return m_channelTable; }
    QTreeWidget* symbolList() const { return m_symbolList; }
    QTreeWidget* ruleList() const { return m_ruleList; }
    QLabel* summaryLabel() const { return m_summary; }
    QLabel* circuitLabel() const { return m_circuits; }

Q_SIGNALS:
    // The Alerts page, narrowed to what was clicked.
    void filterRequested(const AlertFilter& filter);
    void refreshed(); // the figures on screen are those of the history as just read

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* buildTiles();
    QTreeWidget* buildList(const QString& title, const QString& countHeader);
    void showData(const DashboardData& d);
    void showChannels();
    AlertFilter rangeFilter() const; // the range alone
    void requestBucket(int bucket, int series);
    void requestChannel(const QString& channel);

    Database* m_db = nullptr;
    Range m_range = Today;
    DashboardData m_data;
    QList<ChannelStatus> m_channelStatus;
    QButtonGroup* m_rangeGroup = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_tiles[kPriorityCount] = {};
    HourlyChart* m_alertsChart = nullptr;
    HourlyChart* m_deliveriesChart = nullptr;
    QTreeWidget* m_channelTable = nullptr;
    QTreeWidget* m_symbolList = nullptr;
    QTreeWidget* m_ruleList = nullptr;
    QLabel* m_circuits = nullptr;
    QTimer* m_refreshTimer = nullptr;
    QElapsedTimer m_lastRefresh;
};

} // namespace alertdesk
