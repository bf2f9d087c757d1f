// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/ScreenFit.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>

#include <algorithm>

namespace alertdesk {

void ScreenFit::clamp(QWidget* window)
{
    const QScreen* screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    // The frame (title bar, borders) is known once the window manager has framed the window;
    // before that, leave it nothing.
    const QSize frame = window->frameGeometry().size() - window->geometry().size();
    const QSize room = (available.size() - frame).expandedTo(QSize(1, 1));
    window->setMinimumSize(window->minimumSize().boundedTo(room));
    window->resize(window->size().boundedTo(room));
    // Back onto the screen when it starts beyond its right or bottom edge.
    QPoint at = window->pos();
    const int maxX = std::max(available.left(), available.right() + 1 - window->width() - frame.width());
    const int maxY = std::max(available.top(), available.bottom() + 1 - window->height() - frame.height());
    at.setX(std::clamp(at.x(), available.left(), maxX));
    at.setY(std::clamp(at.y(), available.top(), maxY));
    if (at != window->pos())
        window->move(at);
}

} // namespace alertdesk
