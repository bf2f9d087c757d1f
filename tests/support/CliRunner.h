// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <memory>

namespace alertdesk::test {

// What one finished (or timed-out) alertdesk-cli command left behind.
struct CliResult {
    QStringList args;
    bool finished = false; // false: still running at the deadline (it was killed)
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;

    bool exitedWith(int code) const { return finished && exitStatus == QProcess::NormalExit && exitCode == code; }
    QJsonDocument json() const; // stdout as one JSON document (null when it is not one)
    QList<QJsonObject> jsonLines() const; // stdout as JSON lines; an unreadable line gives an empty object
    // For failure messages: the command, how it ended, and what it printed.
    QString describe() const;
};

// One alertdesk-cli process. Its output is collected as it arrives; every wait runs the event
// loop with a deadline, so HTTP servers living in the test process keep answering meanwhile.
class CliProcess final {
public:
    CliProcess(const QString& program, const QStringList& args, const QProcessEnvironment& env);
    ~CliProcess(); // kills the process if it still runs

    // Starts it; input (if any) is written to its standard input, which is then closed.
    bool start(const QByteArray& input = {});
    qint64 pid() const { return m_process.processId(); }
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

    bool waitForStderr(const QByteArray& needle, int timeoutMs);
    bool waitForFinished(int timeoutMs);
    void terminate() { m_process.terminate(); } // SIGTERM
    void kill() { m_process.kill(); } // SIGKILL

    CliResult result() const;
    QByteArray out() const { return m_out; }
    QByteArray err() const { return m_err; }

private:
    QProcess m_process;
    QStringList m_args;
    QByteArray m_out;
    QByteArray m_err;
};

// Runs alertdesk-cli commands on one profile folder (--profile is added to every command)
// and keeps what every command printed, so a test can scan all of it.
class CliRunner final {
public:
    CliRunner(QString program, QString profileDir);

    QString profileDir() const { return m_profileDir; }
    QProcessEnvironment& environment() { return m_env; }

    // Runs a command to its end (or the deadline); input goes to its standard input.
    CliResult run(const QStringList& args, const QByteArray& input = {}, int timeoutMs = 20000);
    // Starts a long-running command (run); the caller waits on it and stops it.
    std::unique_ptr<CliProcess> start(const QStringList& args, const QByteArray& input = {});
    // Adds a process's output to the transcript (for processes made with start()).
    void record(const CliProcess& p);

    // channel add webhook NAME --url - (the URL goes through standard input, as a user should
    // give it) [--header H]... [--hmac-secret S].
    CliResult addWebhook(
        const QString& name, const QString& url, const QStringList& headers = {}, const QString& hmacSecret = {});

    // Every byte the commands printed so far, stdout and stderr.
    const QByteArray& transcript() const { return m_transcript; }

private:
    QString m_program;
    QString m_profileDir;
    QProcessEnvironment m_env;
    QByteArray m_transcript;
};

// Every file under dir (the profile's config.json, history.db, -wal, -shm, lock...), as bytes.
QList<QPair<QString, QByteArray>> readFilesUnder(const QString& dir);

} // namespace alertdesk::test
