// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Alert.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QTextStream>
#include <functional>
#include <memory>
#include <optional>

class QIODevice;

namespace alertdesk {

class Command;
class SecretStore;

// alertdesk-cli, as a library object so tests can drive it without main(). start() runs the
// command; finished(exitCode) is emitted once: 0 success, 1 a delivery or operation failed,
// 2 bad input (the message names the bad argument). Each command is a Command of its own
// (Command.h, Commands.h), in a file of its own.
class Cli final : public QObject {
    Q_OBJECT
public:
    enum ExitCode { Ok = 0, Failed = 1, BadInput = 2 };

    Cli(QTextStream& out, QTextStream& err, QIODevice* in, QObject* parent = nullptr);
    ~Cli() override;

    // Only for tests that must not touch the system keychain.
    void setSecretStore(SecretStore* store) { m_secretStore = store; }
    void start(const QStringList& arguments); // without the program name
    static QString usage();

Q_SIGNALS:
    void finished(int exitCode);

private:
    friend class Command;
    void dispatch(const QString& command, const QStringList& rest);
    void done(int code);
    void fail(int code, const QString& message);

    QTextStream& m_out;
    QTextStream& m_err;
    QIODevice* m_in;
    QString m_profileDir;
    SecretStore* m_secretStore = nullptr;
    std::unique_ptr<Command> m_command; // the one this run executes
    bool m_finished = false;
};

} // namespace alertdesk
