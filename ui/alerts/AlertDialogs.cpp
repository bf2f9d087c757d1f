// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "alerts/AlertDialogs.h"

#include "UiText.h"
#include "widgets/KeyboardHelpers.h"

#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace alertdesk {

void AlertDialogs::acknowledge(
    QWidget* parent, int count, bool allMatching, const std::function<void(const QString& note)>& done)
{
    auto* dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("acknowledgeDialog"));
    dialog->setWindowTitle(count == 1 ? tr("Acknowledge the alert") : tr("Acknowledge %Ln alerts", nullptr, count));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* v = new QVBoxLayout(dialog);
    auto* label = new QLabel(tr("&Note (optional): what you did about it, for the history"), dialog);
    auto* note = new QPlainTextEdit(dialog);
    note->setObjectName(QStringLiteral("note"));
    note->setTabChangesFocus(true);
    note->setMinimumSize(360, 80);
    label->setBuddy(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    buttons->addButton(tr("&Acknowledge"), QDialogButtonBox::AcceptRole)->setDefault(true);
    if (allMatching) {
        auto* all = new QLabel(
            tr("<b>All %Ln alerts that match the filter</b> will be acknowledged, also those not shown yet.", nullptr,
                count),
            dialog);
        all->setObjectName(QStringLiteral("allMatching"));
        v->addWidget(all);
    }
    v->addWidget(label);
    v->addWidget(note, 1);
    v->addWidget(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    KeyboardHelpers::acceptOnCtrlEnter(dialog);
    QObject::connect(dialog, &QDialog::accepted, parent, [note, done] { done(note->toPlainText().trimmed()); });
    dialog->open();
}

void AlertDialogs::snooze(QWidget* parent, const std::function<void(qint64 untilMs, const QString& note)>& done)
{
    auto* dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("snoozeDialog"));
    dialog->setWindowTitle(tr("Snooze until"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* form = new QFormLayout(dialog);
    auto* until = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(3600), dialog);
    until->setObjectName(QStringLiteral("until"));
    until->setCalendarPopup(true);
    until->setDisplayFormat(UiText::dateTimeFormat(false, true));
    until->setMinimumDateTime(QDateTime::currentDateTime());
    auto* note = new QLineEdit(dialog);
    note->setObjectName(QStringLiteral("note"));
    note->setPlaceholderText(tr("optional"));
    form->addRow(tr("&Until:"), until);
    form->addRow(tr("&Note:"), note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    buttons->addButton(tr("S&nooze"), QDialogButtonBox::AcceptRole)->setDefault(true);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    KeyboardHelpers::acceptOnCtrlEnter(dialog);
    QObject::connect(dialog, &QDialog::accepted, parent,
        [until, note, done] { done(until->dateTime().toMSecsSinceEpoch(), note->text().trimmed()); });
    dialog->open();
}

void AlertDialogs::range(QWidget* parent, const QDateTime& fromIn, const QDateTime& toIn,
    const std::function<void(const QDateTime& from, const QDateTime& to)>& chosen,
    const std::function<void()>& cancelled)
{
    auto* dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("rangeDialog"));
    dialog->setWindowTitle(tr("Alerts between two times"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* form = new QFormLayout(dialog);
    auto* from = new QDateTimeEdit(fromIn, dialog);
    auto* to = new QDateTimeEdit(toIn, dialog);
    for (QDateTimeEdit* e : { from, to }) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(UiText::dateTimeFormat(false, true));
    }
    from->setObjectName(QStringLiteral("from"));
    to->setObjectName(QStringLiteral("to"));
    form->addRow(tr("&From:"), from);
    form->addRow(tr("&To:"), to);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    form->addRow(buttons);
    auto check
        = [from, to, buttons] { buttons->button(QDialogButtonBox::Ok)->setEnabled(from->dateTime() < to->dateTime()); };
    QObject::connect(from, &QDateTimeEdit::dateTimeChanged, dialog, check);
    QObject::connect(to, &QDateTimeEdit::dateTimeChanged, dialog, check);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    QObject::connect(
        dialog, &QDialog::accepted, parent, [from, to, chosen] { chosen(from->dateTime(), to->dateTime()); });
    QObject::connect(dialog, &QDialog::rejected, parent, cancelled);
    dialog->open();
}

} // namespace alertdesk
