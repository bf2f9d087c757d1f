// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/AlertEvent.h"

#include <QJsonValue>
#include <QWidget>

class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace alertdesk {

class Database;

// Everything about one alert: every field (with its dedup count and snooze end), its data as
// a tree, every delivery attempt per channel (time, outcome, latency, the platform's error)
// and its lifecycle trail (time, change, source, note), read from the history.
class AlertDetailsPane final : public QWidget {
    Q_OBJECT
public:
    enum Field {
        FId,
        FType,
        FPriority,
        FState,
        FSymbol,
        FStrategy,
        FPosition,
        FCreated,
        FUpdated,
        FDedup,
        FChannels,
        FOccurrences,
        FLastSeen,
        FSnoozedUntil,
        FCount
    };
    explicit AlertDetailsPane(QWidget* parent = nullptr);
    ~AlertDetailsPane() override;

    void setDatabase(Database* db) { m_db = db; }
    void showAlert(const QString& alertId); // empty: nothing selected
    void reloadCurrent();
    QString alertId() const { return m_alertId; }

    QTreeWidget* dataTree() const { return m_data; }
    QToolButton* copyButton() const { return m_copyButton; }
    QTreeWidget* deliveriesTree() const { return m_deliveries; }
    QTreeWidget* eventsTree() const { return m_events; }
    QString fieldText(int field) const; // for tests: the value shown for a Field
    QPlainTextEdit* messageView() const { return m_message; }
    // What the Alertmanager cluster said of colleagues' silences of the alert, one line each
    // ("Silenced on the cluster by ana until ...: note"); empty when nothing.
    QString clusterSilenceText() const;

    // The sentence for a cluster silence event (seen or ended), in the window's language.
    static QString clusterSilenceSentence(const AlertEvent& e);

    // Fills parent (or the tree's top level when parent is null) with value, recursively.
    static void fillJsonTree(QTreeWidget* tree, QTreeWidgetItem* parent, const QString& key, const QJsonValue& value);

private:
    void loadDeliveries();
    void loadEvents();
    void showClusterSilences(const QList<AlertEvent>& events);

    Database* m_db = nullptr;
    QString m_alertId;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_heading = nullptr;
    QToolButton* m_copyButton = nullptr;
    QLabel* m_fields[16] = {};
    QGroupBox* m_messageBox = nullptr;
    QPlainTextEdit* m_message = nullptr;
    QTreeWidget* m_data = nullptr;
    QTreeWidget* m_deliveries = nullptr;
    QTreeWidget* m_events = nullptr;
    QLabel* m_clusterSilences = nullptr; // hidden when the cluster said nothing of silences
};

} // namespace alertdesk
