// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QObject>
#include <QStringList>
#include <memory>
#include <optional>

class QIODevice;
class QJsonValue;
class QNetworkAccessManager;
class QTextStream;

namespace alertdesk {

class Cli;
class CommandArgs;
class Engine;
class SecretStore;

// One alertdesk-cli command (as KeePassXC's src/cli/Command.h): Cli finds it by name, makes it
// and calls execute() with the words after the name; the command finishes the run, now or
// later, with done() or fail(). A command opens the profile's engine only when it needs it.
class Command : public QObject {
public:
    // What every command gets from the Cli that runs it.
    struct Context {
        QTextStream& out;
        QTextStream& err;
        QIODevice* in = nullptr;
        QString profileDir; // empty: the default profile
        SecretStore* secrets = nullptr; // null: the system keychain
    };
    Command(Cli& cli, const Context& context);
    ~Command() override;

    virtual void execute(const QStringList& arguments) = 0;

    // The command for a name ("channel", "ack", ...), or null when there is none.
    static std::unique_ptr<Command> create(const QString& name, Cli& cli, const Context& context);

protected:
    enum ExitCode { Ok = 0, Failed = 1, BadInput = 2 }; // as Cli::ExitCode

    bool openEngine();
    void done(int code);
    void fail(int code, const QString& message);
    bool isFinished() const;
    void printJson(const QJsonValue& v, bool compact = false);
    // Replaces each "-" value of the option with a line read from standard input.
    bool readSecretFromStdin(CommandArgs& args, const QString& option);
    QNetworkAccessManager& network();
    // --wait-timeout SECONDS (default 120) in milliseconds; nullopt, and the command failed,
    // for anything but a finite number from 0 to a day.
    std::optional<qint64> readWaitTimeoutMs(const CommandArgs& args);
    // The keychain or the disk failing is no fault of the input: Failed, else BadInput.
    static int saveErrorCode(const QString& saveError);

    Cli& m_cli;
    QTextStream& m_out;
    QTextStream& m_err;
    QIODevice* m_in = nullptr;
    QString m_profileDir;
    SecretStore* m_secretStore = nullptr;
    std::unique_ptr<Engine> m_engine;

private:
    QNetworkAccessManager* m_network = nullptr; // child, made on first use
};

} // namespace alertdesk
