// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QList>
#include <QStringList>

class QWidget;

namespace alertdesk::test {

// A widget as a failure message names it: class, object name, accessible name or text.
QString describeWidget(const QWidget* w);

// What is wrong with the geometry of a shown widget tree, one line per finding (empty when
// nothing is): a visible child reaching outside its parent, two visible widgets of one layout
// overlapping, a widget smaller than its layout's minimum (its content clipped). What lives
// inside a scroll area's viewport may be larger than the viewport: that is what scrolling is for.
QStringList layoutProblems(const QWidget* root);

// The widgets under root that Tab can reach: visible, enabled, taking Tab focus, and not
// handing their focus to another widget (the line edit of a spin box or editable combo).
QList<QWidget*> tabStops(const QWidget* root);

// What pressing Tab (or Shift+Tab) from the focused widget did, until the focus came back to
// where it started or maxSteps keys were pressed.
struct FocusWalk {
    QList<QWidget*> visited; // in order, the start first
    QStringList problems; // a key that left the focus where it was, on a hidden widget, ...
    bool cycled = false; // the focus came back to the start
};
FocusWalk walkFocus(bool forward, int maxSteps);

} // namespace alertdesk::test
