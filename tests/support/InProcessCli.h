// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace alertdesk {
class SecretStore;
}

namespace alertdesk::test {

struct InProcessRun {
    int code = -1; // -1: the command did not finish in time
    QString out;
    QString err;
};

// Runs one alertdesk-cli command in this process on the profile in profileDir, with the given
// secret store and standard input, and waits (with a deadline) for it to finish.
InProcessRun runCliInProcess(
    const QString& profileDir, SecretStore* secrets, const QStringList& args, const QByteArray& stdinData = {});

} // namespace alertdesk::test
