#pragma once

#include <QJsonArray>
#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace alertdesk {

// The profile's escalation policies ("policies.escalation"): a list, and a form for the one
// selected: which alerts it takes (types, priorities), its tiers (after N minutes -> these
// channels) and its reminders (every M minutes, at most K). Each edit is checked at once by
// EscalationPolicy::fromJson, the engine's reader, so messages name the field as the CLI's do.
class EscalationEditor final : public QWidget {
    Q_OBJECT
public:
    explicit EscalationEditor(QWidget* parent = nullptr);
    ~EscalationEditor() override;

    void setPolicies(const QJsonArray& policies);
    QJsonArray policies() const { return m_items; }
    void setChannels(const QStringList& names);
    QString error() const { return m_error; }
    void setEditable(bool editable);

    QListWidget* list() const { return m_list; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* removeButton() const { return m_remove; }
    QLineEdit* nameEdit() const { return m_name; }
    QCheckBox* typeBox(const QString& type) const; // "RISK"
    QCheckBox* priorityBox(const QString& priority) const;
    QTableWidget* tierTable() const { return m_tiers; }
    QPushButton* addTierButton() const { return m_addTier; }
    QDoubleSpinBox* repeatBox() const { return m_repeat; }
    QSpinBox* remindersBox() const { return m_reminders; }
    QLabel* errorLabel() const { return m_errorLabel; }

Q_SIGNALS:
    void changed();

private:
    void showItem(int row);
    void formEdited();
    void validate();
    QJsonObject formJson() const;

    QJsonArray m_items;
    QString m_error;
    QStringList m_channelNames;
    bool m_filling = false;
    bool m_editable = true;
    QListWidget* m_list = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QWidget* m_form = nullptr;
    QLineEdit* m_name = nullptr;
    QList<QCheckBox*> m_types;
    QList<QCheckBox*> m_priorities;
    QTableWidget* m_tiers = nullptr;
    QPushButton* m_addTier = nullptr;
    QPushButton* m_removeTier = nullptr;
    QLabel* m_channelsNote = nullptr;
    QDoubleSpinBox* m_repeat = nullptr;
    QSpinBox* m_reminders = nullptr;
    QLabel* m_errorLabel = nullptr;
};

} // namespace alertdesk
