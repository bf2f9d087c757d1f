// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/KeychainNotice.h"

#include <QMessageBox>
#include <QPushButton>

namespace alertdesk {

bool KeychainNotice::confirm(KeychainPrompt prompt, const QString& keyring, QWidget* parent)
{
    if (prompt == KeychainPrompt::None)
        return true;
    const QString why = tr("AlertDesk keeps secrets (channel tokens, webhook addresses, the API token) in your "
                           "system's keychain, never in a file.");
    const QString what = prompt == KeychainPrompt::NewKeyring
        ? tr("This computer has no keyring yet: your desktop will now ask you to choose a password for a new "
             "one. It protects the secrets kept there; with your login password it opens by itself when you "
             "log in.")
        : tr("The keyring “%1” is locked: your desktop will now ask for its password to unlock it.")
              .arg(keyring.isEmpty() ? tr("Login") : keyring);
    QMessageBox box(
        QMessageBox::Information, tr("Your keychain will ask for a password"), why, QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("keychainNotice"));
    box.setInformativeText(what);
    QPushButton* go = box.addButton(tr("&Continue"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(go);
    box.exec();
    return box.clickedButton() == go;
}

} // namespace alertdesk
