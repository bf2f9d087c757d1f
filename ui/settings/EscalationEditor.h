// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "settings/PolicyListEditor.h"

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace alertdesk {

// The profile's escalation policies ("policies.escalation"): a list, and a form for the one
// selected: which alerts it takes (types, priorities), its tiers (after N minutes -> these
// channels) and its reminders (every M minutes, at most K). Each edit is checked at once by
// EscalationPolicy::fromJson, the engine's reader, so messages name the field as the CLI's do.
class EscalationEditor final : public PolicyListEditor {
    Q_OBJECT
public:
    explicit EscalationEditor(QWidget* parent = nullptr);
    ~EscalationEditor() override;

    void setPolicies(const QJsonArray& policies) { setItems(policies); }
    QJsonArray policies() const { return items(); }
    void setChannels(const QStringList& names);

    QCheckBox* typeBox(const QString& type) const; // "RISK"
    QCheckBox* priorityBox(const QString& priority) const;
    QTableWidget* tierTable() const { return m_tiers; }
    QPushButton* addTierButton() const { return m_addTier; }
    QDoubleSpinBox* repeatBox() const { return m_repeat; }
    QSpinBox* remindersBox() const { return m_reminders; }

private:
    void fillForm(const QJsonObject& p) override;
    QJsonObject formJson(QJsonObject p) const override;
    QJsonObject newItem() const override;
    bool checkItem(const QJsonValue& item, const QString& path, FieldError* error) const override;
    QString notice() const override;

    QStringList m_channelNames;
    QList<QCheckBox*> m_types;
    QList<QCheckBox*> m_priorities;
    QTableWidget* m_tiers = nullptr;
    QPushButton* m_addTier = nullptr;
    QPushButton* m_removeTier = nullptr;
    QLabel* m_channelsNote = nullptr;
    QDoubleSpinBox* m_repeat = nullptr;
    QSpinBox* m_reminders = nullptr;
};

} // namespace alertdesk
