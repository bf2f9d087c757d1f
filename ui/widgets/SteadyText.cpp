// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "widgets/SteadyText.h"

#include <QAbstractButton>
#include <QLabel>

namespace alertdesk {

void SteadyText::set(QLabel* label, const QString& text)
{
    if (label->text() == text)
        return;
    label->setText(text);
    fitFixed(label);
}

void SteadyText::set(QAbstractButton* button, const QString& text)
{
    if (button->text() == text)
        return;
    button->setText(text);
    fitFixed(button);
}

void SteadyText::fitFixed(QWidget* w)
{
    const QSize hint = w->sizeHint();
    // Room for three more digits: a growing count widens the widget (and lays out the window)
    // once per thousandfold, not at each new digit.
    const int width = hint.width() > w->minimumWidth() || w->minimumWidth() != w->maximumWidth()
        ? hint.width() + w->fontMetrics().horizontalAdvance(QStringLiteral("000"))
        : w->minimumWidth();
    if (width != w->minimumWidth() || width != w->maximumWidth())
        w->setFixedWidth(width);
    if (hint.height() != w->minimumHeight() || hint.height() != w->maximumHeight())
        w->setFixedHeight(hint.height());
}

} // namespace alertdesk
