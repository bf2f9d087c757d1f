// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "settings/PolicyListEditor.h"

#include "model/Alert.h"
#include "widgets/Theme.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace alertdesk {

PolicyListEditor::PolicyListEditor(
    QString pathKey, const QString& listName, const QString& namePlaceholder, QWidget* parent)
    : QWidget(parent)
    , m_pathKey(std::move(pathKey))
{
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* left = new QVBoxLayout;
    m_list = new QListWidget(this);
    m_list->setAccessibleName(listName);
    m_list->setMaximumWidth(240);
    m_list->setMinimumWidth(180);
    m_list->setStyleSheet(QStringLiteral("QListWidget::item { padding: 4px 6px; }"));
    left->addWidget(m_list, 1);
    auto* buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("A&dd"), this);
    m_remove = new QPushButton(tr("Re&move"), this);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    left->addLayout(buttons);
    outer->addLayout(left);

    m_form = new QWidget(this);
    m_formLayout = new QFormLayout(m_form);
    m_formLayout->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_formLayout->setVerticalSpacing(8);
    m_name = new QLineEdit(m_form);
    m_name->setPlaceholderText(namePlaceholder);
    m_formLayout->addRow(tr("&Name:"), m_name);
}

PolicyListEditor::~PolicyListEditor() = default;

void PolicyListEditor::finishForm()
{
    m_errorLabel = new QLabel(m_form);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(Theme::error().name()));
    m_errorLabel->setAccessibleName(tr("Problem"));
    m_formLayout->addRow(QString(), m_errorLabel);
    m_form->setMaximumWidth(900); // fields no wider than they need on a large screen
    // At the top, at its own height: a tall window gives the space to the list, not the rows.
    auto* outer = static_cast<QHBoxLayout*>(layout());
    auto* right = new QVBoxLayout;
    right->addWidget(m_form);
    right->addStretch(1);
    outer->addLayout(right, 1);
    outer->addStretch(0);

    connect(m_name, &QLineEdit::textEdited, this, &PolicyListEditor::formEdited);
    connect(m_list, &QListWidget::currentRowChanged, this, &PolicyListEditor::showItem);
    connect(m_add, &QPushButton::clicked, this, [this] {
        const QJsonObject fresh = newItem();
        m_items.append(fresh);
        m_list->addItem(fresh.value(QStringLiteral("name")).toString());
        m_list->setCurrentRow(static_cast<int>(m_items.size() - 1));
        validate();
        Q_EMIT changed();
        m_name->setFocus();
        m_name->selectAll();
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = m_list->currentRow();
        if (row < 0)
            return;
        m_items.removeAt(row);
        delete m_list->takeItem(row);
        showItem(m_list->currentRow());
        validate();
        Q_EMIT changed();
    });
    showItem(-1);
}

QJsonArray PolicyListEditor::splitList(const QString& text)
{
    QJsonArray out;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            out.append(part.trimmed());
    }
    return out;
}

void PolicyListEditor::setEditable(bool editable)
{
    m_editable = editable;
    m_add->setEnabled(editable);
    showItem(m_list->currentRow());
}

void PolicyListEditor::setItems(const QJsonArray& items)
{
    m_items = items;
    m_filling = true;
    m_list->clear();
    for (const QJsonValue& item : items)
        m_list->addItem(item.toObject().value(QStringLiteral("name")).toString());
    m_filling = false;
    itemsReplaced();
    m_list->setCurrentRow(m_items.isEmpty() ? -1 : 0);
    showItem(m_list->currentRow());
    validate();
}

void PolicyListEditor::showItem(int row)
{
    const bool has = row >= 0 && row < m_items.size();
    m_form->setEnabled(has && m_editable);
    m_remove->setEnabled(has && m_editable);
    m_filling = true;
    const QJsonObject item = has ? m_items.at(row).toObject() : QJsonObject();
    m_name->setText(item.value(QStringLiteral("name")).toString());
    fillForm(item);
    m_filling = false;
    validate();
}

void PolicyListEditor::formEdited()
{
    const int row = m_list->currentRow();
    if (m_filling || row < 0 || row >= m_items.size())
        return;
    QJsonObject stored = m_items.at(row).toObject(); // keeps what the form does not show
    stored.insert(QStringLiteral("name"), m_name->text().trimmed());
    const QJsonObject item = formJson(stored);
    m_items[row] = item;
    m_list->item(row)->setText(item.value(QStringLiteral("name")).toString());
    validate();
    Q_EMIT changed();
}

void PolicyListEditor::validate()
{
    m_error.clear();
    for (qsizetype i = 0; i < m_items.size() && m_error.isEmpty(); ++i) {
        FieldError fe;
        if (!checkItem(m_items.at(i), QStringLiteral("%1[%2]").arg(m_pathKey).arg(i), &fe))
            m_error = fe.toString();
    }
    const QString note = m_error.isEmpty() ? notice() : QString();
    if (!note.isEmpty())
        m_errorLabel->setText(note);
    else
        m_errorLabel->setText(m_error.isEmpty() ? QString() : QStringLiteral("⚠ ") + m_error);
}

} // namespace alertdesk
