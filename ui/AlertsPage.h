#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTimer;

namespace alertdesk {

class AlertDetailsPane;
class AlertsModel;
class Database;
class WelcomePanel;

// The history: the alerts table (paged, live) with the details of the selected alert beside
// it; the welcome panel instead while the profile has neither channels nor alerts.
class AlertsPage final : public QWidget {
    Q_OBJECT
public:
    explicit AlertsPage(QWidget* parent = nullptr);
    ~AlertsPage() override;

    void setDatabase(Database* db); // the GUI's read-only connection; may be null
    void setHasChannels(bool has);
    void setReadOnly(bool readOnly);
    // Re-reads what may have changed: new alerts, open deliveries, the rows on screen.
    void refresh();
    void markDirty(const QString& alertId);
    void selectAlert(const QString& alertId);

    AlertsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    AlertDetailsPane* details() const { return m_details; }
    WelcomePanel* welcome() const { return m_welcome; }
    bool showsWelcome() const;

Q_SIGNALS:
    void addChannelRequested();
    void channelsRequested();
    void composeRequested();
    void countsChanged(qint64 total, qint64 open);

private:
    void updateStack();
    void updateCounts(bool force);
    void onCurrentChanged();

    Database* m_db = nullptr;
    AlertsModel* m_model = nullptr;
    QStackedWidget* m_stack = nullptr;
    WelcomePanel* m_welcome = nullptr;
    QLabel* m_empty = nullptr;
    QSplitter* m_splitter = nullptr;
    QTableView* m_table = nullptr;
    AlertDetailsPane* m_details = nullptr;
    bool m_detailsDirty = false;
    bool m_hasChannels = true; // until told otherwise: no welcome flashing at start
    qint64 m_total = -1;
    qint64 m_open = -1;
    QElapsedTimer m_countsAge;
    QTimer* m_countsTimer = nullptr; // the deferred count after a throttled one
};

} // namespace alertdesk
