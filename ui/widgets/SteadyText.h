// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QString>

class QAbstractButton;
class QLabel;
class QWidget;

namespace alertdesk {

// Text that changes often (counts during a storm) without re-laying out the window each time.
// A QLabel or a button asks its parent layout to re-run on every new text, and that reaches
// the top-level layout: the whole window is laid out again. A widget of fixed size does not
// ask, so these give the widget a fixed size that only grows (by a few digits at a time).
class SteadyText final {
public:
    static void set(QLabel* label, const QString& text);
    static void set(QAbstractButton* button, const QString& text);

private:
    static void fitFixed(QWidget* w);
};

} // namespace alertdesk
