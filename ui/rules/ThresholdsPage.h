// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "rules/Rule.h"

#include <QList>
#include <QWidget>
#include <optional>

class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QTimer;

namespace alertdesk {

class EngineHost;
class RuleDialog;

// The trader's threshold rules: the list with their state (enabled, last triggered, expiry),
// add and edit (RuleDialog), delete with confirmation, enable/disable, and a test panel that
// says whether the selected rule would fire for a value typed in, and with which title and
// message, without sending anything or touching the rule (RuleTrial). Every change goes to
// the running engine's RuleService on the engine thread; the page follows the engine's
// rulesChanged, so rules changed from the command line or firing show up too.
class ThresholdsPage final : public QWidget {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        MetricColumn,
        ConditionColumn,
        FrequencyColumn,
        EnabledColumn,
        LastColumn,
        ExpiresColumn,
        ColumnCount
    };

    explicit ThresholdsPage(EngineHost& host, QWidget* parent = nullptr);
    ~ThresholdsPage() override;

    // Reads the rules again (coalesced when asked in a burst).
    void refresh();
    void scheduleRefresh();
    void openAddRule();
    void openEditRule();
    void deleteSelected(); // asks first
    void toggleSelected();
    void selectRule(const QString& name);

    const QList<Rule>& rules() const { return m_rules; }
    const QStringList& channels() const { return m_channels; } // the profile's, for the rule dialog
    QString selectedRule() const;
    bool isLoaded() const { return m_loaded; }
    QTableWidget* table() const { return m_table; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* editButton() const { return m_edit; }
    QPushButton* deleteButton() const { return m_delete; }
    QPushButton* toggleButton() const { return m_toggle; }
    QLabel* statusLabel() const { return m_status; }
    QLineEdit* testValueEdit() const { return m_testValue; }
    QLineEdit* testPreviousEdit() const { return m_testPrevious; }
    QLabel* testVerdict() const { return m_verdict; }
    QLabel* testExplanation() const { return m_explanation; }
    QLabel* testTitle() const { return m_testTitle; }
    QLabel* testMessage() const { return m_testMessage; }
    QLabel* testStateNote() const { return m_stateNote; }

Q_SIGNALS:
    void rulesLoaded(int count);

private:
    // The page's parts, made by the constructor: what a profile without rules sees, the rules'
    // table, the test panel, and the wiring of buttons, shortcuts and engine events.
    QWidget* buildEmptyPage();
    QTableWidget* buildTable();
    QGroupBox* buildTestPanel();
    void connectActions();
    void setRules(const QList<Rule>& rules, const QStringList& channels, qint64 nowMs);
    void updateButtons();
    void updateTestPanel();
    void runTest();
    void setStatus(const QString& text, bool error);
    std::optional<Rule> currentRule() const;

    EngineHost& m_host;
    QList<Rule> m_rules;
    QStringList m_channels;
    qint64 m_nowMs = 0;
    bool m_loaded = false;
    bool m_filling = false;
    QString m_pendingSelection;
    QTimer* m_refreshTimer = nullptr;
    QStackedWidget* m_stack = nullptr;
    QTableWidget* m_table = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_emptyAdd = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_delete = nullptr;
    QPushButton* m_toggle = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_testRule = nullptr;
    QLineEdit* m_testValue = nullptr;
    QLabel* m_testPreviousLabel = nullptr;
    QLineEdit* m_testPrevious = nullptr;
    QLabel* m_verdict = nullptr;
    QLabel* m_explanation = nullptr;
    QLabel* m_testTitle = nullptr;
    QLabel* m_testMessage = nullptr;
    QLabel* m_stateNote = nullptr;
    QWidget* m_testPanel = nullptr;
};

} // namespace alertdesk
