// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "alerts/SavedFilters.h"

#include "app/EngineHost.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>

namespace alertdesk {

namespace {
const QString kSetting = QStringLiteral("ui.saved_filters");
} // namespace

SavedFilters::SavedFilters(QWidget* parent)
    : QToolButton(parent)
{
    setText(tr("Saved &filters"));
    setToolTip(tr("Save the filters and the search under a name, pick a saved one, delete one"));
    setAccessibleName(tr("Saved filters"));
    setPopupMode(QToolButton::InstantPopup);
    m_menu = new QMenu(this);
    m_menu->setObjectName(QStringLiteral("savedFiltersMenu"));
    setMenu(m_menu);
    rebuildMenu();
}

SavedFilters::~SavedFilters() = default;

void SavedFilters::setEngineHost(EngineHost* host)
{
    if (m_host)
        disconnect(m_host, nullptr, this, nullptr);
    m_host = host;
    if (!host)
        return;
    connect(host, &EngineHost::profileChanged, this, &SavedFilters::reload); // alertdesk-cli, another window
    reload();
}

void SavedFilters::setFilterAccess(std::function<AlertFilter()> current, std::function<void(const AlertFilter&)> show)
{
    m_current = std::move(current);
    m_show = std::move(show);
}

QJsonObject SavedFilters::toJson(const AlertFilter& f)
{
    QJsonObject o;
    if (f.state)
        o.insert(QStringLiteral("state"), alertStateName(*f.state));
    if (f.priority) {
        o.insert(QStringLiteral("priority"), priorityName(*f.priority));
        if (f.priorityAtLeast)
            o.insert(QStringLiteral("priority_at_least"), true);
    }
    if (f.type)
        o.insert(QStringLiteral("type"), alertTypeName(*f.type));
    if (!f.symbol.isEmpty())
        o.insert(QStringLiteral("symbol"), f.symbol);
    if (!f.channel.isEmpty())
        o.insert(QStringLiteral("channel"), f.channel);
    if (!f.search.isEmpty())
        o.insert(QStringLiteral("search"), f.search);
    return o;
}

AlertFilter SavedFilters::fromJson(const QJsonObject& o)
{
    AlertFilter f;
    f.state = alertStateFromString(o.value(QStringLiteral("state")).toString());
    f.priority = priorityFromString(o.value(QStringLiteral("priority")).toString());
    f.priorityAtLeast = f.priority && o.value(QStringLiteral("priority_at_least")).toBool();
    f.type = alertTypeFromString(o.value(QStringLiteral("type")).toString());
    f.symbol = o.value(QStringLiteral("symbol")).toString();
    f.channel = o.value(QStringLiteral("channel")).toString();
    f.search = o.value(QStringLiteral("search")).toString();
    return f;
}

void SavedFilters::reload()
{
    if (!m_host)
        return;
    m_host->fetchSettings(this, [this](const QJsonObject& values) {
        const QJsonObject filters = QJsonDocument::fromJson(values.value(kSetting).toString().toUtf8()).object();
        if (filters == m_filters)
            return;
        m_filters = filters;
        rebuildMenu();
        Q_EMIT changed();
    });
}

void SavedFilters::write(const QJsonObject& filters)
{
    m_filters = filters;
    rebuildMenu();
    if (!m_host)
        return;
    const QString text = QString::fromUtf8(QJsonDocument(filters).toJson(QJsonDocument::Compact));
    m_host->applySettings({ { kSetting, text } }, this, [this](const QString& error) {
        if (!error.isEmpty())
            setToolTip(error); // the profile refused it: say so where the trader looks
        reload(); // what the profile holds now
    });
}

void SavedFilters::save(const QString& name)
{
    const QString n = name.trimmed().left(kNameLimit);
    if (n.isEmpty() || !m_current)
        return;
    QJsonObject filters = m_filters;
    filters.insert(n, toJson(m_current()));
    write(filters);
}

void SavedFilters::remove(const QString& name)
{
    QJsonObject filters = m_filters;
    filters.remove(name);
    write(filters);
}

void SavedFilters::apply(const QString& name)
{
    if (m_show && m_filters.contains(name))
        m_show(fromJson(m_filters.value(name).toObject()));
}

void SavedFilters::openSaveDialog()
{
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("saveFilterDialog"));
    dialog->setWindowTitle(tr("Save the filter"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* form = new QFormLayout(dialog);
    auto* name = new QLineEdit(dialog);
    name->setObjectName(QStringLiteral("name"));
    name->setMaxLength(kNameLimit);
    name->setPlaceholderText(tr("e.g. Open liquidations"));
    form->addRow(tr("&Name:"), name);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    QPushButton* ok = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    ok->setDefault(true);
    ok->setEnabled(false);
    form->addRow(buttons);
    connect(name, &QLineEdit::textChanged, ok, [ok](const QString& t) { ok->setEnabled(!t.trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, name] { save(name->text()); });
    dialog->open();
}

void SavedFilters::rebuildMenu()
{
    m_menu->clear();
    m_menu->addAction(tr("&Save the current filter…"), this, &SavedFilters::openSaveDialog);
    if (m_filters.isEmpty())
        return;
    m_menu->addSeparator();
    for (const QString& name : m_filters.keys())
        m_menu->addAction(name, this, [this, name] { apply(name); });
    m_menu->addSeparator();
    QMenu* remove = m_menu->addMenu(tr("&Delete"));
    remove->setObjectName(QStringLiteral("deleteMenu"));
    for (const QString& name : m_filters.keys())
        remove->addAction(name, this, [this, name] { this->remove(name); });
}

} // namespace alertdesk
