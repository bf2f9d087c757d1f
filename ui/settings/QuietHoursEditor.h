// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "settings/PolicyListEditor.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QListWidget;

namespace alertdesk {

// The profile's quiet hours ("policies.quiet_hours"): a list of mute timings and a form for
// the one selected. The form edits a timing's first time interval (others, written by hand or
// by the CLI, are kept). Every edit is checked at once by MuteTiming::fromJson, the reader
// the engine uses, so the message names the field as `alertdesk-cli policies check` would.
class QuietHoursEditor final : public PolicyListEditor {
    Q_OBJECT
public:
    explicit QuietHoursEditor(QWidget* parent = nullptr);
    ~QuietHoursEditor() override;

    void setTimings(const QJsonArray& timings) { setItems(timings); }
    QJsonArray timings() const { return items(); }
    // The channels a timing can name (besides every channel).
    void setChannels(const QStringList& names);

    // For tests and keyboard users: the form's fields.
    QLineEdit* timesEdit() const { return m_times; }
    QCheckBox* weekdayBox(int dayOfWeek) const; // 1 Monday .. 7 Sunday
    QLineEdit* daysEdit() const { return m_days; }
    QLineEdit* monthsEdit() const { return m_months; }
    QComboBox* zoneBox() const { return m_zone; }
    QListWidget* channelList() const { return m_channels; }
    QCheckBox* criticalBox() const { return m_critical; }
    QComboBox* heldBox() const { return m_held; }

private:
    void fillForm(const QJsonObject& t) override;
    QJsonObject formJson(QJsonObject t) const override;
    QJsonObject newItem() const override;
    bool checkItem(const QJsonValue& item, const QString& path, FieldError* error) const override;
    void itemsReplaced() override;

    QListWidget* m_channels = nullptr;
    QComboBox* m_zone = nullptr;
    QLineEdit* m_times = nullptr;
    QList<QCheckBox*> m_weekdays;
    QLineEdit* m_days = nullptr;
    QLineEdit* m_months = nullptr;
    QCheckBox* m_critical = nullptr;
    QComboBox* m_held = nullptr;
};

} // namespace alertdesk
