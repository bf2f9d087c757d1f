// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "SmtpTestServer.h"

#include "TestCertificates.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace alertdesk::test {

SmtpTestServer::Options SmtpTestServer::options(Mode mode, const TestCertificates& certs)
{
    Options o;
    o.mode = mode;
    o.certFile = certs.certFile();
    o.keyFile = certs.keyFile();
    return o;
}

SmtpTestServer::SmtpTestServer(Options options)
    : m_options(std::move(options))
{
}

SmtpTestServer::~SmtpTestServer()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel(); // the server stops when its standard input closes
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString SmtpTestServer::python()
{
    return QStringLiteral(ALERTDESK_PYTHON3);
}

QString SmtpTestServer::supportDir()
{
    return QStringLiteral(ALERTDESK_TEST_SUPPORT_DIR);
}

QString SmtpTestServer::start()
{
    if (!m_dir.isValid())
        return QStringLiteral("no temporary folder");
    QStringList args { supportDir() + QStringLiteral("/smtp_server.py"), QStringLiteral("--dir"), m_dir.path(),
        QStringLiteral("--auth-mechanisms"), m_options.mechanisms };
    switch (m_options.mode) {
    case Mode::Plain:
        break;
    case Mode::StartTls:
        args << QStringLiteral("--starttls");
        break;
    case Mode::ImplicitTls:
        args << QStringLiteral("--implicit-tls");
        break;
    case Mode::RefuseStartTls:
        args << QStringLiteral("--refuse-starttls");
        break;
    }
    if (m_options.mode != Mode::Plain)
        args << QStringLiteral("--cert") << m_options.certFile << QStringLiteral("--key") << m_options.keyFile;
    for (const QString& reply : m_options.failData)
        args << QStringLiteral("--fail-data") << reply;
    if (m_options.echoAuth)
        args << QStringLiteral("--echo-auth");
    m_process.start(python(), args);
    if (!m_process.waitForStarted(10000))
        return QStringLiteral("cannot start %1: %2").arg(python(), m_process.errorString());
    QDeadlineTimer deadline(20000);
    QByteArray out;
    while (!deadline.hasExpired()) {
        if (m_process.canReadLine()
            || m_process.waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())))) {
            out += m_process.readLine();
            if (out.startsWith("PORT ") && out.endsWith('\n')) {
                m_port = static_cast<quint16>(out.mid(5).trimmed().toUInt());
                return m_port ? QString() : QStringLiteral("bad port line '%1'").arg(QString::fromLatin1(out));
            }
        }
        if (m_process.state() == QProcess::NotRunning)
            break;
    }
    return QStringLiteral("smtp_server.py did not start listening: %1")
        .arg(QString::fromLocal8Bit(m_process.readAllStandardError()));
}

QStringList SmtpTestServer::messageFiles() const
{
    QStringList files;
    const QDir dir(m_dir.path());
    for (const QString& f : dir.entryList({ QStringLiteral("msg-*.eml") }, QDir::Files, QDir::Name))
        files << dir.filePath(f);
    return files;
}

QJsonObject SmtpTestServer::envelope(const QString& emlFile) const
{
    QFile f(emlFile.chopped(4) + QStringLiteral(".json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QList<QJsonObject> SmtpTestServer::events() const
{
    QList<QJsonObject> out;
    QFile f(m_dir.filePath(QStringLiteral("events.jsonl")));
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            out << QJsonDocument::fromJson(line).object();
    }
    return out;
}

QList<QJsonObject> SmtpTestServer::events(const QString& kind) const
{
    QList<QJsonObject> out;
    for (const QJsonObject& e : events()) {
        if (e.value(QStringLiteral("event")).toString() == kind)
            out << e;
    }
    return out;
}

QJsonObject SmtpTestServer::parse(const QString& emlFile)
{
    QProcess p;
    p.start(python(), { supportDir() + QStringLiteral("/parse_eml.py"), emlFile });
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return { { QStringLiteral("error"),
            QStringLiteral("parse_eml.py failed: %1 %2")
                .arg(p.errorString(), QString::fromLocal8Bit(p.readAllStandardError())) } };
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(p.readAllStandardOutput(), &pe);
    if (pe.error != QJsonParseError::NoError)
        return { { QStringLiteral("error"), pe.errorString() } };
    return doc.object();
}

} // namespace alertdesk::test
