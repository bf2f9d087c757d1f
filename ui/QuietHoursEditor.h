#pragma once

#include <QJsonArray>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace alertdesk {

// The profile's quiet hours ("policies.quiet_hours"): a list of mute timings and a form for
// the one selected. The form edits a timing's first time interval (others, written by hand or
// by the CLI, are kept). Every edit is checked at once by MuteTiming::fromJson, the reader
// the engine uses, so the message names the field as `alertdesk-cli policies check` would.
class QuietHoursEditor final : public QWidget {
    Q_OBJECT
public:
    explicit QuietHoursEditor(QWidget* parent = nullptr);
    ~QuietHoursEditor() override;

    void setTimings(const QJsonArray& timings);
    QJsonArray timings() const { return m_items; }
    // The channels a timing can name (besides every channel).
    void setChannels(const QStringList& names);
    // The first error of the list ("policies.quiet_hours[0].time_intervals[0].times[0].start_time: ..."), or "".
    QString error() const { return m_error; }
    void setEditable(bool editable);

    // For tests and keyboard users: the form's fields.
    QListWidget* list() const { return m_list; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* removeButton() const { return m_remove; }
    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* timesEdit() const { return m_times; }
    QCheckBox* weekdayBox(int dayOfWeek) const; // 1 Monday .. 7 Sunday
    QLineEdit* daysEdit() const { return m_days; }
    QLineEdit* monthsEdit() const { return m_months; }
    QComboBox* zoneBox() const { return m_zone; }
    QListWidget* channelList() const { return m_channels; }
    QCheckBox* criticalBox() const { return m_critical; }
    QComboBox* heldBox() const { return m_held; }
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
    bool m_filling = false;
    bool m_editable = true;
    QListWidget* m_list = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QWidget* m_form = nullptr;
    QLineEdit* m_name = nullptr;
    QListWidget* m_channels = nullptr;
    QComboBox* m_zone = nullptr;
    QLineEdit* m_times = nullptr;
    QList<QCheckBox*> m_weekdays;
    QLineEdit* m_days = nullptr;
    QLineEdit* m_months = nullptr;
    QCheckBox* m_critical = nullptr;
    QComboBox* m_held = nullptr;
    QLabel* m_errorLabel = nullptr;
};

} // namespace alertdesk
