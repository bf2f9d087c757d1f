// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QObject>

class QAction;
class QLineEdit;

namespace alertdesk {

// A show/hide eye at the end of a field that takes a secret, as password managers have: a
// webhook URL or a token is masked while typed, and a typo is still found with one click or
// Ctrl+H (the field keeps the focus). The eye is drawn in the field's text colour, so it reads
// in a dark theme as in a light one.
class SecretReveal final : public QObject {
    Q_OBJECT
public:
    // Masks the field and gives it the eye; the returned action is the field's child.
    static QAction* attach(QLineEdit* edit);
};

} // namespace alertdesk
