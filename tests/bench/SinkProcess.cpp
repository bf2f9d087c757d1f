// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "SinkProcess.h"

#include <ctime>

namespace alertdesk::bench {

qint64 monotonicUs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<qint64>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

SinkProcess::SinkProcess(QString program)
    : m_program(std::move(program))
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
}

SinkProcess::~SinkProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.write("quit\n");
        if (!m_process.waitForFinished(3000))
            m_process.kill();
        m_process.waitForFinished(3000);
    }
}

bool SinkProcess::start(QString* error)
{
    m_process.start(m_program, {});
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(m_program, m_process.errorString());
        return false;
    }
    const QByteArray line = readLine();
    if (!line.startsWith("port ")) {
        *error = QStringLiteral("bench_sink did not say its port (%1)").arg(QString::fromUtf8(line));
        return false;
    }
    m_port = static_cast<quint16>(line.mid(5).toUInt());
    return m_port != 0;
}

QString SinkProcess::url(const QString& path) const
{
    return QStringLiteral("http://127.0.0.1:%1/%2").arg(m_port).arg(path);
}

QByteArray SinkProcess::readLine(int timeoutMs)
{
    while (!m_process.canReadLine()) {
        if (!m_process.waitForReadyRead(timeoutMs))
            return {};
    }
    return m_process.readLine().trimmed();
}

QByteArray SinkProcess::command(const QByteArray& cmd)
{
    m_process.write(cmd + '\n');
    m_process.waitForBytesWritten(10000);
    return readLine();
}

SinkStats SinkProcess::stats()
{
    // "requests N keys K duplicates D"
    const QList<QByteArray> parts = command("stats").split(' ');
    SinkStats s;
    if (parts.size() == 6) {
        s.requests = parts[1].toLongLong();
        s.keys = parts[3].toLongLong();
        s.duplicates = parts[5].toLongLong();
    }
    return s;
}

bool SinkProcess::reset()
{
    return command("reset") == "ok";
}

bool SinkProcess::setDelayMs(int ms)
{
    return command("delay " + QByteArray::number(ms)) == "ok";
}

QHash<QString, qint64> SinkProcess::arrivals()
{
    QHash<QString, qint64> out;
    for (QByteArray line = command("dump"); !line.isEmpty() && line != "end"; line = readLine()) {
        const int space = line.indexOf(' ');
        if (space > 0)
            out.insert(QString::fromLatin1(line.left(space)), line.mid(space + 1).toLongLong());
    }
    return out;
}

} // namespace alertdesk::bench
