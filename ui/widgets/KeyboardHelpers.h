// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

class QDialog;
class QLineEdit;
class QWidget;

namespace alertdesk {

// Keys the window's fields and dialogs share, so that each behaves the same everywhere.
class KeyboardHelpers final {
public:
    // Escape empties the box (its textChanged tells the page); a second Escape, on the empty
    // box, moves the focus to next (when given), where the results are.
    static void clearOnEscape(QLineEdit* edit, QWidget* next = nullptr);
    // Ctrl+Enter (and Ctrl+Return) accept the dialog from any of its fields, a multi-line note
    // included, where Enter alone starts a new line.
    static void acceptOnCtrlEnter(QDialog* dialog);
    // Focus given to container (a page shown, a pane) goes on to target: the page's main
    // widget. In place of setFocusProxy, which Tab follows too: Qt 6's Tab into a container
    // with a proxy inside jumps to the proxy, past the widgets before it, and Tab out of the
    // container's last child comes back to the proxy, so that the focus never leaves it.
    // Called again, the target changes.
    static void setEntryFocus(QWidget* container, QWidget* target);
};

} // namespace alertdesk
