// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"

#include "TestProfile.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>

namespace alertdesk::test {

QJsonDocument CliResult::json() const
{
    return QJsonDocument::fromJson(out);
}

QList<QJsonObject> CliResult::jsonLines() const
{
    QList<QJsonObject> lines;
    for (const QByteArray& line : out.split('\n')) {
        if (!line.trimmed().isEmpty())
            lines << QJsonDocument::fromJson(line).object();
    }
    return lines;
}

QString CliResult::describe() const
{
    const QString end = !finished            ? QStringLiteral("did not finish in time")
        : exitStatus == QProcess::NormalExit ? QStringLiteral("exit code %1").arg(exitCode)
                                             : QStringLiteral("crashed");
    return QStringLiteral("alertdesk-cli %1: %2\n--- stdout:\n%3\n--- stderr:\n%4")
        .arg(args.join(QLatin1Char(' ')), end, QString::fromUtf8(out), QString::fromUtf8(err));
}

CliProcess::CliProcess(const QString& program, const QStringList& args, const QProcessEnvironment& env)
    : m_args(args)
{
    m_process.setProgram(program);
    m_process.setArguments(args);
    m_process.setProcessEnvironment(env);
    QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process,
        [this] { m_out += m_process.readAllStandardOutput(); });
    QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
        [this] { m_err += m_process.readAllStandardError(); });
}

CliProcess::~CliProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool CliProcess::start(const QByteArray& input)
{
    m_process.start();
    if (!m_process.waitForStarted(10000))
        return false;
    if (!input.isEmpty())
        m_process.write(input);
    // Closed in every case: a command that reads standard input must never wait on the test.
    m_process.closeWriteChannel();
    return true;
}

bool CliProcess::waitForStderr(const QByteArray& needle, int timeoutMs)
{
    return waitUntil([&] { return m_err.contains(needle) || m_process.state() == QProcess::NotRunning; }, timeoutMs)
        && m_err.contains(needle);
}

bool CliProcess::waitForFinished(int timeoutMs)
{
    const bool done = waitUntil([&] { return m_process.state() == QProcess::NotRunning; }, timeoutMs);
    if (done) {
        // Whatever arrived after the last readyRead.
        m_out += m_process.readAllStandardOutput();
        m_err += m_process.readAllStandardError();
    }
    return done;
}

CliResult CliProcess::result() const
{
    CliResult r;
    r.args = m_args;
    r.finished = m_process.state() == QProcess::NotRunning;
    r.exitCode = m_process.exitCode();
    r.exitStatus = m_process.exitStatus();
    r.out = m_out;
    r.err = m_err;
    return r;
}

CliRunner::CliRunner(QString program, QString profileDir)
    : m_program(std::move(program))
    , m_profileDir(std::move(profileDir))
    , m_env(QProcessEnvironment::systemEnvironment())
{
}

std::unique_ptr<CliProcess> CliRunner::start(const QStringList& args, const QByteArray& input)
{
    auto p = std::make_unique<CliProcess>(
        m_program, QStringList { QStringLiteral("--profile"), m_profileDir } + args, m_env);
    if (!p->start(input))
        return nullptr;
    return p;
}

CliResult CliRunner::run(const QStringList& args, const QByteArray& input, int timeoutMs)
{
    auto p = start(args, input);
    if (!p) {
        CliResult r;
        r.args = args;
        r.err = "could not start " + m_program.toUtf8();
        return r;
    }
    const bool timedOut = !p->waitForFinished(timeoutMs);
    if (timedOut) {
        p->kill();
        p->waitForFinished(5000);
    }
    record(*p);
    CliResult r = p->result();
    r.finished = !timedOut;
    r.args = args;
    return r;
}

CliResult CliRunner::addWebhook(
    const QString& name, const QString& url, const QStringList& headers, const QString& hmacSecret)
{
    QStringList args { QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("webhook"), name,
        QStringLiteral("--url"), QStringLiteral("-") };
    for (const QString& h : headers)
        args << QStringLiteral("--header") << h;
    if (!hmacSecret.isEmpty())
        args << QStringLiteral("--hmac-secret") << hmacSecret;
    return run(args, url.toUtf8() + '\n');
}

void CliRunner::record(const CliProcess& p)
{
    m_transcript += p.out() + p.err();
}

QList<QPair<QString, QByteArray>> readFilesUnder(const QString& dir)
{
    QList<QPair<QString, QByteArray>> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            files.append({ f.fileName(), f.readAll() });
    }
    return files;
}

} // namespace alertdesk::test
