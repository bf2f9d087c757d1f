// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "config/SecretStore.h"

#include <QCoreApplication>

class QWidget;

namespace alertdesk {

// Says in the window, before the system's own prompt appears over it, why the keychain is
// about to ask for a password (a new keyring, or a locked one). true: go on and store.
class KeychainNotice {
    Q_DECLARE_TR_FUNCTIONS(alertdesk::KeychainNotice)
public:
    static bool confirm(KeychainPrompt prompt, const QString& keyring, QWidget* parent);
};

} // namespace alertdesk
