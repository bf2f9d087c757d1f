#pragma once

#include <QJsonValue>
#include <QWidget>

class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace alertdesk {

class Database;

// Everything about one alert: every field, its data as a tree, and every delivery attempt
// per channel (time, outcome, latency, the platform's error), read from the history.
class AlertDetailsPane final : public QWidget {
    Q_OBJECT
public:
    explicit AlertDetailsPane(QWidget* parent = nullptr);
    ~AlertDetailsPane() override;

    void setDatabase(Database* db) { m_db = db; }
    void showAlert(const QString& alertId); // empty: nothing selected
    void reloadCurrent();
    QString alertId() const { return m_alertId; }

    QTreeWidget* dataTree() const { return m_data; }
    QTreeWidget* deliveriesTree() const { return m_deliveries; }
    QPlainTextEdit* messageView() const { return m_message; }

    // Fills parent (or the tree's top level when parent is null) with value, recursively.
    static void fillJsonTree(QTreeWidget* tree, QTreeWidgetItem* parent, const QString& key, const QJsonValue& value);

private:
    void loadDeliveries();

    Database* m_db = nullptr;
    QString m_alertId;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_heading = nullptr;
    QLabel* m_fields[12] = {};
    QGroupBox* m_messageBox = nullptr;
    QPlainTextEdit* m_message = nullptr;
    QTreeWidget* m_data = nullptr;
    QTreeWidget* m_deliveries = nullptr;
};

} // namespace alertdesk
