// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "widgets/KeyboardHelpers.h"

#include <QDialog>
#include <QFocusEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPointer>
#include <QShortcut>

namespace alertdesk {

namespace {

class EscapeFilter final : public QObject {
public:
    EscapeFilter(QLineEdit* edit, QWidget* next)
        : QObject(edit)
        , m_edit(edit)
        , m_next(next)
    {
    }

    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched != m_edit || (event->type() != QEvent::ShortcutOverride && event->type() != QEvent::KeyPress))
            return false;
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() != Qt::Key_Escape || key->modifiers() != Qt::NoModifier)
            return false;
        if (m_edit->text().isEmpty() && !m_next)
            return false; // nothing to do here: Escape goes on as usual
        if (event->type() == QEvent::ShortcutOverride) {
            event->accept(); // the key comes to the box, not to a shortcut of the window
            return true;
        }
        if (!m_edit->text().isEmpty())
            m_edit->clear();
        else
            m_next->setFocus(Qt::ShortcutFocusReason);
        return true;
    }

private:
    QLineEdit* m_edit = nullptr;
    QPointer<QWidget> m_next;
};

class EntryFocus final : public QObject {
public:
    explicit EntryFocus(QWidget* container)
        : QObject(container)
        , m_container(container)
    {
        setObjectName(QStringLiteral("alertdesk_entryFocus"));
    }

    void setTarget(QWidget* target) { m_target = target; }

    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_container && event->type() == QEvent::FocusIn && m_target && m_target->isVisible()
            && m_target->isEnabled())
            m_target->setFocus(static_cast<QFocusEvent*>(event)->reason());
        return false;
    }

private:
    QWidget* m_container = nullptr;
    QPointer<QWidget> m_target;
};

} // namespace

void KeyboardHelpers::setEntryFocus(QWidget* container, QWidget* target)
{
    auto* entry = container->findChild<EntryFocus*>(QStringLiteral("alertdesk_entryFocus"), Qt::FindDirectChildrenOnly);
    if (!entry) {
        entry = new EntryFocus(container);
        container->installEventFilter(entry);
    }
    entry->setTarget(target);
}

void KeyboardHelpers::clearOnEscape(QLineEdit* edit, QWidget* next)
{
    edit->installEventFilter(new EscapeFilter(edit, next));
}

void KeyboardHelpers::acceptOnCtrlEnter(QDialog* dialog)
{
    for (const QKeySequence& keys :
        { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) }) {
        auto* shortcut = new QShortcut(keys, dialog);
        shortcut->setContext(Qt::WindowShortcut);
        QObject::connect(shortcut, &QShortcut::activated, dialog, &QDialog::accept);
    }
}

} // namespace alertdesk
