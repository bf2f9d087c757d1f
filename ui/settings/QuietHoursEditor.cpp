// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "settings/QuietHoursEditor.h"

#include "policy/PolicyJson.h"
#include "policy/QuietHours.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QTimeZone>

namespace alertdesk {

namespace {
const char* const kDayKeys[] = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" };

QString joinList(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue& s : v.toArray())
        out << s.toString();
    return out.join(QStringLiteral(", "));
}

// The weekdays a "weekdays" list names, ranges ("monday:friday", cyclic) expanded.
QSet<int> weekdaySet(const QJsonArray& specs)
{
    QSet<int> out;
    const auto index = [](const QString& s) {
        for (int d = 0; d < 7; ++d) {
            if (s.trimmed().compare(QLatin1String(kDayKeys[d]), Qt::CaseInsensitive) == 0)
                return d + 1;
        }
        return 0;
    };
    for (const QJsonValue& v : specs) {
        const QStringList ends = v.toString().split(QLatin1Char(':'));
        const int a = index(ends.value(0));
        const int b = ends.size() > 1 ? index(ends.value(1)) : a;
        if (!a || !b)
            continue;
        for (int d = a;; d = d % 7 + 1) {
            out.insert(d);
            if (d == b)
                break;
        }
    }
    return out;
}
} // namespace

QuietHoursEditor::QuietHoursEditor(QWidget* parent)
    : PolicyListEditor(QStringLiteral("policies.quiet_hours"), tr("Quiet hours"), tr("e.g. nights"), parent)
{
    QWidget* const page = formWidget();
    QFormLayout* const form = formLayout();

    m_times = new QLineEdit(page);
    m_times->setPlaceholderText(tr("e.g. 22:00-07:00, 12:00-13:00 (empty: the whole day)"));
    form->addRow(tr("&Times:"), m_times);

    auto* days = new QHBoxLayout;
    days->setSpacing(10);
    for (int d = 1; d <= 7; ++d) {
        auto* box = new QCheckBox(QLocale().dayName(d, QLocale::ShortFormat), page);
        box->setAccessibleName(QLocale().dayName(d, QLocale::LongFormat));
        m_weekdays << box;
        days->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &QuietHoursEditor::formEdited);
    }
    days->addStretch(1);
    auto* daysLabel = new QLabel(tr("Weekdays:"), page);
    daysLabel->setBuddy(m_weekdays.first());
    daysLabel->setToolTip(tr("None ticked: every day of the week."));
    form->addRow(daysLabel, days);

    m_days = new QLineEdit(page);
    m_days->setPlaceholderText(tr("e.g. 1:7, -1 (the last day); empty: every day"));
    form->addRow(tr("Da&ys of the month:"), m_days);
    m_months = new QLineEdit(page);
    m_months->setPlaceholderText(tr("e.g. december, january:march; empty: every month"));
    form->addRow(tr("M&onths:"), m_months);

    m_zone = new QComboBox(page);
    m_zone->setEditable(true);
    m_zone->setInsertPolicy(QComboBox::NoInsert);
    m_zone->addItem(tr("This computer's time zone"));
    for (const QByteArray& id : QTimeZone::availableTimeZoneIds())
        m_zone->addItem(QString::fromUtf8(id));
    m_zone->completer()->setFilterMode(Qt::MatchContains);
    m_zone->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_zone->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_zone->setMinimumContentsLength(24);
    m_zone->setToolTip(tr("Type part of a name to search, e.g. Berlin or New_York."));
    form->addRow(tr("Time &zone:"), m_zone);

    m_channels = new QListWidget(page);
    m_channels->setAccessibleName(tr("Channels"));
    m_channels->setMaximumHeight(110);
    m_channels->setStyleSheet(QStringLiteral("QListWidget::item { padding: 2px 4px; }"));
    auto* channelsLabel = new QLabel(tr("&Channels:"), page);
    channelsLabel->setBuddy(m_channels);
    form->addRow(channelsLabel, m_channels);
    auto* channelsNote = new QLabel(tr("None ticked: every channel."), page);
    channelsNote->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(QString(), channelsNote);

    m_critical = new QCheckBox(tr("CRITICAL alerts break through"), page);
    form->addRow(QString(), m_critical);
    m_held = new QComboBox(page);
    m_held->addItem(tr("Sent as one digest when the quiet hours end"), QStringLiteral("digest"));
    m_held->addItem(tr("Kept in the history only"), QStringLiteral("history"));
    form->addRow(tr("&Held alerts:"), m_held);

    for (QLineEdit* e : { m_times, m_days, m_months })
        connect(e, &QLineEdit::textEdited, this, &QuietHoursEditor::formEdited);
    connect(m_zone, &QComboBox::currentTextChanged, this, &QuietHoursEditor::formEdited);
    connect(m_critical, &QCheckBox::toggled, this, &QuietHoursEditor::formEdited);
    connect(m_held, &QComboBox::currentIndexChanged, this, &QuietHoursEditor::formEdited);
    connect(m_channels, &QListWidget::itemChanged, this, &QuietHoursEditor::formEdited);
    finishForm();
}

QuietHoursEditor::~QuietHoursEditor() = default;

// A new timing starts as weeknights, something the validator accepts.
QJsonObject QuietHoursEditor::newItem() const
{
    return QJsonObject { { QStringLiteral("name"), tr("quiet-%1").arg(items().size() + 1) },
        { QStringLiteral("time_intervals"),
            QJsonArray { QJsonObject { { QStringLiteral("times"),
                QJsonArray { QJsonObject { { QStringLiteral("start_time"), QStringLiteral("22:00") },
                    { QStringLiteral("end_time"), QStringLiteral("07:00") } } } } } } } };
}

QCheckBox* QuietHoursEditor::weekdayBox(int dayOfWeek) const
{
    return m_weekdays.value(dayOfWeek - 1);
}

void QuietHoursEditor::setChannels(const QStringList& names)
{
    QStringList all = names;
    for (const QJsonValue& t : items()) {
        for (const QJsonValue& c : t.toObject().value(QStringLiteral("channels")).toArray()) {
            if (!all.contains(c.toString()))
                all << c.toString();
        }
    }
    QStringList current;
    for (int i = 0; i < m_channels->count(); ++i)
        current << m_channels->item(i)->text();
    if (current == all)
        return;
    m_filling = true;
    m_channels->clear();
    for (const QString& n : all) {
        auto* item = new QListWidgetItem(n, m_channels);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_filling = false;
    showItem(list()->currentRow());
}

// A timing read in may name a channel the profile no longer has: it is listed too.
void QuietHoursEditor::itemsReplaced()
{
    QStringList channels;
    for (int i = 0; i < m_channels->count(); ++i)
        channels << m_channels->item(i)->text();
    setChannels(channels);
}

void QuietHoursEditor::fillForm(const QJsonObject& t)
{
    const QJsonObject ti = t.value(QStringLiteral("time_intervals")).toArray().first().toObject();
    QStringList times;
    for (const QJsonValue& r : ti.value(QStringLiteral("times")).toArray())
        times << r.toObject().value(QStringLiteral("start_time")).toString() + QLatin1Char('-')
                + r.toObject().value(QStringLiteral("end_time")).toString();
    m_times->setText(times.join(QStringLiteral(", ")));
    const QSet<int> days = weekdaySet(ti.value(QStringLiteral("weekdays")).toArray());
    for (int d = 1; d <= 7; ++d)
        m_weekdays[d - 1]->setChecked(days.contains(d));
    m_days->setText(joinList(ti.value(QStringLiteral("days_of_month"))));
    m_months->setText(joinList(ti.value(QStringLiteral("months"))));
    const QString zone = t.value(QStringLiteral("location")).toString();
    if (zone.isEmpty())
        m_zone->setCurrentIndex(0);
    else
        m_zone->setCurrentText(zone);
    const QJsonArray channels = t.value(QStringLiteral("channels")).toArray();
    for (int i = 0; i < m_channels->count(); ++i)
        m_channels->item(i)->setCheckState(
            channels.contains(m_channels->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    m_critical->setChecked(t.value(QStringLiteral("critical_breaks_through")).toBool(true));
    m_held->setCurrentIndex(t.value(QStringLiteral("held")).toString() == QLatin1String("history") ? 1 : 0);
}

QJsonObject QuietHoursEditor::formJson(QJsonObject t) const
{
    QJsonArray channels;
    for (int i = 0; i < m_channels->count(); ++i) {
        if (m_channels->item(i)->checkState() == Qt::Checked)
            channels.append(m_channels->item(i)->text());
    }
    if (channels.isEmpty())
        t.remove(QStringLiteral("channels"));
    else
        t.insert(QStringLiteral("channels"), channels);
    if (m_zone->currentIndex() == 0 && m_zone->currentText() == m_zone->itemText(0))
        t.remove(QStringLiteral("location"));
    else
        t.insert(QStringLiteral("location"), m_zone->currentText().trimmed());
    t.insert(QStringLiteral("critical_breaks_through"), m_critical->isChecked());
    t.insert(QStringLiteral("held"), m_held->currentData().toString());

    QJsonObject ti;
    QJsonArray times;
    for (const QString& range : m_times->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (range.trimmed().isEmpty())
            continue;
        // "22:00-07:00"; anything else goes to the reader as it is, which names what is wrong.
        const QStringList ends = range.split(QLatin1Char('-'));
        times.append(QJsonObject { { QStringLiteral("start_time"), ends.value(0).trimmed() },
            { QStringLiteral("end_time"), ends.mid(1).join(QLatin1Char('-')).trimmed() } });
    }
    if (!times.isEmpty())
        ti.insert(QStringLiteral("times"), times);
    QJsonArray weekdays;
    for (int d = 0; d < 7; ++d) {
        if (m_weekdays[d]->isChecked())
            weekdays.append(QLatin1String(kDayKeys[d]));
    }
    if (!weekdays.isEmpty())
        ti.insert(QStringLiteral("weekdays"), weekdays);
    if (const QJsonArray d = splitList(m_days->text()); !d.isEmpty())
        ti.insert(QStringLiteral("days_of_month"), d);
    if (const QJsonArray m = splitList(m_months->text()); !m.isEmpty())
        ti.insert(QStringLiteral("months"), m);
    // Years are not in the form: kept from the stored interval.
    const QJsonObject stored = t.value(QStringLiteral("time_intervals")).toArray().first().toObject();
    if (stored.contains(QStringLiteral("years")))
        ti.insert(QStringLiteral("years"), stored.value(QStringLiteral("years")));
    if (ti.isEmpty()) // no times and no days: the whole day, every day
        ti.insert(QStringLiteral("times"),
            QJsonArray { QJsonObject { { QStringLiteral("start_time"), QStringLiteral("00:00") },
                { QStringLiteral("end_time"), QStringLiteral("24:00") } } });
    QJsonArray intervals = t.value(QStringLiteral("time_intervals")).toArray();
    if (intervals.isEmpty())
        intervals.append(ti);
    else
        intervals[0] = ti;
    t.insert(QStringLiteral("time_intervals"), intervals);
    return t;
}

bool QuietHoursEditor::checkItem(const QJsonValue& item, const QString& path, FieldError* error) const
{
    return MuteTiming::fromJson(item, path, error).has_value();
}

} // namespace alertdesk
