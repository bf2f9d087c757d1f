// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "settings/EscalationEditor.h"

#include "UiText.h"
#include "model/AlertType.h"
#include "model/Priority.h"
#include "policy/Escalation.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace alertdesk {

EscalationEditor::EscalationEditor(QWidget* parent)
    : PolicyListEditor(QStringLiteral("policies.escalation"), tr("Escalation policies"), tr("e.g. risk-desk"), parent)
{
    QWidget* const page = formWidget();
    QFormLayout* const form = formLayout();

    auto* types = new QHBoxLayout;
    types->setSpacing(10);
    for (const QString& name : alertTypeNames()) {
        auto* box = new QCheckBox(UiText::type(*alertTypeFromString(name)), page);
        box->setProperty("type", name);
        m_types << box;
        types->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &EscalationEditor::formEdited);
    }
    types->addStretch(1);
    auto* typesLabel = new QLabel(tr("Alert types:"), page);
    typesLabel->setBuddy(m_types.first());
    form->addRow(typesLabel, types);

    auto* prios = new QHBoxLayout;
    prios->setSpacing(10);
    for (const QString& p : priorityNames()) {
        auto* box = new QCheckBox(UiText::priority(*priorityFromString(p)), page);
        box->setProperty("priority", p);
        m_priorities << box;
        prios->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &EscalationEditor::formEdited);
    }
    prios->addStretch(1);
    auto* priosLabel = new QLabel(tr("Priorities:"), page);
    priosLabel->setBuddy(m_priorities.first());
    form->addRow(priosLabel, prios);
    auto* matchNote = new QLabel(
        tr("None ticked: every type, every priority. The first policy that fits an alert is its policy."), page);
    matchNote->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(QString(), matchNote);

    m_tiers = new QTableWidget(0, 2, page);
    m_tiers->setHorizontalHeaderLabels({ tr("After (minutes)"), tr("Channels (comma separated)") });
    m_tiers->horizontalHeader()->setStretchLastSection(true);
    m_tiers->horizontalHeader()->resizeSection(0, 140);
    m_tiers->verticalHeader()->hide();
    m_tiers->setMinimumHeight(120);
    m_tiers->setMaximumHeight(160);
    m_tiers->setTabKeyNavigation(false); // Tab leaves the table; arrows move inside it
    m_tiers->setAccessibleName(tr("Tiers"));
    auto* tierBox = new QVBoxLayout;
    tierBox->addWidget(m_tiers);
    auto* tierButtons = new QHBoxLayout;
    m_addTier = new QPushButton(tr("Add t&ier"), page);
    m_removeTier = new QPushButton(tr("Remove tie&r"), page);
    m_channelsNote = new QLabel(page);
    m_channelsNote->setForegroundRole(QPalette::PlaceholderText);
    m_channelsNote->setWordWrap(true);
    tierButtons->setSpacing(6);
    tierButtons->addWidget(m_addTier);
    tierButtons->addWidget(m_removeTier);
    tierButtons->addSpacing(8);
    tierButtons->addWidget(m_channelsNote, 1);
    tierBox->addLayout(tierButtons);
    auto* tiersLabel = new QLabel(tr("Ti&ers:"), page);
    tiersLabel->setBuddy(m_tiers);
    form->addRow(tiersLabel, tierBox);

    auto* repeat = new QHBoxLayout;
    repeat->setSpacing(8);
    m_repeat = new QDoubleSpinBox(page);
    m_repeat->setRange(0, 7 * 24 * 60);
    m_repeat->setDecimals(1);
    m_repeat->setSuffix(tr(" min"));
    m_repeat->setSpecialValueText(tr("no reminders"));
    m_repeat->setMinimumWidth(140);
    m_reminders = new QSpinBox(page);
    m_reminders->setRange(0, 100);
    m_reminders->setMinimumWidth(90);
    auto* upTo = new QLabel(tr("&up to"), page);
    upTo->setBuddy(m_reminders);
    repeat->addWidget(m_repeat);
    repeat->addWidget(upTo);
    repeat->addWidget(m_reminders);
    repeat->addWidget(new QLabel(tr("times"), page));
    repeat->addStretch(1);
    auto* repeatLabel = new QLabel(tr("Re&peat every:"), page);
    repeatLabel->setBuddy(m_repeat);
    form->addRow(repeatLabel, repeat);

    connect(m_tiers, &QTableWidget::itemChanged, this, &EscalationEditor::formEdited);
    connect(m_repeat, &QDoubleSpinBox::valueChanged, this, &EscalationEditor::formEdited);
    connect(m_reminders, &QSpinBox::valueChanged, this, &EscalationEditor::formEdited);
    connect(m_addTier, &QPushButton::clicked, this, [this] {
        const int r = m_tiers->rowCount();
        const double last = r > 0 ? m_tiers->item(r - 1, 0)->text().toDouble() : 0;
        m_filling = true;
        m_tiers->insertRow(r);
        m_tiers->setItem(r, 0, new QTableWidgetItem(QString::number(last + 15)));
        m_tiers->setItem(r, 1, new QTableWidgetItem(m_channelNames.value(0)));
        m_filling = false;
        formEdited();
        m_tiers->setCurrentCell(r, 1);
        m_tiers->setFocus();
    });
    connect(m_removeTier, &QPushButton::clicked, this, [this] {
        if (m_tiers->currentRow() < 0)
            return;
        m_tiers->removeRow(m_tiers->currentRow());
        formEdited();
    });
    finishForm();
}

EscalationEditor::~EscalationEditor() = default;

QJsonObject EscalationEditor::newItem() const
{
    return QJsonObject { { QStringLiteral("name"), tr("escalation-%1").arg(items().size() + 1) },
        { QStringLiteral("tiers"),
            QJsonArray { QJsonObject { { QStringLiteral("after_minutes"), 15 },
                { QStringLiteral("channels"), QJsonArray { m_channelNames.value(0) } } } } } };
}

QCheckBox* EscalationEditor::typeBox(const QString& type) const
{
    for (QCheckBox* b : m_types) {
        if (b->property("type").toString() == type)
            return b;
    }
    return nullptr;
}

QCheckBox* EscalationEditor::priorityBox(const QString& priority) const
{
    for (QCheckBox* b : m_priorities) {
        if (b->property("priority").toString() == priority)
            return b;
    }
    return nullptr;
}

void EscalationEditor::setChannels(const QStringList& names)
{
    m_channelNames = names;
    m_channelsNote->setText(
        names.isEmpty() ? tr("No channel configured yet.") : tr("Channels: %1").arg(names.join(QStringLiteral(", "))));
}

void EscalationEditor::fillForm(const QJsonObject& p)
{
    const QJsonObject match = p.value(QStringLiteral("match")).toObject();
    const QJsonArray types = match.value(QStringLiteral("types")).toArray();
    for (QCheckBox* b : std::as_const(m_types)) {
        bool on = false;
        for (const QJsonValue& t : types)
            on = on || t.toString().compare(b->property("type").toString(), Qt::CaseInsensitive) == 0;
        b->setChecked(on);
    }
    const QJsonArray prios = match.value(QStringLiteral("priorities")).toArray();
    for (QCheckBox* b : std::as_const(m_priorities)) {
        bool on = false;
        for (const QJsonValue& v : prios)
            on = on || v.toString().compare(b->property("priority").toString(), Qt::CaseInsensitive) == 0;
        b->setChecked(on);
    }
    m_tiers->setRowCount(0);
    for (const QJsonValue& t : p.value(QStringLiteral("tiers")).toArray()) {
        const int r = m_tiers->rowCount();
        m_tiers->insertRow(r);
        const QJsonValue after = t.toObject().value(QStringLiteral("after_minutes"));
        m_tiers->setItem(
            r, 0, new QTableWidgetItem(after.isDouble() ? QString::number(after.toDouble()) : after.toString()));
        QStringList channels;
        for (const QJsonValue& c : t.toObject().value(QStringLiteral("channels")).toArray())
            channels << c.toString();
        m_tiers->setItem(r, 1, new QTableWidgetItem(channels.join(QStringLiteral(", "))));
    }
    m_repeat->setValue(p.value(QStringLiteral("repeat_minutes")).toDouble());
    m_reminders->setValue(p.value(QStringLiteral("max_reminders"))
                              .toInt(p.value(QStringLiteral("repeat_minutes")).toDouble() > 0 ? 3 : 0));
}

QJsonObject EscalationEditor::formJson(QJsonObject p) const
{
    QJsonObject match = p.value(QStringLiteral("match")).toObject(); // symbols and tags are kept
    QJsonArray types;
    for (QCheckBox* b : m_types) {
        if (b->isChecked())
            types.append(b->property("type").toString());
    }
    QJsonArray prios;
    for (QCheckBox* b : m_priorities) {
        if (b->isChecked())
            prios.append(b->property("priority").toString());
    }
    if (types.isEmpty())
        match.remove(QStringLiteral("types"));
    else
        match.insert(QStringLiteral("types"), types);
    if (prios.isEmpty())
        match.remove(QStringLiteral("priorities"));
    else
        match.insert(QStringLiteral("priorities"), prios);
    if (match.isEmpty())
        p.remove(QStringLiteral("match"));
    else
        p.insert(QStringLiteral("match"), match);
    QJsonArray tiers;
    for (int r = 0; r < m_tiers->rowCount(); ++r) {
        const QString afterText = m_tiers->item(r, 0) ? m_tiers->item(r, 0)->text().trimmed() : QString();
        bool ok = false;
        const double after = QLocale().toDouble(afterText, &ok);
        const double c = ok ? after : afterText.toDouble(&ok);
        // Not a number: handed on as text, so the reader's message names the field.
        tiers.append(QJsonObject { { QStringLiteral("after_minutes"), ok ? QJsonValue(c) : QJsonValue(afterText) },
            { QStringLiteral("channels"), splitList(m_tiers->item(r, 1) ? m_tiers->item(r, 1)->text() : QString()) } });
    }
    if (tiers.isEmpty())
        p.remove(QStringLiteral("tiers"));
    else
        p.insert(QStringLiteral("tiers"), tiers);
    p.insert(QStringLiteral("repeat_minutes"), m_repeat->value());
    if (m_repeat->value() > 0)
        p.insert(QStringLiteral("max_reminders"), m_reminders->value());
    else
        p.remove(QStringLiteral("max_reminders"));
    return p;
}

bool EscalationEditor::checkItem(const QJsonValue& item, const QString& path, FieldError* error) const
{
    return EscalationPolicy::fromJson(item, path, error).has_value();
}

// A tier naming a channel the profile does not have is allowed (the engine skips it), but said.
QString EscalationEditor::notice() const
{
    if (m_channelNames.isEmpty())
        return {};
    for (const QJsonValue& p : items()) {
        for (const QJsonValue& t : p.toObject().value(QStringLiteral("tiers")).toArray()) {
            for (const QJsonValue& c : t.toObject().value(QStringLiteral("channels")).toArray()) {
                if (!m_channelNames.contains(c.toString()))
                    return tr("Note: there is no channel named %1; that tier would skip it.").arg(c.toString());
            }
        }
    }
    return {};
}

} // namespace alertdesk
