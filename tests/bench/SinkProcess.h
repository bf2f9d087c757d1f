// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QHash>
#include <QProcess>
#include <QString>

namespace alertdesk::bench {

struct SinkStats {
    qint64 requests = 0;
    qint64 keys = 0;
    qint64 duplicates = 0;
};

// Runs bench_sink (BenchSink.cpp) as a child process and talks to it over its standard input
// and output. Blocking calls: the benchmark uses them only between measured phases.
class SinkProcess final {
public:
    explicit SinkProcess(QString program);
    ~SinkProcess();
    SinkProcess(const SinkProcess&) = delete;
    SinkProcess& operator=(const SinkProcess&) = delete;

    bool start(QString* error);
    quint16 port() const { return m_port; }
    QString url(const QString& path) const;

    SinkStats stats();
    bool reset();
    // From now on every answer leaves `ms` after its request arrived (0: at once).
    bool setDelayMs(int ms);
    // Idempotency-Key -> first arrival, CLOCK_MONOTONIC microseconds.
    QHash<QString, qint64> arrivals();

private:
    QByteArray command(const QByteArray& cmd);
    QByteArray readLine(int timeoutMs = 10000);

    QString m_program;
    QProcess m_process;
    quint16 m_port = 0;
};

// CLOCK_MONOTONIC in microseconds: the clock bench_sink stamps arrivals with.
qint64 monotonicUs();

} // namespace alertdesk::bench
